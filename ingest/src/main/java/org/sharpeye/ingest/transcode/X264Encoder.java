package org.sharpeye.ingest.transcode;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_I;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_NONE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;

/**
 * libx264 through FFmpeg, set up for live viewing: tune zerolatency (no lookahead, one picture in gives one packet
 * out), no B-frames, constrained bitrate (VBV of one second), SPS/PPS repeated before every IDR so a viewer can
 * join at any keyframe, no scene-cut keyframes (keyframes come where the source has them). Timestamps are
 * microseconds. One thread uses it; {@link #close()} frees the natives.
 */
final class X264Encoder implements AutoCloseable {

    /** Receives each encoded packet as Annex B bytes with its pts. */
    interface PacketSink {
        void packet(byte[] annexB, long ptsMicros);
    }

    private final PictureSize size;
    private AVCodecContext context;
    private AVPacket packet;

    /**
     * @param gopFrames the longest run between IDRs; IDRs are also forced where the source has keyframes
     * @param framesPerSecond a hint for rate control; the real timing comes from the timestamps
     */
    X264Encoder(PictureSize size, int framesPerSecond, int gopFrames, TranscodeOptions options)
            throws CodecException {
        this.size = size;
        AVCodec encoder = avcodec_find_encoder_by_name("libx264");
        if (encoder == null) {
            throw new CodecException("libx264 is not in this FFmpeg build (the -gpl natives are needed)");
        }
        context = avcodec_alloc_context3(encoder);
        packet = av_packet_alloc();
        if (context == null || packet == null) {
            close();
            throw new CodecException("out of memory for the H.264 encoder");
        }
        context.width(size.width());
        context.height(size.height());
        context.pix_fmt(AV_PIX_FMT_YUV420P);
        context.time_base(av_make_q(1, 1_000_000));
        context.framerate(av_make_q(framesPerSecond, 1));
        context.gop_size(gopFrames);
        context.max_b_frames(0);
        context.bit_rate(options.bitrate());
        context.rc_max_rate(options.bitrate());
        context.rc_buffer_size((int) Math.min(Integer.MAX_VALUE, options.bitrate()));
        context.thread_count(options.threads());
        AVDictionary settings = new AVDictionary(null);
        try {
            av_dict_set(settings, "preset", options.preset(), 0);
            av_dict_set(settings, "tune", "zerolatency", 0);
            av_dict_set(settings, "forced-idr", "1", 0);
            av_dict_set(settings, "x264-params", "repeat-headers=1:scenecut=0:aud=0", 0);
            int ret = avcodec_open2(context, encoder, settings);
            if (ret < 0) {
                close();
                throw new CodecException("opening libx264 at " + size, ret);
            }
        } finally {
            av_dict_free(settings);
        }
    }

    PictureSize size() {
        return size;
    }

    /**
     * Encodes one picture at this encoder's size and hands every packet it yields to {@code sink}.
     *
     * @param keyframe true to force an IDR here (the source has a keyframe at this picture)
     */
    void encode(AVFrame picture, boolean keyframe, PacketSink sink) throws CodecException {
        // Always set: decoders mark their output I/P/B, and libx264 would take a plain I as a forced keyframe.
        picture.pict_type(keyframe ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE);
        int ret = avcodec_send_frame(context, picture);
        if (ret < 0) {
            throw new CodecException("encoding", ret);
        }
        while (true) {
            ret = avcodec_receive_packet(context, packet);
            if (ret == SourceDecoder.EAGAIN || ret == AVERROR_EOF()) {
                return;
            }
            if (ret < 0) {
                throw new CodecException("encoding", ret);
            }
            try {
                byte[] bytes = new byte[packet.size()];
                packet.data().get(bytes);
                sink.packet(bytes, packet.pts());
            } finally {
                av_packet_unref(packet);
            }
        }
    }

    @Override
    public void close() {
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
