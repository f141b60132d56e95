package org.sharpeye.media.ts;

import io.netty.buffer.ByteBuf;
import org.sharpeye.media.Codec;
import org.sharpeye.media.Frame;
import org.sharpeye.media.VideoTrack;
import org.sharpeye.media.codec.NalUnits;

/**
 * Turns a frame's length-prefixed NAL units into the Annex B byte stream that MPEG-TS carries: an access unit
 * delimiter first (required in TS by ISO/IEC 13818-1 2.14 for AVC, and by 2.17 for HEVC), the track's parameter
 * sets before a keyframe so a player can join at any segment, then the frame's own NAL units (its AUDs dropped).
 */
final class AccessUnitWriter {

    private static final byte[] START_CODE = {0, 0, 0, 1};
    // H.264 7.3.2.4: nal_unit_type 9, primary_pic_type 7 (any slice type), rbsp stop bit
    private static final byte[] H264_AUD = {0x09, (byte) 0xF0};
    // H.265 7.3.2.5: nal_unit_type 35, nuh_layer_id 0, nuh_temporal_id_plus1 1; pic_type 2 (any), stop bit
    private static final byte[] H265_AUD = {0x46, 0x01, 0x50};

    private AccessUnitWriter() {
    }

    /** The Annex B size of {@code frame}, or -1 when its data is not well-formed length-prefixed NAL units. */
    static int size(Frame frame) {
        ByteBuf data = frame.data();
        VideoTrack track = frame.track();
        int total = START_CODE.length + (track.codec() == Codec.H265 ? H265_AUD.length : H264_AUD.length);
        if (frame.isKeyframe()) {
            total += parameterSetsSize(track);
        }
        int at = data.readerIndex();
        int end = data.writerIndex();
        if (at == end) {
            return -1;
        }
        while (at < end) {
            if (end - at < 5) {
                return -1;
            }
            long len = data.getUnsignedInt(at);
            if (len == 0 || len > end - at - 4) {
                return -1;
            }
            total += START_CODE.length + (int) len; // same size: a 4-byte start code replaces a 4-byte length
            at += 4 + (int) len;
        }
        return total;
    }

    /** Writes the access unit of {@code frame}, which {@link #size} found well-formed, to {@code out}. */
    static void write(ByteBuf out, Frame frame) {
        VideoTrack track = frame.track();
        Codec codec = track.codec();
        out.writeBytes(START_CODE).writeBytes(codec == Codec.H265 ? H265_AUD : H264_AUD);
        if (frame.isKeyframe()) {
            if (codec == Codec.H265) {
                out.writeBytes(START_CODE).writeBytes(track.vps());
            }
            out.writeBytes(START_CODE).writeBytes(track.sps());
            out.writeBytes(START_CODE).writeBytes(track.pps());
        }
        ByteBuf data = frame.data();
        int at = data.readerIndex();
        int end = data.writerIndex();
        int aud = codec == Codec.H265 ? NalUnits.H265_AUD : NalUnits.H264_AUD;
        while (at < end) {
            int len = (int) data.getUnsignedInt(at);
            if (NalUnits.type(codec, data.getByte(at + 4)) != aud) {
                out.writeBytes(START_CODE).writeBytes(data, at + 4, len);
            }
            at += 4 + len;
        }
    }

    private static int parameterSetsSize(VideoTrack track) {
        int size = 2 * START_CODE.length + track.sps().length + track.pps().length;
        if (track.vps() != null) {
            size += START_CODE.length + track.vps().length;
        }
        return size;
    }
}
