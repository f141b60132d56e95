package org.sharpeye.camsim;

import io.netty.channel.Channel;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * One RTSP session (RFC 2326 section 3): a client's SETUP of a mount's track over its TCP connection, with the
 * interleaved channel numbers it asked for. Playing state is changed on the connection's event loop; the mount's
 * timer reads it.
 */
final class RtspSession {

    /** The session timeout we announce, in seconds. */
    static final int TIMEOUT_SECONDS = 60;
    private static final SecureRandom RANDOM = new SecureRandom();

    final String id;
    final Channel channel;
    final Mount mount;
    /** The URI the client set the track up with, echoed in RTP-Info. */
    final String controlUri;
    volatile int rtpChannel;
    volatile boolean playing;
    /** Set by the mount's timer: the client lost packets (or just joined) and waits for the next keyframe. */
    boolean waitingKeyframe = true;
    long packetsDropped;

    RtspSession(Channel channel, Mount mount, int rtpChannel, String controlUri) {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        this.id = HexFormat.of().formatHex(b).toUpperCase(java.util.Locale.ROOT);
        this.channel = channel;
        this.mount = mount;
        this.rtpChannel = rtpChannel;
        this.controlUri = controlUri;
    }
}
