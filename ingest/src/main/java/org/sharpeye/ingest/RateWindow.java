package org.sharpeye.ingest;

/**
 * Frames and bytes per second over a sliding window, from samples of two ever-growing counters taken once a
 * second. Written by one thread (the source's loop), read by any.
 */
final class RateWindow {

    /** A one-second rate would jitter with every keyframe; five seconds spans two GOPs of most cameras. */
    static final int SAMPLES = 6;

    private final long[] nanos = new long[SAMPLES];
    private final long[] frames = new long[SAMPLES];
    private final long[] bytes = new long[SAMPLES];
    private int next;
    private int count;

    synchronized void sample(long nowNanos, long framesIn, long bytesIn) {
        nanos[next] = nowNanos;
        frames[next] = framesIn;
        bytes[next] = bytesIn;
        next = (next + 1) % SAMPLES;
        count = Math.min(SAMPLES, count + 1);
    }

    /** Frames per second over the window; 0 until two samples exist. */
    synchronized double framesPerSecond() {
        return rate(frames);
    }

    /** Bits per second over the window; 0 until two samples exist. */
    synchronized double bitsPerSecond() {
        return rate(bytes) * 8;
    }

    /** Forgets the samples, e.g. when the source stops. */
    synchronized void clear() {
        count = 0;
        next = 0;
    }

    private double rate(long[] values) {
        if (count < 2) {
            return 0;
        }
        int newest = (next - 1 + SAMPLES) % SAMPLES;
        int oldest = (next - count + SAMPLES) % SAMPLES;
        long elapsed = nanos[newest] - nanos[oldest];
        if (elapsed <= 0) {
            return 0;
        }
        return (values[newest] - values[oldest]) * 1e9 / elapsed;
    }
}
