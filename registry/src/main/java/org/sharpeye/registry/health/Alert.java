package org.sharpeye.registry.health;

import java.time.Duration;
import java.time.Instant;

/**
 * One alert about one camera and kind. At most one alert per camera and kind is {@link AlertState#active()}.
 *
 * @param resolvedBy   "system" when the camera recovered by itself, else the user who resolved it
 * @param foldedInto   the FLAPPING alert this one was folded into, or null
 * @param occurrences  how many status changes this alert stands for (FLAPPING counts the flaps it absorbed)
 * @param lastSeenAlive when the camera last answered, as known when the alert last changed
 */
public record Alert(String id, String cameraId, AlertKind kind, AlertState state, Instant openedAt,
        Instant updatedAt, Instant resolvedAt, String assignee, String note, String resolvedBy, String foldedInto,
        int occurrences, String detail, Instant lastSeenAlive, AlertCamera camera) {

    /** How long the fault lasted: until it was resolved, or until {@code now}. */
    public Duration duration(Instant now) {
        return Duration.between(openedAt, resolvedAt != null ? resolvedAt : now);
    }

    Alert with(AlertState newState, Instant at) {
        return new Alert(id, cameraId, kind, newState, openedAt, at, resolvedAt, assignee, note, resolvedBy,
                foldedInto, occurrences, detail, lastSeenAlive, camera);
    }

    Alert assigned(String user, Instant at) {
        return new Alert(id, cameraId, kind, AlertState.ASSIGNED, openedAt, at, resolvedAt, user, note, resolvedBy,
                foldedInto, occurrences, detail, lastSeenAlive, camera);
    }

    Alert resolved(String by, String why, String folded, Instant at) {
        return new Alert(id, cameraId, kind, AlertState.RESOLVED, openedAt, at, at, assignee, why, by, folded,
                occurrences, detail, lastSeenAlive, camera);
    }

    Alert occurred(String newDetail, Instant alive, Instant at) {
        return new Alert(id, cameraId, kind, state, openedAt, at, resolvedAt, assignee, note, resolvedBy, foldedInto,
                occurrences + 1, newDetail, alive, camera);
    }
}
