package org.sharpeye.ingest.transcode;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.ffmpeg.swscale.SwsFilter;
import org.bytedeco.javacpp.DoublePointer;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

/**
 * Converts decoded pictures to the encoder's size and 8-bit 4:2:0 format with swscale; a picture that already is
 * both passes through untouched. One thread uses it; {@link #close()} frees the natives.
 */
final class PictureScaler implements AutoCloseable {

    private final PictureSize target;
    private SwsContext sws;
    private AVFrame scaled;

    PictureScaler(PictureSize target) {
        this.target = target;
    }

    PictureSize target() {
        return target;
    }

    /** The picture at the target size and format: {@code in} itself, or a frame owned by this scaler. */
    AVFrame scale(AVFrame in) throws CodecException {
        if (in.width() == target.width() && in.height() == target.height() && in.format() == AV_PIX_FMT_YUV420P) {
            return in;
        }
        // A cached context is reused while the input geometry stays the same (swscale compares the parameters).
        sws = sws_getCachedContext(sws, in.width(), in.height(), in.format(), target.width(), target.height(),
                AV_PIX_FMT_YUV420P, SWS_BILINEAR, (SwsFilter) null, (SwsFilter) null, (DoublePointer) null);
        if (sws == null) {
            throw new CodecException("swscale cannot convert " + in.width() + "x" + in.height() + " format "
                    + in.format());
        }
        int ret;
        if (scaled == null) {
            scaled = av_frame_alloc();
            if (scaled == null) {
                throw new CodecException("out of memory for a scaled picture");
            }
            scaled.width(target.width()).height(target.height()).format(AV_PIX_FMT_YUV420P);
            ret = av_frame_get_buffer(scaled, 0);
        } else {
            ret = av_frame_make_writable(scaled); // the encoder may still hold a reference to the last one
        }
        if (ret < 0) {
            throw new CodecException("allocating a scaled picture", ret);
        }
        sws_scale(sws, in.data(), in.linesize(), 0, in.height(), scaled.data(), scaled.linesize());
        scaled.pts(in.pts());
        return scaled;
    }

    @Override
    public void close() {
        if (scaled != null) {
            av_frame_free(scaled);
            scaled = null;
        }
        if (sws != null) {
            sws_freeContext(sws);
            sws = null;
        }
    }
}
