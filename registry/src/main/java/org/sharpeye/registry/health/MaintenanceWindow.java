package org.sharpeye.registry.health;

import java.time.Instant;

/**
 * A time range in which a camera, or every camera of a site subtree, raises no alerts (its status is still tracked and
 * its online time still counted). Exactly one of {@code cameraId} and {@code siteId} is set.
 */
public record MaintenanceWindow(String id, String cameraId, String siteId, Instant from, Instant to, String note,
        String createdBy) {

    /** Whether the window is in force at {@code t} (from inclusive, to exclusive). */
    public boolean covers(Instant t) {
        return !t.isBefore(from) && t.isBefore(to);
    }
}
