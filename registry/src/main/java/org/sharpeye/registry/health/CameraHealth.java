package org.sharpeye.registry.health;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.sharpeye.registry.CameraStatus;

/**
 * A camera's health: the worst status among its observed profiles (OFFLINE over DEGRADED over ONLINE; a profile
 * never observed does not count, so a camera whose sub stream nobody looked at is judged by its main stream; all
 * UNKNOWN gives UNKNOWN), with that profile's reason, since when the overall status or reason holds, and the
 * evidence: last error, last frame time and last time any profile answered.
 */
public record CameraHealth(String cameraId, CameraStatus status, HealthReason reason, Instant since, String lastError,
        Instant lastFrameAt, Instant lastSeenAlive, Map<String, ProfileHealth> profiles) {

    public CameraHealth {
        profiles = Map.copyOf(profiles);
    }

    /** A camera nothing has been observed of. */
    public static CameraHealth unknown(String cameraId, Instant since) {
        return new CameraHealth(cameraId, CameraStatus.UNKNOWN, null, since, "", null, null, Map.of());
    }

    /** Every reason in force on any profile (the alert kinds the camera calls for). */
    public Set<HealthReason> reasons() {
        EnumSet<HealthReason> out = EnumSet.noneOf(HealthReason.class);
        profiles.values().forEach(p -> out.addAll(p.reasons()));
        return out;
    }

    /** Whether the camera delivers video (ONLINE or DEGRADED): what the online rate counts. */
    public boolean online() {
        return status == CameraStatus.ONLINE || status == CameraStatus.DEGRADED;
    }

    /** This camera after {@code o} changed one profile. */
    CameraHealth apply(HealthObservation o) {
        TreeMap<String, ProfileHealth> next = new TreeMap<>(profiles);
        ProfileHealth before = next.getOrDefault(o.profile(), ProfileHealth.unknown(o.profile(), o.at()));
        next.put(o.profile(), before.apply(o));
        ProfileHealth worst = null;
        Instant frame = null;
        Instant alive = null;
        for (ProfileHealth p : next.values()) {
            if (p.status() != CameraStatus.UNKNOWN && (worst == null || rank(p.status()) > rank(worst.status()))) {
                worst = p;
            }
            frame = later(frame, p.lastFrameAt());
            alive = later(alive, p.lastSeenAlive());
        }
        CameraStatus status = worst == null ? CameraStatus.UNKNOWN : worst.status();
        HealthReason reason = worst == null ? null : worst.reason();
        String error = worst == null || worst.lastError().isEmpty() ? lastError : worst.lastError();
        Instant since = status != this.status || !Objects.equals(reason, this.reason) ? o.at() : this.since;
        return new CameraHealth(cameraId, status, reason, since, error, frame, alive, next);
    }

    private static int rank(CameraStatus s) {
        return switch (s) {
            case UNKNOWN -> 0;
            case ONLINE -> 1;
            case DEGRADED -> 2;
            case OFFLINE -> 3;
        };
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }
}
