package org.sharpeye.media.codec;

/**
 * Reads bits MSB-first from an RBSP (emulation prevention already removed, see {@link SeiTimestamp#unescape}),
 * with the descriptors of ITU-T H.264 / H.265 7.2: u(n) and the exp-Golomb ue(v) and se(v).
 *
 * <p>Every read is bounds-checked: a truncated or hostile bitstream ends in a {@link BitstreamException}, never an
 * out-of-bounds access or an unbounded loop.
 */
public final class RbspReader {

    private final byte[] data;
    private final long bitLength;
    private long position;

    public RbspReader(byte[] rbsp) {
        this.data = rbsp;
        this.bitLength = 8L * rbsp.length;
    }

    /** Bits not read yet. */
    public long bitsLeft() {
        return bitLength - position;
    }

    /** u(n) for n in 0..32. */
    public long bits(int n) throws BitstreamException {
        if (n < 0 || n > 32) {
            throw new IllegalArgumentException("bits " + n);
        }
        if (n > bitsLeft()) {
            throw new BitstreamException("truncated: needed " + n + " bits at bit " + position);
        }
        long value = 0;
        for (int i = 0; i < n; i++) {
            int b = data[(int) (position >>> 3)] >> (7 - (int) (position & 7)) & 1;
            value = value << 1 | b;
            position++;
        }
        return value;
    }

    /** u(n) for n in 0..31, as an int. */
    public int u(int n) throws BitstreamException {
        if (n > 31) {
            throw new IllegalArgumentException("u(" + n + ") does not fit an int");
        }
        return (int) bits(n);
    }

    public boolean flag() throws BitstreamException {
        return bits(1) == 1;
    }

    public void skip(long n) throws BitstreamException {
        if (n < 0 || n > bitsLeft()) {
            throw new BitstreamException("truncated: cannot skip " + n + " bits at bit " + position);
        }
        position += n;
    }

    /** ue(v), 9.2: limited to 31 leading zeros, which is more than any syntax element of ours needs. */
    public long ue() throws BitstreamException {
        int zeros = 0;
        while (bits(1) == 0) {
            zeros++;
            if (zeros > 31) {
                throw new BitstreamException("exp-Golomb code longer than 32 bits at bit " + position);
            }
        }
        return (1L << zeros) - 1 + bits(zeros);
    }

    /** ue(v) that must lie in {@code [0, max]}, else the bitstream is rejected. */
    public int ue(String name, int max) throws BitstreamException {
        long v = ue();
        if (v > max) {
            throw new BitstreamException(name + " out of range: " + v);
        }
        return (int) v;
    }

    /** se(v), 9.2.2: 1, -1, 2, -2, ... */
    public long se() throws BitstreamException {
        long k = ue();
        return (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
    }
}
