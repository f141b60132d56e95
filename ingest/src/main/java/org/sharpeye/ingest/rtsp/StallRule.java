package org.sharpeye.ingest.rtsp;

import java.time.Duration;

/**
 * When a playing session is stalled, and how often to look: no video RTP for longer than the stall gap is a stall,
 * and the check runs every tenth of the gap (between 100 and 500 ms), so a stall is reported at most that period
 * after the gap has passed (5 s gap: between 5.0 and 5.5 s after the last packet).
 */
final class StallRule {

    static final long MIN_CHECK_MILLIS = 100;
    static final long MAX_CHECK_MILLIS = 500;

    private StallRule() {
    }

    /** The period of the stall check for {@code gap}: gap / 10, within 100 .. 500 ms. */
    static long checkPeriodMillis(Duration gap) {
        return Math.max(MIN_CHECK_MILLIS, Math.min(MAX_CHECK_MILLIS, gap.toMillis() / 10));
    }

    /** True when the silence since {@code lastRtpNanos} is longer than {@code gap} at {@code nowNanos}. */
    static boolean stalled(long lastRtpNanos, long nowNanos, Duration gap) {
        return nowNanos - lastRtpNanos > gap.toNanos();
    }
}
