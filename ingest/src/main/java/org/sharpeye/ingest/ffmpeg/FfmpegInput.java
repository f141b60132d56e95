package org.sharpeye.ingest.ffmpeg;

import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.javacpp.PointerPointer;
import org.sharpeye.ingest.FailureReason;
import org.sharpeye.media.AudioTrack;
import org.sharpeye.media.Codec;

import java.util.Map;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_HEVC;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EXIT;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;

/**
 * One input opened by FFmpeg's demuxers (libavformat), read packet by packet without decoding: its video stream
 * (H.264 or H.265), the stream's decoder configuration and time base, and its audio stream when it is AAC or G.711
 * (see {@link AudioPackets}). Every blocking call is bounded by the {@link Interruption}. Used by one worker thread; {@link #close()} frees the natives.
 */
final class FfmpegInput implements AutoCloseable {

    /** One packet of the video or audio stream, copied out of FFmpeg's buffer; audio is a raw access unit. */
    record Packet(boolean audio, byte[] data, long ptsMicros, long dtsMicros) {
    }

    private final Interruption interruption;
    private AVFormatContext context;
    private AVPacket packet;
    private final int videoIndex;
    private final Codec codec;
    private final DecoderConfiguration configuration;
    private final int timeBaseNum;
    private final int timeBaseDen;
    private final int audioIndex;
    private final AudioPackets audio;
    private final int audioTimeBaseNum;
    private final int audioTimeBaseDen;
    private final boolean finite;
    private final String format;
    private long lastDtsMicros = Long.MIN_VALUE;

    private FfmpegInput(Interruption interruption, AVFormatContext context) throws FfmpegException {
        this.interruption = interruption;
        this.context = context;
        int index = av_find_best_stream(context, AVMEDIA_TYPE_VIDEO, -1, -1, (org.bytedeco.ffmpeg.avcodec.AVCodec) null, 0);
        if (index < 0) {
            throw new FfmpegException(new FfmpegFailure(FailureReason.PROTOCOL_ERROR, "no video stream"));
        }
        AVStream stream = context.streams(index);
        AVCodecParameters parameters = stream.codecpar();
        int codecId = parameters.codec_id();
        if (codecId != AV_CODEC_ID_H264 && codecId != AV_CODEC_ID_HEVC) {
            throw new FfmpegException(new FfmpegFailure(FailureReason.PROTOCOL_ERROR, "video is "
                    + avcodec_get_name(codecId).getString() + ", not H.264 or H.265"));
        }
        this.videoIndex = index;
        this.codec = codecId == AV_CODEC_ID_HEVC ? Codec.H265 : Codec.H264;
        byte[] extradata = new byte[Math.max(0, parameters.extradata_size())];
        if (extradata.length > 0) {
            parameters.extradata().get(extradata);
        }
        try {
            this.configuration = DecoderConfiguration.parse(codec, extradata);
        } catch (IllegalArgumentException e) {
            throw new FfmpegException(new FfmpegFailure(FailureReason.PROTOCOL_ERROR, e.getMessage()));
        }
        this.timeBaseNum = stream.time_base().num();
        this.timeBaseDen = stream.time_base().den();
        int a = av_find_best_stream(context, AVMEDIA_TYPE_AUDIO, -1, index,
                (org.bytedeco.ffmpeg.avcodec.AVCodec) null, 0);
        AudioPackets found = null;
        if (a >= 0) {
            AVStream audioStream = context.streams(a);
            AVCodecParameters ap = audioStream.codecpar();
            byte[] config = new byte[Math.max(0, ap.extradata_size())];
            if (config.length > 0) {
                ap.extradata().get(config);
            }
            found = AudioPackets.of(avcodec_get_name(ap.codec_id()).getString(), config, ap.sample_rate(),
                    ap.ch_layout().nb_channels());
        }
        this.audio = found;
        this.audioIndex = found == null ? -1 : a;
        this.audioTimeBaseNum = found == null ? 1 : context.streams(a).time_base().num();
        this.audioTimeBaseDen = found == null ? 1 : context.streams(a).time_base().den();
        this.finite = context.duration() > 0 && context.duration() != AV_NOPTS_VALUE;
        this.format = context.iformat() == null ? "?" : context.iformat().name().getString();
        this.packet = av_packet_alloc();
    }

