package org.sharpeye.registry.health;

/** What an alert is about: an OFFLINE reason, a DEGRADED kind, or a camera that keeps changing state. */
public enum AlertKind {
    UNREACHABLE, REFUSED, AUTH_FAILED, NOT_FOUND, STALLED, PROTOCOL_ERROR,
    LOW_FPS, LOW_BITRATE, FROZEN, BLACK,
    /** More than the threshold of status changes within the window: one alert instead of a storm. */
    FLAPPING;

    /** The alert kind of a health reason (same name). */
    public static AlertKind of(HealthReason reason) {
        return valueOf(reason.name());
    }
}
