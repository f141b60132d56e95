package org.sharpeye.registry;

/** A camera's health as last reported by ingest (DESIGN.md, health model). */
public enum CameraStatus {
    UNKNOWN,
    ONLINE,
    DEGRADED,
    OFFLINE
}
