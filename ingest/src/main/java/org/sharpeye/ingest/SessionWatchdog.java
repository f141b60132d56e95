package org.sharpeye.ingest;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Catches a session that no callback ended: one still not playing long after any connect and handful of
 * requests could have taken, or one that plays but assembles no frame for longer than any sane keyframe interval.
 */
final class SessionWatchdog {

    /** Why the watchdog ends a session. */
    record Verdict(FailureReason reason, String detail) {
    }

    private final long connectingLimitNanos;
    private final long frameGapNanos;

    SessionWatchdog(IngestOptions options) {
        // A connect and a handful of requests, each with its own timeout, twice over.
        this.connectingLimitNanos = options.connectTimeout().plus(options.responseTimeout().multipliedBy(6))
                .multipliedBy(2).toNanos();
        Duration gap = options.stallGap().multipliedBy(3);
        this.frameGapNanos = (gap.compareTo(Duration.ofSeconds(12)) < 0 ? Duration.ofSeconds(12) : gap).toNanos();
    }

    /**
     * The verdict on {@code session} at {@code nowNanos}, or null while it is healthy.
     *
     * @param noFrame the detail prefix of a playing session without frames, e.g. "RTP but no frame for"
     */
    Verdict check(SourceSession session, long nowNanos, String noFrame) {
        if (!session.isPlaying()) {
            if (nowNanos - session.startedNanos() > connectingLimitNanos) {
                return new Verdict(FailureReason.PROTOCOL_ERROR, "no session after "
                        + TimeUnit.NANOSECONDS.toMillis(connectingLimitNanos) + " ms");
            }
        } else if (nowNanos - session.lastFrameNanos() > frameGapNanos) {
            // Media flows (or the protocol would have reported a stall) yet nothing is assembled: e.g. RTP of a
            // payload type other than the SDP's, or a stream that never sends a keyframe.
            return new Verdict(FailureReason.STALLED, noFrame + " "
                    + TimeUnit.NANOSECONDS.toMillis(nowNanos - session.lastFrameNanos()) + " ms");
        }
        return null;
    }
}
