package org.sharpeye.media.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * The Annex B byte stream format of H.264 and H.265 (ITU-T H.264 Annex B, H.265 Annex B): NAL units separated
 * by start codes {@code 00 00 01} or {@code 00 00 00 01}.
 */
public final class AnnexB {

    private AnnexB() {
    }

    /** Splits a byte stream into its NAL units (without start codes); bytes before the first start code are skipped. */
    public static List<byte[]> split(byte[] stream) {
        List<byte[]> units = new ArrayList<>();
        int start = -1;
        int i = 0;
        while (i + 2 < stream.length) {
            if (stream[i] == 0 && stream[i + 1] == 0 && stream[i + 2] == 1) {
                if (start >= 0) {
                    units.add(copy(stream, start, trimZeros(stream, start, i)));
                }
                i += 3;
                start = i;
            } else {
                i++;
            }
        }
        if (start >= 0 && start < stream.length) {
            units.add(copy(stream, start, stream.length));
        }
        return units;
    }

    /** Joins NAL units into a byte stream with 4-byte start codes. */
    public static byte[] join(List<byte[]> units) {
        int size = 0;
        for (byte[] u : units) {
            size += 4 + u.length;
        }
        byte[] out = new byte[size];
        int at = 0;
        for (byte[] u : units) {
            out[at + 3] = 1;
            System.arraycopy(u, 0, out, at + 4, u.length);
            at += 4 + u.length;
        }
        return out;
    }

    private static int trimZeros(byte[] s, int from, int end) {
        // A 4-byte start code leaves a zero before "00 00 01"; trailing_zero_8bits belong to no NAL unit either.
        while (end > from && s[end - 1] == 0) {
            end--;
        }
        return end;
    }

    private static byte[] copy(byte[] s, int from, int to) {
        byte[] out = new byte[to - from];
        System.arraycopy(s, from, out, 0, out.length);
        return out;
    }
}
