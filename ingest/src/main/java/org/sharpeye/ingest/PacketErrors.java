package org.sharpeye.ingest;

import org.sharpeye.media.rtp.DepacketizerOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * The bad packets of one session: which error ends it at once (the camera would go on sending such packets),
 * when a run of errors without a frame between makes it broken, and log lines grouped to one per interval.
 * Not thread-safe: the session's thread.
 */
final class PacketErrors {

    private static final Logger log = LoggerFactory.getLogger(PacketErrors.class);
    /** Malformed packets tolerated in a row (no frame between) before the session counts as broken. */
    static final int MAX_ERRORS_WITHOUT_FRAME = 200;
    private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final String path;
    private int withoutFrame;
    private long sinceLog;
    private long lastLogNanos;

    PacketErrors(String path) {
        this.path = path;
    }

    /** A frame came: the run of errors is over. */
    void frame() {
        withoutFrame = 0;
    }

    /**
     * Counts one error.
     *
     * @return the PROTOCOL_ERROR detail when the session must end, else null
     */
    String error(DepacketizerOutcome outcome, String lastError) {
        String detail = lastError == null ? outcome.toString() : lastError;
        if (outcome == DepacketizerOutcome.UNSUPPORTED || outcome == DepacketizerOutcome.NAL_UNIT_TOO_LARGE
                || outcome == DepacketizerOutcome.ACCESS_UNIT_TOO_LARGE) {
            return detail; // it would go on doing so
        }
        if (++withoutFrame > MAX_ERRORS_WITHOUT_FRAME) {
            return withoutFrame + " bad packets without a frame; last: " + detail;
        }
        sinceLog++;
        long now = System.nanoTime();
        if (now - lastLogNanos > LOG_INTERVAL_NANOS) {
            log.warn("{}: {} bad packet(s) in the last interval; last: {}", path, sinceLog, detail);
            sinceLog = 0;
            lastLogNanos = now;
        }
        return null;
    }
}
