package org.sharpeye.ingest.ffmpeg;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.sharpeye.media.Codec;
import org.sharpeye.media.Frame;
import org.sharpeye.media.VideoTrack;
import org.sharpeye.media.codec.AnnexB;
import org.sharpeye.media.codec.BitstreamException;
import org.sharpeye.media.codec.H264Sps;
import org.sharpeye.media.codec.H265Sps;
import org.sharpeye.media.codec.NalUnits;
import org.sharpeye.media.rtp.DepacketizerLimits;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns demuxed video packets (one access unit each, length-prefixed or Annex B) into {@link Frame}s the way the
 * RTSP path makes them: NAL units with 4-byte lengths, parameter sets moved to the {@link VideoTrack} (a new track
 * when they change), access unit delimiters dropped, SEI kept; keyframe = IDR (H.264) / IRAP (H.265). The first
 * frame is a keyframe: what comes before one is skipped. Bounded by {@link DepacketizerLimits}. One thread.
 */
final class AccessUnits {

    private final Codec codec;
    private final int nalLengthSize;
    private final DepacketizerLimits limits;
    private final ByteBufAllocator alloc;
    private byte[] vps;
    private byte[] sps;
    private byte[] pps;
    private VideoTrack track;
    private boolean started;

    AccessUnits(Codec codec, DecoderConfiguration configuration, DepacketizerLimits limits, ByteBufAllocator alloc)
            throws BadPacketException {
        this.codec = codec;
        this.nalLengthSize = configuration.nalLengthSize();
        this.limits = limits;
        this.alloc = alloc;
        for (byte[] nal : configuration.parameterSets()) {
            parameterSet(nal);
        }
    }

    /** The track in force, null before the parameter sets are known. */
    VideoTrack track() {
        return track;
    }

    /**
     * The frame of one packet, or null when it is skipped (before the first keyframe, or nothing but parameter
     * sets). The caller owns the frame.
     *
     * @throws BadPacketException for a malformed packet or one over the limits
     */
    Frame frame(byte[] packet, long ptsMicros, long dtsMicros, long receivedNanos) throws BadPacketException {
        if (packet.length > limits.maxAccessUnitBytes()) {
            throw new BadPacketException("access unit of " + packet.length + " bytes over "
                    + limits.maxAccessUnitBytes());
        }
        List<byte[]> units = nalLengthSize == 0 ? AnnexB.split(packet) : lengthPrefixed(packet);
        List<byte[]> picture = new ArrayList<>(units.size());
        boolean keyframe = false;
        int size = 0;
        for (byte[] nal : units) {
            if (nal.length == 0 || (nal[0] & 0x80) != 0) {
                throw new BadPacketException("NAL unit with the forbidden bit set or empty");
            }
            int type = NalUnits.type(codec, nal[0]);
            if (NalUnits.isParameterSet(codec, type)) {
                parameterSet(nal);
            } else if (type != (codec == Codec.H265 ? NalUnits.H265_AUD : NalUnits.H264_AUD)) {
                keyframe |= NalUnits.isKeyframe(codec, type);
                picture.add(nal);
                size += 4 + nal.length;
            }
        }
        started |= keyframe && track != null;
        if (!started || picture.isEmpty()) {
            return null;
        }
        ByteBuf data = alloc.buffer(size, size);
        for (byte[] nal : picture) {
            data.writeInt(nal.length).writeBytes(nal);
        }
        return Frame.video(track, ptsMicros, dtsMicros, keyframe, data, receivedNanos);
    }

    private List<byte[]> lengthPrefixed(byte[] packet) throws BadPacketException {
        List<byte[]> units = new ArrayList<>();
        int at = 0;
        while (at < packet.length) {
            if (at + nalLengthSize > packet.length) {
                throw new BadPacketException("truncated NAL unit length at byte " + at);
            }
            int length = 0;
            for (int i = 0; i < nalLengthSize; i++) {
                length = (length << 8) | (packet[at + i] & 0xff);
            }
            at += nalLengthSize;
            if (length < 0 || length > limits.maxNalUnitBytes() || length > packet.length - at) {
                throw new BadPacketException("NAL unit of " + (length & 0xffffffffL) + " bytes in a packet of "
                        + packet.length);
            }
            byte[] nal = new byte[length];
            System.arraycopy(packet, at, nal, 0, length);
            units.add(nal);
            at += length;
        }
        return units;
    }

    private void parameterSet(byte[] nal) throws BadPacketException {
        int type = NalUnits.type(codec, nal[0]);
        if (codec == Codec.H265 && type == NalUnits.H265_VPS) {
            vps = nal;
        } else if (type == (codec == Codec.H265 ? NalUnits.H265_SPS : NalUnits.H264_SPS)) {
            sps = nal;
        } else if (type == (codec == Codec.H265 ? NalUnits.H265_PPS : NalUnits.H264_PPS)) {
            pps = nal;
        }
        if (sps == null || pps == null || (codec == Codec.H265 && vps == null)) {
            return;
        }
        VideoTrack next;
        try {
            next = codec == Codec.H265
                    ? sized(H265Sps.parse(sps).width(), H265Sps.parse(sps).height())
                    : sized(H264Sps.parse(sps).width(), H264Sps.parse(sps).height());
        } catch (BitstreamException e) {
            throw new BadPacketException("bad SPS: " + e.getMessage());
        }
        if (!next.equals(track)) {
            track = next;
        }
    }

    private VideoTrack sized(int width, int height) {
        return new VideoTrack(codec, codec == Codec.H265 ? vps : null, sps, pps, width, height);
    }
}
