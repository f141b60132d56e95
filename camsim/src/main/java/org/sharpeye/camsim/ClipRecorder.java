package org.sharpeye.camsim;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;
import org.sharpeye.media.Codec;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * Encodes rendered pictures with FFmpeg's libx264 or libx265 (through JavaCV) into a raw Annex B elementary
 * stream in memory, with the settings of a live camera: no B-frames, a closed GOP of fixed length, a capped
 * bitrate and parameter sets before every keyframe.
 */
final class ClipRecorder {

    static {
        // FFmpeg logs every encoder's settings at INFO to stderr; a fleet of cameras would drown the log.
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    /** The constant QP of frozen clips: a sharp still picture, a fraction of the profile's bitrate. */
    private static final int FROZEN_QP = 24;

    private ClipRecorder() {
    }

    /** Encodes {@code frames} pictures of {@code renderer} and returns the Annex B byte stream. */
    static byte[] encode(Codec codec, ClipSource.VideoFormat format, int frames, Picture picture,
                         ClipRenderer renderer) {
        long expected = (long) frames * format.bitrateKbps() * 1000 / 8 / format.fps();
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(expected + 65_536, 64L << 20));
        FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(out, format.width(), format.height(), 0);
        configure(recorder, codec, format, picture);
        try (Frame frame = new Frame(format.width(), format.height(), Frame.DEPTH_UBYTE, 3)) {
            recorder.start();
            ByteBuffer image = (ByteBuffer) frame.image[0];
            for (int i = 0; i < frames; i++) {
                copy(renderer.render(picture, i), format.width() * 3, image, frame.imageStride);
                recorder.record(frame, avutil.AV_PIX_FMT_BGR24);
            }
            recorder.stop();
        } catch (FrameRecorder.Exception e) {
            throw new IllegalStateException("encoding a " + codec + " clip failed: " + e.getMessage(), e);
        } finally {
            try {
                recorder.release();
            } catch (FrameRecorder.Exception e) {
                // Nothing left to save: the native encoder is freed as far as FFmpeg allows.
            }
        }
        return out.toByteArray();
    }

    /** Copies packed rows into the frame, whose rows JavaCV pads to a multiple of 8 bytes. */
    private static void copy(byte[] rows, int rowBytes, ByteBuffer image, int stride) {
        image.clear();
        if (stride == rowBytes) {
            image.put(rows);
        } else {
            for (int at = 0, y = 0; at < rows.length; at += rowBytes, y++) {
                image.position(y * stride);
                image.put(rows, at, rowBytes);
            }
        }
        image.position(0);
    }

    private static void configure(FFmpegFrameRecorder r, Codec codec, ClipSource.VideoFormat f, Picture picture) {
        int gop = f.gopFrames();
        String common = String.format(Locale.ROOT, "keyint=%d:min-keyint=%d:scenecut=0:bframes=0:open-gop=0", gop, gop);
        if (picture == Picture.FROZEN) {
            // With a bitrate to spend, the encoder keeps refining a still picture frame after frame, so the decoded
            // frames differ a little. At a constant QP, P-frames quantize coarser than the keyframe (ipratio) and
            // carry nothing: every frame decodes to the same picture, as from a frozen camera.
            common += ":qp=" + FROZEN_QP;
        }
        if (codec == Codec.H264) {
            r.setFormat("h264");
            r.setVideoCodecName("libx264");
            // Raw Annex B without global headers: x264 repeats SPS/PPS before every IDR.
            r.setVideoOption("x264-params", common);
        } else if (codec == Codec.H265) {
            r.setFormat("hevc");
            r.setVideoCodecName("libx265");
            // x265 writes parameter sets only once unless told; info=0 drops its version SEI; it logs on its own.
            r.setVideoOption("x265-params", common + ":repeat-headers=1:info=0:log-level=error");
        } else {
            throw new IllegalArgumentException("not a video codec camsim encodes: " + codec);
        }
        r.setVideoOption("preset", "ultrafast");
        r.setVideoOption("tune", "zerolatency");
        r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        r.setFrameRate(f.fps());
        r.setGopSize(gop);
        r.setMaxBFrames(0);
        if (picture == Picture.FROZEN) {
            return;
        }
        int bps = f.bitrateKbps() * 1000;
        r.setVideoBitrate(bps);
        // A camera's CBR: cap the rate over one second so every second of the loop carries about the same bytes.
        r.setVideoOption("maxrate", Integer.toString(bps));
        r.setVideoOption("bufsize", Integer.toString(bps));
    }
}
