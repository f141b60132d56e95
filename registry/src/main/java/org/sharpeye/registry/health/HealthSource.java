package org.sharpeye.registry.health;

/** Who made an observation; it decides which part of a profile's health the observation speaks for. */
public enum HealthSource {
    /** Ingest pulling the profile for viewers: judged from its frames (stall gap). */
    INGEST,
    /** The idle-camera prober: RTSP OPTIONS + DESCRIBE, no media session. */
    PROBE,
    /** A decoded keyframe: black or frozen picture, or a good one. */
    PICTURE,
    /** Frame rate and bitrate compared with what the profile should deliver. */
    RATE
}
