package org.sharpeye.registry.health;

import java.time.Instant;

/**
 * A change worth telling: {@code type} is {@link #CAMERA_STATUS} (data: the {@link CameraHealth}) or one of the alert
 * types (data: the {@link Alert}). {@code id} is unique: webhooks send it as the idempotency key.
 *
 * @param siteId the camera's site, so a consumer can filter by subtree without a lookup
 */
public record HealthEvent(String id, String type, Instant at, String cameraId, String siteId, Object data) {
    public static final String CAMERA_STATUS = "camera.status";
    public static final String ALERT_OPENED = "alert.opened";
    public static final String ALERT_UPDATED = "alert.updated";
    public static final String ALERT_RESOLVED = "alert.resolved";

    /** Whether this event is about an alert (what webhooks deliver). */
    public boolean aboutAlert() {
        return type.startsWith("alert.");
    }
}
