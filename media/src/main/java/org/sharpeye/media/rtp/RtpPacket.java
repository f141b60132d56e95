package org.sharpeye.media.rtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * One RTP packet (RFC 3550 section 5.1): the fixed header fields and the payload, padding, CSRC list and header
 * extension removed.
 *
 * <p>Ownership: the packet holds a retained slice of the buffer it was parsed from ({@link #content()}); whoever
 * receives a packet releases it. The buffer passed to {@link #parse} is neither consumed nor released; the one passed
 * to {@link #parseBorrowed} is held itself, not retained: that packet is never released.
 */
public final class RtpPacket extends DefaultByteBufHolder implements RtpParse {

    /** The fixed header: V, P, X, CC, M, PT, sequence number, timestamp, SSRC. */
    public static final int HEADER_SIZE = 12;

    private final boolean marker;
    private final int payloadType;
    private final int sequence;
    private final long timestamp;
    private final long ssrc;

    private RtpPacket(ByteBuf payload, boolean marker, int payloadType, int sequence, long timestamp, long ssrc) {
        super(payload);
        this.marker = marker;
        this.payloadType = payloadType;
        this.sequence = sequence;
        this.timestamp = timestamp;
        this.ssrc = ssrc;
    }

    /** A packet built from its fields (tests, packetizers); takes ownership of {@code payload}. */
    public static RtpPacket of(boolean marker, int payloadType, int sequence, long timestamp, long ssrc,
                               ByteBuf payload) {
        return new RtpPacket(payload, marker, payloadType & 0x7f, sequence & 0xffff, timestamp & 0xffffffffL,
                ssrc & 0xffffffffL);
    }

    /**
     * Parses the readable bytes of {@code buf} as one RTP packet. Every length is checked against the bytes there
     * are; on success the payload is a retained slice of {@code buf}.
     */
    public static RtpParse parse(ByteBuf buf) {
        return parse(buf, false);
    }

    /**
     * Like {@link #parse} with no slice and no reference count change per packet, for the readable bytes of a buffer
     * that its owner narrowed to this one packet and keeps alive during a call (the RTSP connection's decoder
     * buffer): on success the packet borrows {@code buf} itself, its reader and writer index narrowed to the
     * payload. The packet lives as long as that call: whoever takes it may read it, or retain it and release what
     * they retained, but it is never released as a whole. On failure {@code buf} is untouched.
     */
    public static RtpParse parseBorrowed(ByteBuf buf) {
        return parse(buf, true);
    }

    private static RtpParse parse(ByteBuf buf, boolean borrowed) {
        int start = buf.readerIndex();
        int length = buf.readableBytes();
        if (length < HEADER_SIZE) {
            return new Malformed("RTP packet of " + length + " bytes is shorter than its header");
        }
        int b0 = buf.getUnsignedByte(start);
        if (b0 >> 6 != 2) {
            return new Malformed("RTP version " + (b0 >> 6));
        }
        boolean padding = (b0 & 0x20) != 0;
        boolean extension = (b0 & 0x10) != 0;
        int csrcCount = b0 & 0x0f;
        int b1 = buf.getUnsignedByte(start + 1);
        int offset = HEADER_SIZE + 4 * csrcCount;
        if (offset > length) {
            return new Malformed("RTP CSRC list of " + csrcCount + " exceeds the packet");
        }
        if (extension) {
            // RFC 3550 5.3.1: 16-bit profile-defined id, 16-bit length in 32-bit words, then the words.
            if (offset + 4 > length) {
                return new Malformed("RTP header extension exceeds the packet");
            }
            int words = buf.getUnsignedShort(start + offset + 2);
            offset += 4 + 4 * words;
            if (offset > length) {
                return new Malformed("RTP header extension of " + words + " words exceeds the packet");
            }
        }
        int end = length;
        if (padding) {
            // RFC 3550 5.1: the last octet counts the padding octets, itself included.
            int pad = buf.getUnsignedByte(start + length - 1);
            if (pad == 0 || offset + pad > length) {
                return new Malformed("RTP padding of " + pad + " bytes is invalid");
            }
            end -= pad;
        }
        boolean marker = (b1 & 0x80) != 0;
        int sequence = buf.getUnsignedShort(start + 2);
        long timestamp = buf.getUnsignedInt(start + 4);
        long ssrc = buf.getUnsignedInt(start + 8);
        ByteBuf payload;
        if (borrowed) {
            payload = buf.setIndex(start + offset, start + end);
        } else {
            payload = buf.retainedSlice(start + offset, end - offset);
        }
        return new RtpPacket(payload, marker, b1 & 0x7f, sequence, timestamp, ssrc);
    }

    /** The marker bit; for video the last packet of an access unit (RFC 6184 5.1, RFC 7798 4.1). */
    public boolean marker() {
        return marker;
    }

    public int payloadType() {
        return payloadType;
    }

    /** The 16-bit sequence number, 0..65535. */
    public int sequence() {
        return sequence;
    }

    /** The 32-bit RTP timestamp, unsigned. */
    public long timestamp() {
        return timestamp;
    }

    /** The synchronisation source, unsigned 32 bits. */
    public long ssrc() {
        return ssrc;
    }

    /** The payload; same as {@link #content()}. */
    public ByteBuf payload() {
        return content();
    }

    @Override
    public RtpPacket retain() {
        super.retain();
        return this;
    }

    @Override
    public RtpPacket touch(Object hint) {
        super.touch(hint);
        return this;
    }

    @Override
    public RtpPacket replace(ByteBuf content) {
        return new RtpPacket(content, marker, payloadType, sequence, timestamp, ssrc);
    }

    @Override
    public String toString() {
        return "RtpPacket[pt=" + payloadType + " seq=" + sequence + " ts=" + timestamp + (marker ? " M" : "")
                + " " + content().readableBytes() + "B]";
    }
}
