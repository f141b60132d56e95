package org.sharpeye.camsim;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.sharpeye.media.Codec;
import org.sharpeye.media.codec.NalUnits;

import java.util.ArrayList;
import java.util.List;

/**
 * A clip's RTP packets, built once and replayed by every mount playing it: each access unit is packetized once
 * into interleaved frames ({@code $}, channel, length, RTP header, payload), and a tick only copies them and
 * patches the channel, sequence numbers, timestamp and SSRC, adding the send-time SEI where it belongs. Immutable
 * and thread-safe once built.
 *
 * @param parameters the clip's codec, size, rate and parameter sets (for the SDP), without its access units
 * @param units      the access units' packets, in loop order
 */
record ClipPackets(Clip parameters, List<Unit> units) {

    /** Bytes of the '$' header (RFC 2326 10.12) before each RTP packet. */
    static final int INTERLEAVED_HEADER = 4;
    /** Bytes of the fixed RTP header (RFC 3550 5.1). */
    static final int RTP_HEADER = 12;

    /**
     * One access unit's interleaved RTP packets back to back.
     *
     * @param wire        the frames, with channel 0, sequence 0, timestamp 0 and SSRC 0 to be patched
     * @param packetStart where each frame starts in {@code wire}, plus one entry for the end
     * @param seiPacket   the index of the packet the send-time SEI goes before (after an access unit delimiter)
     */
    record Unit(byte[] wire, int[] packetStart, int seiPacket, boolean keyframe) {

        int packets() {
            return packetStart.length - 1;
        }
    }

    /** Packetizes every access unit of a clip (RFC 6184 / RFC 7798), parameter sets ensured before keyframes. */
    static ClipPackets of(Clip clip) {
        Codec codec = clip.codec();
        RtpPacketizer packetizer = new RtpPacketizer(codec, 0, 0);
        List<Unit> units = new ArrayList<>(clip.units().size());
        List<ByteBuf> packets = new ArrayList<>();
        for (Clip.AccessUnit au : clip.units()) {
            List<byte[]> in = au.nalUnits();
            List<byte[]> nals = new ArrayList<>(in.size() + 3);
            int at = 0;
            if (!in.isEmpty() && isAud(codec, in.get(0))) {
                nals.add(in.get(0));
                at = 1;
            }
            int seiPacket = at; // an AUD is never fragmented: one packet
            if (au.keyframe() && !hasSps(codec, in)) {
                if (clip.vps() != null) {
                    nals.add(clip.vps());
                }
                nals.add(clip.sps());
                nals.add(clip.pps());
            }
            nals.addAll(in.subList(at, in.size()));
            packets.clear();
            packetizer.packetize(UnpooledByteBufAllocator.DEFAULT, nals, 0, packets);
            int size = 0;
            for (ByteBuf p : packets) {
                size += INTERLEAVED_HEADER + p.readableBytes();
            }
            byte[] wire = new byte[size];
            int[] starts = new int[packets.size() + 1];
            int pos = 0;
            for (int i = 0; i < packets.size(); i++) {
                ByteBuf p = packets.get(i);
                starts[i] = pos;
                int len = p.readableBytes();
                wire[pos] = '$';
                wire[pos + 2] = (byte) (len >> 8);
                wire[pos + 3] = (byte) len;
                p.readBytes(wire, pos + INTERLEAVED_HEADER, len);
                p.release();
                // Sequence, timestamp and SSRC are patched per tick; zero them so a stale value never leaks out.
                java.util.Arrays.fill(wire, pos + INTERLEAVED_HEADER + 2, pos + INTERLEAVED_HEADER + RTP_HEADER,
                        (byte) 0);
                pos += INTERLEAVED_HEADER + len;
            }
            starts[packets.size()] = pos;
            units.add(new Unit(wire, starts, seiPacket, au.keyframe()));
        }
        Clip parameters = new Clip(codec, clip.width(), clip.height(), clip.fps(), clip.vps(), clip.sps(),
                clip.pps(), List.of());
        return new ClipPackets(parameters, List.copyOf(units));
    }

    int fps() {
        return parameters.fps();
    }

    /** Bytes held. */
    long sizeBytes() {
        long n = 0;
        for (Unit u : units) {
            n += u.wire.length;
        }
        return n;
    }

    /**
     * Writes one access unit's frames to {@code out} for one interleaved channel: the unit's packets with the send
     * time SEI (one single NAL unit packet, RFC 6184 5.6 / RFC 7798 4.4.1) inserted, numbered from {@code firstSeq}.
     * Returns the number of packets written.
     */
    static int write(ByteBuf out, Unit unit, byte[] sei, int channel, int firstSeq, long timestamp, int ssrc) {
        int seq = firstSeq;
        int n = unit.packets();
        for (int i = 0; i <= n; i++) {
            if (i == unit.seiPacket()) {
                out.writeByte('$').writeByte(channel).writeShort(RTP_HEADER + sei.length);
                out.writeByte(0x80).writeByte(RtpPacketizer.PAYLOAD_TYPE).writeShort(seq)
                        .writeInt((int) timestamp).writeInt(ssrc);
                out.writeBytes(sei);
                seq = (seq + 1) & 0xffff;
            }
            if (i == n) {
                break;
            }
            int start = out.writerIndex();
            int from = unit.packetStart()[i];
            out.writeBytes(unit.wire(), from, unit.packetStart()[i + 1] - from);
            out.setByte(start + 1, channel);
            out.setShort(start + INTERLEAVED_HEADER + 2, seq);
            out.setInt(start + INTERLEAVED_HEADER + 4, (int) timestamp);
            out.setInt(start + INTERLEAVED_HEADER + 8, ssrc);
            seq = (seq + 1) & 0xffff;
        }
        return n + 1;
    }

    /** Bytes {@link #write} adds for a unit with an SEI of {@code seiLength} bytes. */
    static int wireSize(Unit unit, int seiLength) {
        return unit.wire().length + INTERLEAVED_HEADER + RTP_HEADER + seiLength;
    }

    private static boolean isAud(Codec codec, byte[] nal) {
        int t = NalUnits.type(codec, nal[0]);
        return codec == Codec.H265 ? t == NalUnits.H265_AUD : t == NalUnits.H264_AUD;
    }

    private static boolean hasSps(Codec codec, List<byte[]> nals) {
        for (byte[] n : nals) {
            if (NalUnits.type(codec, n[0]) == (codec == Codec.H265 ? NalUnits.H265_SPS : NalUnits.H264_SPS)) {
                return true;
            }
        }
        return false;
    }
}
