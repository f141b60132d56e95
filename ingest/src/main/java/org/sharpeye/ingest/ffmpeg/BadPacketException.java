package org.sharpeye.ingest.ffmpeg;

/** A demuxed packet that cannot become a frame: malformed NAL units, a bad SPS, or over a limit. */
final class BadPacketException extends Exception {

    BadPacketException(String message) {
        super(message);
    }
}
