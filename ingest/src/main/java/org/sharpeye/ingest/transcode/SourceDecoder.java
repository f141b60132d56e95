package org.sharpeye.ingest.transcode;

import io.netty.buffer.ByteBuf;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.sharpeye.media.Codec;
import org.sharpeye.media.Frame;
import org.sharpeye.media.VideoTrack;

import java.nio.ByteBuffer;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_HEVC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_flush_buffers;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;

/**
 * FFmpeg's decoder for the source's codec, fed one access unit at a time in Annex B form (ITU-T H.265 Annex B):
 * the track's parameter sets are put in front of every keyframe, so the decoder needs no extradata and follows a
 * change of parameter sets. Timestamps are microseconds. One thread uses it; {@link #close()} frees the natives.
 */
final class SourceDecoder implements AutoCloseable {

    /** AVERROR(EAGAIN) on Linux: no output until more input is sent. */
    static final int EAGAIN = -11;
    private static final byte[] START_CODE = {0, 0, 0, 1};

    private final Codec codec;
    private AVCodecContext context;
    private AVPacket packet;
    private AVFrame picture;

    SourceDecoder(Codec codec, int threads) throws CodecException {
        this.codec = codec;
        AVCodec decoder = avcodec_find_decoder(codec == Codec.H265 ? AV_CODEC_ID_HEVC : AV_CODEC_ID_H264);
        if (decoder == null) {
            throw new CodecException("no " + codec + " decoder in this FFmpeg build");
        }
        context = avcodec_alloc_context3(decoder);
        packet = av_packet_alloc();
        picture = av_frame_alloc();
        if (context == null || packet == null || picture == null) {
            close();
            throw new CodecException("out of memory for the " + codec + " decoder");
        }
        // One thread: frame threading would delay every picture by a frame per thread, and latency matters more.
        context.thread_count(threads);
        context.pkt_timebase(av_make_q(1, 1_000_000));
        int ret = avcodec_open2(context, decoder, (AVDictionary) null);
        if (ret < 0) {
            close();
            throw new CodecException("opening the " + codec + " decoder", ret);
        }
    }

    Codec codec() {
        return codec;
    }

    /** Sends one access unit; does not take the frame's reference. */
    void send(Frame frame) throws CodecException {
        VideoTrack track = frame.track();
        ByteBuf data = frame.data();
        int size = 0;
        if (frame.isKeyframe()) {
            size += parameterSetsSize(track);
        }
        int end = data.writerIndex();
        for (int at = data.readerIndex(); at + 4 <= end; ) {
            int length = data.getInt(at);
            if (length <= 0 || length > end - at - 4) {
                throw new CodecException("malformed length-prefixed NAL unit in " + frame);
            }
            size += START_CODE.length + length;
            at += 4 + length;
        }
        int ret = av_new_packet(packet, size);
        if (ret < 0) {
            throw new CodecException("allocating a packet", ret);
        }
        try {
            ByteBuffer out = packet.data().capacity(size).asBuffer();
            if (frame.isKeyframe()) {
                putParameterSets(out, track);
            }
            for (int at = data.readerIndex(); at + 4 <= end; ) {
                int length = data.getInt(at);
                out.put(START_CODE);
                data.getBytes(at + 4, out.slice(out.position(), length));
                out.position(out.position() + length);
                at += 4 + length;
            }
            packet.pts(frame.ptsMicros());
            packet.dts(frame.dtsMicros());
            packet.flags(frame.isKeyframe() ? AV_PKT_FLAG_KEY : 0);
            ret = avcodec_send_packet(context, packet);
            if (ret < 0 && ret != EAGAIN) {
                throw new CodecException("decoding " + frame, ret);
            }
        } finally {
            av_packet_unref(packet);
        }
    }

    /**
     * The next decoded picture, or null when the decoder needs more input. The picture belongs to the decoder and
     * stays valid until the next call.
     */
    AVFrame receive() throws CodecException {
        int ret = avcodec_receive_frame(context, picture);
        if (ret == EAGAIN || ret == AVERROR_EOF()) {
            return null;
        }
        if (ret < 0) {
            throw new CodecException("decoding", ret);
        }
        return picture;
    }

    /** Forgets the reference pictures, e.g. after a decode error, so decoding restarts cleanly at a keyframe. */
    void reset() {
        avcodec_flush_buffers(context);
    }

    private static int parameterSetsSize(VideoTrack track) {
        int size = START_CODE.length * 2 + track.sps().length + track.pps().length;
        if (track.vps() != null) {
            size += START_CODE.length + track.vps().length;
        }
        return size;
    }

    private static void putParameterSets(ByteBuffer out, VideoTrack track) {
        if (track.vps() != null) {
            out.put(START_CODE).put(track.vps());
        }
        out.put(START_CODE).put(track.sps());
        out.put(START_CODE).put(track.pps());
    }

    @Override
    public void close() {
        if (picture != null) {
            av_frame_free(picture);
            picture = null;
        }
        if (packet != null) {
            av_packet_free(packet);
            packet = null;
        }
        if (context != null) {
            avcodec_free_context(context);
            context = null;
        }
    }
}
