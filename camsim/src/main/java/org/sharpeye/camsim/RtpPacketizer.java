package org.sharpeye.camsim;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.sharpeye.media.Codec;

import java.util.List;

/**
 * Turns access units into RTP packets: H.264 per RFC 6184 (single NAL unit packets and FU-A, packetization-mode 1)
 * and H.265 per RFC 7798 (single NAL unit packets and FU). One packetizer per mount, so sequence numbers run on
 * across clip loops and clip switches. Not thread-safe: used from the mount's event loop only.
 */
final class RtpPacketizer {

    /** Largest RTP payload we send, so a packet fits a 1500-byte MTU with room for IP/UDP/RTP headers. */
    static final int MAX_PAYLOAD = 1400;
    static final int PAYLOAD_TYPE = 96;
    private static final int RTP_HEADER = 12;
    private static final int H264_FU_A = 28;
    private static final int H265_FU = 49;

    private final Codec codec;
    private final int ssrc;
    private int sequence;

    RtpPacketizer(Codec codec, int ssrc, int firstSequence) {
        this.codec = codec;
        this.ssrc = ssrc;
        this.sequence = firstSequence & 0xffff;
    }

    /** The sequence number the next packet will carry. */
    int nextSequence() {
        return sequence;
    }

    int ssrc() {
        return ssrc;
    }

    /**
     * Appends the packets of one access unit to {@code out}; the marker bit is set on the last one (RFC 6184 5.1,
     * RFC 7798 4.1). The caller owns the added buffers and releases them.
     */
    void packetize(ByteBufAllocator alloc, List<byte[]> nalUnits, long timestamp, List<ByteBuf> out) {
        for (int n = 0; n < nalUnits.size(); n++) {
            byte[] nal = nalUnits.get(n);
            boolean lastNal = n == nalUnits.size() - 1;
            if (nal.length <= MAX_PAYLOAD) {
                ByteBuf p = header(alloc, nal.length, lastNal, timestamp);
                p.writeBytes(nal);
                out.add(p);
            } else if (codec == Codec.H265) {
                fragmentH265(alloc, nal, lastNal, timestamp, out);
            } else {
                fragmentH264(alloc, nal, lastNal, timestamp, out);
            }
        }
    }

    /** FU-A (RFC 6184 5.8): FU indicator keeps F and NRI with type 28; the FU header has S, E and the NAL type. */
    private void fragmentH264(ByteBufAllocator alloc, byte[] nal, boolean lastNal, long ts, List<ByteBuf> out) {
        int indicator = (nal[0] & 0xe0) | H264_FU_A;
        int type = nal[0] & 0x1f;
        int chunk = MAX_PAYLOAD - 2;
        for (int at = 1; at < nal.length; at += chunk) {
            int len = Math.min(chunk, nal.length - at);
            boolean start = at == 1;
            boolean end = at + len == nal.length;
            ByteBuf p = header(alloc, 2 + len, lastNal && end, ts);
            p.writeByte(indicator);
            p.writeByte((start ? 0x80 : 0) | (end ? 0x40 : 0) | type);
            p.writeBytes(nal, at, len);
            out.add(p);
        }
    }

    /** FU (RFC 7798 4.4.3): PayloadHdr of type 49 (F, LayerId, TID kept), then S, E and the NAL type. */
    private void fragmentH265(ByteBufAllocator alloc, byte[] nal, boolean lastNal, long ts, List<ByteBuf> out) {
        int hdr0 = (nal[0] & 0x81) | (H265_FU << 1);
        int hdr1 = nal[1] & 0xff;
        int type = (nal[0] >> 1) & 0x3f;
        int chunk = MAX_PAYLOAD - 3;
        for (int at = 2; at < nal.length; at += chunk) {
            int len = Math.min(chunk, nal.length - at);
            boolean start = at == 2;
            boolean end = at + len == nal.length;
            ByteBuf p = header(alloc, 3 + len, lastNal && end, ts);
            p.writeByte(hdr0);
            p.writeByte(hdr1);
            p.writeByte((start ? 0x80 : 0) | (end ? 0x40 : 0) | type);
            p.writeBytes(nal, at, len);
            out.add(p);
        }
    }

    /** A buffer holding the 12-byte RTP header (RFC 3550 5.1), with room for the payload. */
    private ByteBuf header(ByteBufAllocator alloc, int payload, boolean marker, long ts) {
        ByteBuf p = alloc.buffer(RTP_HEADER + payload);
        p.writeByte(0x80); // V=2, no padding, no extension, no CSRC
        p.writeByte((marker ? 0x80 : 0) | PAYLOAD_TYPE);
        p.writeShort(sequence);
        p.writeInt((int) ts);
        p.writeInt(ssrc);
        sequence = (sequence + 1) & 0xffff;
        return p;
    }
}
