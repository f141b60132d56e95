package org.sharpeye.media.codec;

import org.sharpeye.media.Codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The send-time SEI that camsim puts in every access unit, so that latency can be measured from the bytes a
 * viewer receives: a user_data_unregistered SEI message (H.264 D.1.7, H.265 D.2.7, payloadType 5) whose 16-byte
 * UUID is the ASCII text {@code SharpEyeSendTime} and whose 8-byte payload is the send time in microseconds since
 * the Unix epoch, big-endian. Emulation prevention (H.264 7.4.1) is applied to the RBSP.
 */
public final class SeiTimestamp {

    /** The UUID of the message: the 16 ASCII bytes of "SharpEyeSendTime". */
    public static final byte[] UUID = "SharpEyeSendTime".getBytes(StandardCharsets.US_ASCII);

    private static final int USER_DATA_UNREGISTERED = 5;
    private static final int PAYLOAD_SIZE = 16 + 8;

    private SeiTimestamp() {
    }

    /** A complete SEI NAL unit (header included, no start code) carrying {@code micros}. */
    public static byte[] nalUnit(Codec codec, long micros) {
        byte[] rbsp = new byte[2 + PAYLOAD_SIZE + 1];
        rbsp[0] = USER_DATA_UNREGISTERED;
        rbsp[1] = PAYLOAD_SIZE;
        System.arraycopy(UUID, 0, rbsp, 2, 16);
        for (int i = 0; i < 8; i++) {
            rbsp[18 + i] = (byte) (micros >>> (56 - 8 * i));
        }
        rbsp[rbsp.length - 1] = (byte) 0x80; // rbsp_trailing_bits
        byte[] header = codec == Codec.H265
                ? new byte[] {(byte) (NalUnits.H265_PREFIX_SEI << 1), 1}
                : new byte[] {NalUnits.H264_SEI};
        byte[] escaped = escape(rbsp);
        byte[] nal = new byte[header.length + escaped.length];
        System.arraycopy(header, 0, nal, 0, header.length);
        System.arraycopy(escaped, 0, nal, header.length, escaped.length);
        return nal;
    }

    /**
     * Reads the send time from a NAL unit (header included, no start code or length).
     *
     * @return the send time in microseconds, or -1 when the NAL unit is not our send-time SEI
     */
    public static long read(Codec codec, byte[] nal, int offset, int length) {
        int headerSize = codec == Codec.H265 ? 2 : 1;
        if (length < headerSize + 2 + PAYLOAD_SIZE) {
            return -1;
        }
        int type = NalUnits.type(codec, nal[offset]);
        if (type != (codec == Codec.H265 ? NalUnits.H265_PREFIX_SEI : NalUnits.H264_SEI)) {
            return -1;
        }
        byte[] rbsp = unescape(nal, offset + headerSize, length - headerSize);
        if (rbsp.length < 2 + PAYLOAD_SIZE || rbsp[0] != USER_DATA_UNREGISTERED || rbsp[1] != PAYLOAD_SIZE) {
            return -1;
        }
        for (int i = 0; i < 16; i++) {
            if (rbsp[2 + i] != UUID[i]) {
                return -1;
            }
        }
        long micros = 0;
        for (int i = 0; i < 8; i++) {
            micros = (micros << 8) | (rbsp[18 + i] & 0xff);
        }
        return micros;
    }

    /** Inserts emulation_prevention_three_byte where the RBSP has 00 00 followed by 00..03. */
    static byte[] escape(byte[] rbsp) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(rbsp.length + 4);
        int zeros = 0;
        for (byte b : rbsp) {
            if (zeros >= 2 && (b & 0xff) <= 3) {
                out.write(3);
                zeros = 0;
            }
            out.write(b);
            zeros = b == 0 ? zeros + 1 : 0;
        }
        return out.toByteArray();
    }

    /** Removes emulation_prevention_three_byte. */
    public static byte[] unescape(byte[] data, int offset, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(length);
        int zeros = 0;
        for (int i = offset; i < offset + length; i++) {
            byte b = data[i];
            if (zeros >= 2 && b == 3) {
                zeros = 0;
                continue;
            }
            out.write(b);
            zeros = b == 0 ? zeros + 1 : 0;
        }
        return out.toByteArray();
    }
}
