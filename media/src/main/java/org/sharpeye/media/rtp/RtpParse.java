package org.sharpeye.media.rtp;

/** The outcome of parsing one RTP packet: the {@link RtpPacket} or why it was rejected. */
public sealed interface RtpParse permits RtpPacket, RtpParse.Malformed {

    /** A packet that is not valid RTP; nothing was retained. */
    record Malformed(String reason) implements RtpParse {
    }
}
