package org.sharpeye.gateway.metrics;

/**
 * How many cameras share one status, reason, tier and site; one series of {@code sharpeye_cameras}.
 *
 * @param status e.g. ONLINE, OFFLINE
 * @param reason the OFFLINE reason, or "" when none
 * @param tier the camera tier
 * @param site the site (at the level the deployment aggregates at: a county, a district), "" when none
 * @param count cameras
 */
public record CameraCount(String status, String reason, String tier, String site, long count) {
}
