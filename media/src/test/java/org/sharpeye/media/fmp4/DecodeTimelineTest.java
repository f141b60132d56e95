package org.sharpeye.media.fmp4;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecodeTimelineTest {

    @Test
    void timeStartsAtZeroAndAbsorbsASourceRestart() {
        DecodeTimeline t = new DecodeTimeline();
        assertFalse(t.started());
        assertEquals(0, t.ticks(5_000_000));
        assertTrue(t.started());
        assertEquals(3600, t.ticks(5_040_000));
        assertEquals(3600, t.ticks(5_040_000), "the same time maps to the same ticks");
        // the source reconnected and its clock restarted near zero: time goes on one frame later
        assertEquals(7200, t.ticks(1_000));
        assertEquals(10_800, t.ticks(41_000));
        // a jump of a minute forwards is absorbed too
        assertEquals(14_400, t.ticks(60_041_000));
        // a gap just under the bound is real time passing (a camera that skipped frames)
        assertEquals(14_400 + 4_000_000 * 9 / 100, t.ticks(64_041_000));
    }

    @Test
    void ticksAreNinetyKilohertz() {
        assertEquals(90_000, DecodeTimeline.toTicks(1_000_000));
        assertEquals(3003, DecodeTimeline.toTicks(33_366)); // 29.97 fps: 3003 ticks, truncated to whole us
        assertEquals(3003, DecodeTimeline.toTicks(33_367));
        assertEquals(-9, DecodeTimeline.toTicks(-100));
    }
}
