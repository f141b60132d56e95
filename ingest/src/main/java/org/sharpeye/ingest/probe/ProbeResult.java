package org.sharpeye.ingest.probe;

import org.sharpeye.ingest.FailureReason;

import java.time.Instant;

/**
 * The outcome of one probe (OPTIONS + DESCRIBE) of an idle camera profile.
 *
 * @param cameraId the camera probed
 * @param profile its profile
 * @param ok true when DESCRIBE answered 200 with an SDP offering H.264 or H.265 video
 * @param reason null when ok; else the same classification as ingest's sessions
 * @param detail "" when ok; else why, redacted (no credentials, no query)
 * @param durationNanos from the connect attempt to the answer (or the failure)
 * @param at wall time the probe ended
 */
public record ProbeResult(String cameraId, String profile, boolean ok, FailureReason reason, String detail,
                          long durationNanos, Instant at) {

    static ProbeResult ok(ProbeTarget target, long durationNanos) {
        return new ProbeResult(target.cameraId(), target.profile(), true, null, "", durationNanos, Instant.now());
    }

    static ProbeResult failed(ProbeTarget target, FailureReason reason, String detail, long durationNanos) {
        return new ProbeResult(target.cameraId(), target.profile(), false, reason, detail, durationNanos,
                Instant.now());
    }
}
