package org.sharpeye.registry.health;

import java.time.Instant;
import java.util.Objects;
import org.sharpeye.registry.CameraStatus;

/**
 * One observation of a camera profile ({@code cameraId} + {@code profile}, "main" or "sub"). {@code status} is what
 * the source saw:
 * <ul>
 *   <li>ONLINE from INGEST or PROBE: the profile answers (PLAYING, or DESCRIBE 200); it clears the OFFLINE reason.
 *       ONLINE from PICTURE clears FROZEN and BLACK; ONLINE from RATE clears LOW_FPS and LOW_BITRATE.</li>
 *   <li>OFFLINE with an offline {@code reason}: the profile does not work.</li>
 *   <li>DEGRADED with a degraded {@code reason}: frames flow but are bad (implies the profile answers).</li>
 *   <li>UNKNOWN: the source stopped judging the profile (e.g. ingest went IDLE); the last judgement stands.</li>
 * </ul>
 *
 * @param detail      a human-readable cause, never with credentials; empty when there is nothing to add
 * @param lastFrameAt when the source last saw a frame of this profile, or null when it does not know
 * @param at          when the observation was made
 */
public record HealthObservation(String cameraId, String profile, HealthSource source, CameraStatus status,
        HealthReason reason, String detail, Instant lastFrameAt, Instant at) {

    public HealthObservation {
        Objects.requireNonNull(cameraId, "cameraId");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(at, "at");
        detail = detail == null ? "" : detail;
        if ((status == CameraStatus.OFFLINE || status == CameraStatus.DEGRADED)
                && (reason == null || reason.status() != status)) {
            throw new IllegalArgumentException(status + " needs a reason of that status, not " + reason);
        }
        if ((status == CameraStatus.ONLINE || status == CameraStatus.UNKNOWN) && reason != null) {
            throw new IllegalArgumentException(status + " takes no reason");
        }
    }

    /** The profile works (INGEST, PROBE), or its picture / rates are good again (PICTURE, RATE). */
    public static HealthObservation online(String cameraId, String profile, HealthSource source, Instant lastFrameAt,
            Instant at) {
        return new HealthObservation(cameraId, profile, source, CameraStatus.ONLINE, null, "", lastFrameAt, at);
    }

    /** The profile does not work, for {@code reason} (an OFFLINE one). */
    public static HealthObservation offline(String cameraId, String profile, HealthSource source, HealthReason reason,
            String detail, Instant lastFrameAt, Instant at) {
        return new HealthObservation(cameraId, profile, source, CameraStatus.OFFLINE, reason, detail, lastFrameAt, at);
    }

    /** The profile delivers bad frames, for {@code reason} (a DEGRADED kind). */
    public static HealthObservation degraded(String cameraId, String profile, HealthSource source,
            HealthReason reason, String detail, Instant lastFrameAt, Instant at) {
        return new HealthObservation(cameraId, profile, source, CameraStatus.DEGRADED, reason, detail, lastFrameAt,
                at);
    }
}
