package org.sharpeye.media.rtp;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RtpSequenceTest {

    @Test
    void countsAGapAcrossTheWrapAndRefusesLateAndRepeatedPackets() {
        DepacketizerStats stats = new DepacketizerStats();
        RtpSequence sequence = new RtpSequence(stats);

        assertTrue(sequence.accept(65534));
        assertFalse(sequence.gap());
        assertTrue(sequence.accept(1)); // 65535 and 0 missing
        assertTrue(sequence.gap());
        assertEquals(2, stats.packetsLost());

        assertFalse(sequence.accept(1)); // repeated
        assertFalse(sequence.accept(65535)); // late
        assertTrue(sequence.accept(2));
        assertFalse(sequence.gap());

        assertEquals(5, stats.packets());
        assertEquals(2, stats.duplicates());
        assertEquals(2, stats.packetsLost());
    }
}