    /**
     * Opens {@code url} (which may carry credentials: never log it) and finds its streams.
     *
     * @param options FFmpeg options of the protocol and demuxer
     */
    static FfmpegInput open(String url, Map<String, String> options, Interruption interruption, long timeoutNanos)
            throws FfmpegException {
        AVFormatContext context = avformat_alloc_context();
        context.interrupt_callback().callback(interruption);
        AVDictionary dictionary = new AVDictionary(null);
        options.forEach((k, v) -> av_dict_set(dictionary, k, v, 0));
        interruption.allow(timeoutNanos);
        int ret = avformat_open_input(context, url, null, dictionary);
        av_dict_free(dictionary);
        if (ret < 0) { // FFmpeg freed the context
            throw new FfmpegException(interrupted(ret, "no answer", timeoutNanos, interruption, true));
        }
        FfmpegInput input = null;
        try {
            interruption.allow(timeoutNanos);
            ret = avformat_find_stream_info(context, (PointerPointer<?>) null);
            if (ret < 0) {
                throw new FfmpegException(interrupted(ret, "no stream information", timeoutNanos, interruption, true));
            }
            input = new FfmpegInput(interruption, context);
            return input;
        } finally {
            if (input == null) {
                avformat_close_input(context);
            }
        }
    }

    private static FfmpegFailure interrupted(int code, String what, long nanos, Interruption interruption,
                                             boolean opening) {
        if (code == AVERROR_EXIT && interruption.deadlinePassed()) {
            return new FfmpegFailure(opening ? FailureReason.UNREACHABLE : FailureReason.STALLED,
                    what + " within " + nanos / 1_000_000 + " ms");
        }
        return opening ? FfmpegFailure.ofOpen(code) : FfmpegFailure.ofRead(code);
    }

    Codec codec() {
        return codec;
    }

    DecoderConfiguration configuration() {
        return configuration;
    }

    /** The track of the input's audio (AAC or G.711), or null: none, or one SharpEye cannot carry. */
    AudioTrack audioTrack() {
        return audio == null ? null : audio.track();
    }

    /** True for an input of known duration (a file, an HLS playlist with an end): it must be paced. */
    boolean finite() {
        return finite;
    }

    /** The demuxer's name, e.g. "flv", "hls", "mov,mp4,m4a,3gp,3g2,mj2". */
    String format() {
        return format;
    }

    /**
     * The next packet of the video stream, or of the audio stream when {@link #audioTrack()} is not null (other
     * streams are skipped).
     *
     * @param timeoutNanos longest wait for it
     * @throws FfmpegException at the end of the stream, on an error, or when stopped (AVERROR_EXIT)
     */
    Packet read(long timeoutNanos) throws FfmpegException {
        while (true) {
            interruption.allow(timeoutNanos);
            int ret = av_read_frame(context, packet);
            if (ret < 0) {
                throw new FfmpegException(interrupted(ret, "no data", timeoutNanos, interruption, false));
            }
            try {
                boolean isAudio = packet.stream_index() == audioIndex;
                if ((packet.stream_index() != videoIndex && !isAudio) || packet.size() <= 0) {
                    continue;
                }
                byte[] data = new byte[packet.size()];
                packet.data().get(data);
                if (isAudio) {
                    if (packet.pts() == AV_NOPTS_VALUE && packet.dts() == AV_NOPTS_VALUE) {
                        continue; // audio without a time cannot be placed against the video
                    }
                    long ticks = packet.pts() != AV_NOPTS_VALUE ? packet.pts() : packet.dts();
                    long at = micros(ticks, audioTimeBaseNum, audioTimeBaseDen);
                    byte[] unit = audio.accessUnit(data);
                    if (unit.length == 0) {
                        continue;
                    }
                    return new Packet(true, unit, at, at);
                }
                long dts = packet.dts() != AV_NOPTS_VALUE ? micros(packet.dts())
                        : packet.pts() != AV_NOPTS_VALUE ? micros(packet.pts()) : lastDtsMicros + 1;
                long pts = packet.pts() != AV_NOPTS_VALUE ? micros(packet.pts()) : dts;
                lastDtsMicros = dts;
                return new Packet(false, data, pts, dts);
            } finally {
                av_packet_unref(packet);
            }
        }
    }

    private long micros(long ticks) {
        return micros(ticks, timeBaseNum, timeBaseDen);
    }

    private static long micros(long ticks, int num, int den) {
        return (long) (ticks * 1_000_000.0 * num / den);
    }

    @Override
    public void close() {
        if (packet != null) {
            av_packet_free(packet);
            packet = null;
        }
        if (context != null) {
            avformat_close_input(context);
            context = null;
        }
    }
}
