package org.sharpeye.ingest;

/** Why a source is not delivering frames; the registry turns it into the camera's OFFLINE reason. */
public enum FailureReason {
    /** Connect timeout, no route, host down, name not resolved, or the connection lost. */
    UNREACHABLE,
    /** Connection refused, or the camera answered 503 (busy, too many sessions). */
    REFUSED,
    /** 401 after our credentials were tried (or none were configured), or 403. */
    AUTH_FAILED,
    /** 404: the camera has no such stream. */
    NOT_FOUND,
    /** Connected and playing, but no RTP for the stall gap. */
    STALLED,
    /** Malformed response, SDP or RTP; a limit exceeded; an unsupported codec or transport. */
    PROTOCOL_ERROR
}
