package org.sharpeye.media.rtp;

/**
 * Unwraps the 32-bit RTP timestamp (RFC 3550 5.1) into a continuous 64-bit count of clock ticks and converts it
 * to microseconds. A step of less than half the 32-bit range in either direction is taken as the shortest way
 * round, so both forward wrap at 2^32 and small backward steps (B-frames, jitter) come out right.
 */
public final class RtpTimeline {

    private final int clockRate;
    private boolean started;
    private long lastRaw;
    private long ticks;

    public RtpTimeline(int clockRate) {
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clock rate " + clockRate);
        }
        this.clockRate = clockRate;
    }

    /** The continuous tick count of a raw 32-bit timestamp; the first one starts the count at its own value. */
    public long unwrap(long rawTimestamp) {
        long raw = rawTimestamp & 0xffffffffL;
        if (!started) {
            started = true;
            ticks = raw;
        } else {
            ticks += (int) (raw - lastRaw); // signed 32-bit difference
        }
        lastRaw = raw;
        return ticks;
    }

    /** Ticks to microseconds, without overflow for any realistic stream age. */
    public long micros(long ticks) {
        return Math.floorDiv(ticks, clockRate) * 1_000_000L + Math.floorMod(ticks, clockRate) * 1_000_000L / clockRate;
    }

    public int clockRate() {
        return clockRate;
    }
}
