package org.sharpeye.ingest.transcode;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.sharpeye.media.Codec;
import org.sharpeye.media.VideoTrack;
import org.sharpeye.media.codec.AnnexB;
import org.sharpeye.media.codec.NalUnits;

import java.util.List;

/**
 * One encoded H.264 picture converted from the encoder's Annex B output to SharpEye's frame layout: NAL units
 * with 4-byte big-endian lengths, SPS and PPS lifted out into the {@link VideoTrack} (ISO/IEC 14496-15 keeps them
 * in the decoder configuration record), access unit delimiters dropped.
 *
 * @param track the track in force: the previous one when the parameter sets did not change, so writers do not
 *     repeat sequence headers
 * @param data length-prefixed NAL units; owned by whoever holds this value, who must release it or hand it on
 * @param keyframe true when the picture holds an IDR slice (ITU-T H.264 7.4.1.2.4, nal_unit_type 5)
 */
record H264AccessUnit(VideoTrack track, ByteBuf data, boolean keyframe) {

    /**
     * Parses one encoder packet. Returns null, allocating nothing, when no track is known yet (no SPS/PPS in this
     * packet nor before) or the packet has no picture.
     */
    static H264AccessUnit parse(byte[] annexB, VideoTrack previous, PictureSize size, ByteBufAllocator alloc) {
        List<byte[]> units = AnnexB.split(annexB);
        byte[] sps = null;
        byte[] pps = null;
        int payload = 0;
        boolean keyframe = false;
        for (byte[] nal : units) {
            if (nal.length == 0) {
                continue;
            }
            int type = NalUnits.type(Codec.H264, nal[0]);
            if (type == NalUnits.H264_SPS) {
                sps = nal;
            } else if (type == NalUnits.H264_PPS) {
                pps = nal;
            } else if (type != NalUnits.H264_AUD) {
                payload += 4 + nal.length;
                keyframe |= type == NalUnits.H264_IDR;
            }
        }
        VideoTrack track = previous;
        if (sps != null && pps != null) {
            VideoTrack fresh = new VideoTrack(Codec.H264, null, sps, pps, size.width(), size.height());
            if (!fresh.equals(previous)) {
                track = fresh;
            }
        }
        if (track == null || payload == 0) {
            return null;
        }
        ByteBuf data = alloc.buffer(payload);
        for (byte[] nal : units) {
            if (nal.length == 0) {
                continue;
            }
            int type = NalUnits.type(Codec.H264, nal[0]);
            if (type != NalUnits.H264_SPS && type != NalUnits.H264_PPS && type != NalUnits.H264_AUD) {
                data.writeInt(nal.length).writeBytes(nal);
            }
        }
        return new H264AccessUnit(track, data, keyframe);
    }
}
