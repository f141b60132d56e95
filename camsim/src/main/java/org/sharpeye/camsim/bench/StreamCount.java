package org.sharpeye.camsim.bench;

import java.net.URI;

/**
 * What one RTSP stream of the load client received up to a moment.
 *
 * @param bytes  bytes of interleaved frames ({@code $} framing excluded, RTP headers included)
 * @param frames interleaved frames ({@code $} blocks: RTP and RTCP packets)
 * @param state  where the RTSP exchange stands
 * @param error  why the stream stopped, or null
 */
public record StreamCount(URI url, long bytes, long frames, State state, String error) {

    /** The steps of the RTSP exchange (RFC 2326 section 10), then the end states. */
    public enum State { CONNECTING, DESCRIBE, SETUP, PLAY, PLAYING, FAILED, CLOSED }
}
