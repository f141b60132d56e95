package org.sharpeye.media.codec;

/**
 * The fields of an MPEG-4 AudioSpecificConfig (ISO/IEC 14496-3 1.6.2.1) that containers need: audio object type,
 * sampling frequency and channel configuration. Bounded reads: a config too short for its fields is refused.
 *
 * @param objectType audioObjectType (2 = AAC LC)
 * @param samplingIndex samplingFrequencyIndex (table 1.18), or 15 when the rate is explicit
 */
public record AudioSpecificConfig(int objectType, int samplingIndex, int sampleRate, int channels) {

    /** Table 1.18, samplingFrequencyIndex 0 to 12. */
    private static final int[] RATES = {96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000,
        11025, 8000, 7350};

    /**
     * Reads the leading fields of {@code asc}.
     *
     * @throws IllegalArgumentException when it is too short, or names a reserved rate or no channels
     */
    public static AudioSpecificConfig parse(byte[] asc) {
        BitReader in = new BitReader(asc);
        int objectType = in.bits(5);
        if (objectType == 31) {
            objectType = 32 + in.bits(6);
        }
        int index = in.bits(4);
        int rate;
        if (index == 15) {
            rate = in.bits(24);
        } else if (index < RATES.length) {
            rate = RATES[index];
        } else {
            throw new IllegalArgumentException("reserved samplingFrequencyIndex " + index);
        }
        int channels = in.bits(4);
        if (channels == 0 || rate == 0) {
            throw new IllegalArgumentException("AudioSpecificConfig without a channel configuration or rate");
        }
        return new AudioSpecificConfig(objectType, index, rate, channels == 7 ? 8 : channels);
    }

    /** The 2-byte AAC-LC config for {@code sampleRate} (one of table 1.18) and 1 to 6 channels. */
    public static byte[] aacLc(int sampleRate, int channels) {
        int index = samplingIndex(sampleRate);
        if (index < 0 || channels < 1 || channels > 6) {
            throw new IllegalArgumentException("no AAC-LC config for " + sampleRate + " Hz, " + channels
                    + " channels");
        }
        int bits = 2 << 11 | index << 7 | channels << 3; // object type, frequency index, channels, GASpecificConfig 0
        return new byte[] {(byte) (bits >> 8), (byte) bits};
    }

    /** The samplingFrequencyIndex of a rate, or -1 when the table has none. */
    public static int samplingIndex(int sampleRate) {
        for (int i = 0; i < RATES.length; i++) {
            if (RATES[i] == sampleRate) {
                return i;
            }
        }
        return -1;
    }

    /** Reads big-endian bit fields; throws IllegalArgumentException past the end. */
    private static final class BitReader {
        private final byte[] data;
        private int bit;

        BitReader(byte[] data) {
            this.data = data;
        }

        int bits(int n) {
            if (bit + n > data.length * 8) {
                throw new IllegalArgumentException("AudioSpecificConfig of " + data.length + " bytes is too short");
            }
            int v = 0;
            for (int i = 0; i < n; i++, bit++) {
                v = v << 1 | (data[bit >>> 3] >>> (7 - (bit & 7)) & 1);
            }
            return v;
        }
    }
}
