package org.sharpeye.ingest.rtsp;

/** A session description that cannot be used: malformed, over its bounds, or without a usable stream. */
public final class SdpException extends Exception {

    public SdpException(String message) {
        super(message);
    }
}
