package org.sharpeye.gateway.live;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Durations of the live path, for the benchmark and the node's figures: a lock-free histogram with 1 us steps below
 * 64 us and 64 steps per power of two above (at most 1.6 % error), so recording costs one atomic increment. The
 * gateway keeps two: the time a live frame spends inside SharpEye (from its arrival at ingest,
 * {@code Frame.receivedNanos}, to the write of its bytes to a viewer's socket completing; the GOP-cache frames a
 * new viewer starts with are older by design and not recorded), and a switch's time inside SharpEye (from the
 * request reaching the live handler to the write of the first keyframe completing).
 */
public final class LatencyHistogram {

    private static final int SUB_BUCKETS = 64;
    private static final int MAX_EXPONENT = 40; // 2^41 us, 25 days: beyond it all goes in the last bucket
    private static final int BUCKETS = SUB_BUCKETS * (MAX_EXPONENT - 4);
    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    /** Records one duration. */
    public void record(long nanos) {
        counts.incrementAndGet(bucket(Math.max(0, nanos / 1000)));
    }

    /** Durations recorded since the last {@link #reset()}. */
    public long count() {
        long n = 0;
        for (int i = 0; i < counts.length(); i++) {
            n += counts.get(i);
        }
        return n;
    }

    /** The {@code quantile} (0 to 1) in microseconds (the lower bound of its bucket), or -1 when empty. */
    public long quantileMicros(double quantile) {
        long total = count();
        if (total == 0) {
            return -1;
        }
        long rank = (long) Math.ceil(quantile * total);
        long seen = 0;
        for (int i = 0; i < counts.length(); i++) {
            seen += counts.get(i);
            if (seen >= rank && seen > 0) {
                return lowerBound(i);
            }
        }
        return lowerBound(counts.length() - 1);
    }

    /** Forgets everything recorded (a benchmark's window starts). */
    public void reset() {
        for (int i = 0; i < counts.length(); i++) {
            counts.set(i, 0);
        }
    }

    static int bucket(long micros) {
        if (micros < SUB_BUCKETS) {
            return (int) micros;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(micros); // at least 6
        if (exponent > MAX_EXPONENT) {
            return BUCKETS - 1;
        }
        int sub = (int) (micros >>> (exponent - 6)) & (SUB_BUCKETS - 1);
        return SUB_BUCKETS * (exponent - 5) + sub;
    }

    static long lowerBound(int bucket) {
        if (bucket < SUB_BUCKETS) {
            return bucket;
        }
        int exponent = bucket / SUB_BUCKETS + 5;
        return (long) (SUB_BUCKETS + bucket % SUB_BUCKETS) << (exponent - 6);
    }
}
