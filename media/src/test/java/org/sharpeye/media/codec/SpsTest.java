package org.sharpeye.media.codec;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** H264Sps, H265Sps and RbspReader on parameter sets from real encoders and on hostile bytes. */
class SpsTest {

    // x264 (Debian ffmpeg 5.1), 640x360 High profile: coded as 640x368 with 8 lines cropped at the bottom.
    static final byte[] X264_SPS = HexFormat.of().parseHex("6764001eacd940a02ff97011000003000100000300320f162d96");
    // x265, 640x360 Main profile with a conformance window.
    static final byte[] X265_SPS = HexFormat.of().parseHex(
            "42010101600000030090000003000003003fa00502016965959a4932bc05a02000000300200000030321");

    @Test
    void readsSizeAndProfileOfAnX264Sps() throws Exception {
        H264Sps sps = H264Sps.parse(X264_SPS);
        assertEquals(640, sps.width());
        assertEquals(360, sps.height());
        assertEquals(100, sps.profileIdc());
        assertEquals(30, sps.levelIdc());
        assertEquals("avc1.64001E", sps.codecString());
    }

    @Test
    void readsSizeAndProfileOfAnX265Sps() throws Exception {
        H265Sps sps = H265Sps.parse(X265_SPS);
        assertEquals(640, sps.width());
        assertEquals(360, sps.height());
        assertEquals(1, sps.profileIdc());
    }

    @Test
    void everyTruncationIsAParseErrorOrTheSameAnswer() throws Exception {
        // The fields we read end before the VUI, so a cut may still hold them all; it must never crash or lie.
        int errors = 0;
        for (int n = 0; n < X264_SPS.length; n++) {
            byte[] cut = java.util.Arrays.copyOf(X264_SPS, n);
            try {
                assertEquals(H264Sps.parse(X264_SPS), H264Sps.parse(cut), "length " + n);
            } catch (BitstreamException e) {
                errors++;
            }
        }
        assertTrue(errors >= 8, "short cuts fail: " + errors);
        errors = 0;
        for (int n = 0; n < X265_SPS.length; n++) {
            byte[] cut = java.util.Arrays.copyOf(X265_SPS, n);
            try {
                assertEquals(H265Sps.parse(X265_SPS), H265Sps.parse(cut), "length " + n);
            } catch (BitstreamException e) {
                errors++;
            }
        }
        assertTrue(errors >= 20, "short cuts fail: " + errors);
    }

    @Test
    void randomBytesEndInAParseErrorOrASaneSize() {
        Random random = new Random(3);
        for (int i = 0; i < 50_000; i++) {
            byte[] b = new byte[random.nextInt(48)];
            random.nextBytes(b);
            if (b.length > 0) {
                b[0] = (byte) (random.nextBoolean() ? 0x67 : 0x42);
            }
            try {
                H264Sps s = H264Sps.parse(b);
                assertSane(s.width(), s.height());
            } catch (BitstreamException expected) {
                // fine
            }
            try {
                H265Sps s = H265Sps.parse(b);
                assertSane(s.width(), s.height());
            } catch (BitstreamException expected) {
                // fine
            }
        }
    }

    @Test
    void expGolombCodes() throws Exception {
        // 1 | 010 | 011 | 00100 | 00101 -> ue 0, 1, 2, 3, 4 ; as se: 0, 1, -1, 2, -2
        byte[] bits = {(byte) 0b1010_0110, (byte) 0b0100_0010, (byte) 0b1000_0000};
        RbspReader r = new RbspReader(bits);
        assertEquals(0, r.ue());
        assertEquals(1, r.ue());
        assertEquals(2, r.ue());
        assertEquals(3, r.ue());
        assertEquals(4, r.ue());
        RbspReader s = new RbspReader(bits);
        assertEquals(0, s.se());
        assertEquals(1, s.se());
        assertEquals(-1, s.se());
        assertEquals(2, s.se());
        assertEquals(-2, s.se());
        assertThrows(BitstreamException.class, () -> new RbspReader(new byte[8]).ue(), "all zeros is no code");
    }

    private static void assertSane(int width, int height) {
        if (width <= 0 || height <= 0 || width > 1 << 20 || height > 1 << 21) {
            throw new AssertionError(width + "x" + height);
        }
    }
}
