package org.sharpeye.media.codec;

import org.junit.jupiter.api.Test;
import org.sharpeye.media.Codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SeiTimestampTest {

    @Test
    void roundTripsEvenWhenTheTimeNeedsEmulationPrevention() {
        for (Codec codec : new Codec[] {Codec.H264, Codec.H265}) {
            for (long t : new long[] {0L, 1L, 0x0000000100000003L, 1_763_000_000_123_456L, Long.MAX_VALUE}) {
                byte[] nal = SeiTimestamp.nalUnit(codec, t);
                assertEquals(t, SeiTimestamp.read(codec, nal, 0, nal.length), codec + " " + t);
                // A start code must never appear inside the NAL unit.
                assertEquals(1, AnnexB.split(AnnexB.join(java.util.List.of(nal))).size());
            }
        }
    }

    @Test
    void ignoresOtherSei() {
        byte[] other = {NalUnits.H264_SEI, 5, 24, 1, 2, 3};
        assertEquals(-1, SeiTimestamp.read(Codec.H264, other, 0, other.length));
        byte[] slice = {0x65, 1, 2, 3};
        assertEquals(-1, SeiTimestamp.read(Codec.H264, slice, 0, slice.length));
    }

    @Test
    void escapeAndUnescapeAreInverse() {
        byte[] rbsp = {0, 0, 0, 0, 0, 1, 0, 0, 2, 0, 0, 3, 5};
        byte[] escaped = SeiTimestamp.escape(rbsp);
        assertArrayEquals(new byte[] {0, 0, 3, 0, 0, 3, 0, 1, 0, 0, 3, 2, 0, 0, 3, 3, 5}, escaped);
        assertArrayEquals(rbsp, SeiTimestamp.unescape(escaped, 0, escaped.length));
    }

    @Test
    void annexBSplitHandlesThreeAndFourByteStartCodes() {
        byte[] s = {0, 0, 0, 1, 0x67, 1, 2, 0, 0, 1, 0x68, 3, 0, 0, 0, 1, 0x65, 4, 5};
        var units = AnnexB.split(s);
        assertEquals(3, units.size());
        assertArrayEquals(new byte[] {0x67, 1, 2}, units.get(0));
        assertArrayEquals(new byte[] {0x68, 3}, units.get(1));
        assertArrayEquals(new byte[] {0x65, 4, 5}, units.get(2));
    }
}
