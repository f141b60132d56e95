package org.sharpeye.registry.health;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.sharpeye.registry.CameraStatus;

/**
 * The health of one camera profile: its status with the reason, since when, and the evidence (last error, last frame
 * time, last time it answered). Connectivity (the OFFLINE reason) belongs to INGEST and PROBE; the DEGRADED kinds to
 * PICTURE and RATE, so a good picture never hides a stall and a stall never forgets a black picture.
 *
 * @param offlineReason null unless OFFLINE
 * @param degradations  the DEGRADED kinds in force (they count only while the profile is not OFFLINE)
 */
public record ProfileHealth(String profile, CameraStatus status, HealthReason offlineReason,
        Set<HealthReason> degradations, Instant since, String lastError, Instant lastFrameAt, Instant lastSeenAlive) {

    public ProfileHealth {
        degradations = degradations.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(degradations));
    }

    /** A profile nothing has been observed of. */
    public static ProfileHealth unknown(String profile, Instant since) {
        return new ProfileHealth(profile, CameraStatus.UNKNOWN, null, Set.of(), since, "", null, null);
    }

    /** The reason shown with the status: the OFFLINE reason, else the first DEGRADED kind, else null. */
    public HealthReason reason() {
        if (status == CameraStatus.OFFLINE) {
            return offlineReason;
        }
        if (status == CameraStatus.DEGRADED) {
            return EnumSet.copyOf(degradations).iterator().next();
        }
        return null;
    }

    /** Every reason in force: the OFFLINE one, or else the DEGRADED kinds. */
    public Set<HealthReason> reasons() {
        return switch (status) {
            case OFFLINE -> Set.of(offlineReason);
            case DEGRADED -> degradations;
            default -> Set.of();
        };
    }

    /** This profile after {@code o}; {@code since} moves only when the status or its reason changes. */
    ProfileHealth apply(HealthObservation o) {
        HealthReason off = offlineReason;
        EnumSet<HealthReason> deg = degradations.isEmpty() ? EnumSet.noneOf(HealthReason.class)
                : EnumSet.copyOf(degradations);
        boolean seen = status != CameraStatus.UNKNOWN;
        String error = lastError;
        Instant alive = lastSeenAlive;
        Instant frame = lastFrameAt;
        if (o.lastFrameAt() != null && (frame == null || o.lastFrameAt().isAfter(frame))) {
            frame = o.lastFrameAt();
        }
        boolean connectivity = o.source() == HealthSource.INGEST || o.source() == HealthSource.PROBE;
        switch (o.status()) {
            case UNKNOWN -> {
                return new ProfileHealth(profile, status, offlineReason, degradations, since, lastError, frame,
                        lastSeenAlive);
            }
            case ONLINE -> {
                if (connectivity) {
                    off = null;
                    seen = true;
                    alive = o.at();
                } else {
                    deg.removeIf(r -> r.clearedBy() == o.source());
                }
            }
            case OFFLINE -> {
                off = o.reason();
                seen = true;
                error = o.detail();
            }
            case DEGRADED -> {
                deg.add(o.reason());
                seen = true;
                if (off == null) {
                    alive = o.at();
                }
                error = o.detail();
            }
        }
        CameraStatus next = !seen ? CameraStatus.UNKNOWN
                : off != null ? CameraStatus.OFFLINE
                : !deg.isEmpty() ? CameraStatus.DEGRADED
                : CameraStatus.ONLINE;
        ProfileHealth after = new ProfileHealth(profile, next, off, deg, since, error, frame, alive);
        if (next != status || !Objects.equals(after.reason(), reason())) {
            after = new ProfileHealth(profile, next, off, deg, o.at(), error, frame, alive);
        }
        return after;
    }
}
