package org.sharpeye.registry.health;

import org.sharpeye.registry.CameraStatus;

/** Why a camera profile is not plainly ONLINE: an OFFLINE reason or a DEGRADED kind (DESIGN.md, health model). */
public enum HealthReason {
    /** Connect timeout, no route, host down, connection lost, no RTSP answer. */
    UNREACHABLE(CameraStatus.OFFLINE, null),
    /** Connection refused, or RTSP 503. */
    REFUSED(CameraStatus.OFFLINE, null),
    /** Wrong or missing credentials (401 after trying, 403). */
    AUTH_FAILED(CameraStatus.OFFLINE, null),
    /** 404: no such stream. */
    NOT_FOUND(CameraStatus.OFFLINE, null),
    /** Playing, but no frame for the stall gap. */
    STALLED(CameraStatus.OFFLINE, null),
    /** Malformed answers or media, a limit exceeded, an unsupported codec. */
    PROTOCOL_ERROR(CameraStatus.OFFLINE, null),
    /** Frame rate below a share of the expected one. */
    LOW_FPS(CameraStatus.DEGRADED, HealthSource.RATE),
    /** Bitrate below a share of the expected one. */
    LOW_BITRATE(CameraStatus.DEGRADED, HealthSource.RATE),
    /** The same picture for too long. */
    FROZEN(CameraStatus.DEGRADED, HealthSource.PICTURE),
    /** A black picture. */
    BLACK(CameraStatus.DEGRADED, HealthSource.PICTURE);

    private final CameraStatus status;
    private final HealthSource clearedBy;

    HealthReason(CameraStatus status, HealthSource clearedBy) {
        this.status = status;
        this.clearedBy = clearedBy;
    }

    /** OFFLINE or DEGRADED. */
    public CameraStatus status() {
        return status;
    }

    /** Whether this reason makes a profile OFFLINE (else DEGRADED). */
    public boolean offline() {
        return status == CameraStatus.OFFLINE;
    }

    /** For a DEGRADED kind, the source whose ONLINE observation clears it; null for OFFLINE reasons. */
    HealthSource clearedBy() {
        return clearedBy;
    }
}
