package org.sharpeye.ingest;

/** The lifecycle of one source. */
public enum SourceState {
    /** On demand and nobody watching: no upstream session. */
    IDLE,
    /** Connecting or negotiating the RTSP session. */
    CONNECTING,
    /** PLAY answered; frames flow. */
    PLAYING,
    /** The last session failed (see the reason); a retry is scheduled while the source is wanted. */
    FAILED,
    /** The ingest was closed or the source removed. */
    CLOSED
}
