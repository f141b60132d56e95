package org.sharpeye.ingest.picture;

import io.netty.buffer.ByteBuf;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.ffmpeg.swscale.SwsFilter;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.sharpeye.media.Codec;
import org.sharpeye.media.Frame;
import org.sharpeye.media.VideoTrack;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_HEVC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_GRAY8;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.swscale.SWS_AREA;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

/**
 * Decodes one keyframe with FFmpeg's avcodec (through the JavaCPP presets) into a luma thumbnail and a JPEG. A
 * fresh decoder per keyframe: checks are rare (minutes apart) and an IDR/IRAP picture needs no references. The
 * track's parameter sets go in front in Annex B form (ITU-T H.264/H.265 Annex B), so no extradata is needed.
 */
final class KeyframeDecoder {

    /** A decoded keyframe. */
    record Decoded(LumaThumbnail thumbnail, byte[] jpeg, int width, int height) {
    }

    private static final byte[] START_CODE = {0, 0, 0, 1};

    private KeyframeDecoder() {
    }

    /** Decodes {@code frame}; does not take its reference. Throws IOException when it does not decode. */
    static Decoded decode(Frame frame) throws IOException {
        byte[] annexB = annexB(frame);
        VideoTrack track = frame.track();
        AVCodec codec = avcodec_find_decoder(track.codec() == Codec.H265 ? AV_CODEC_ID_HEVC : AV_CODEC_ID_H264);
        if (codec == null) {
            throw new IOException("no " + track.codec() + " decoder in this FFmpeg build");
        }
        AVCodecContext context = avcodec_alloc_context3(codec);
        AVPacket packet = av_packet_alloc();
        AVFrame picture = av_frame_alloc();
        try {
            context.thread_count(1);
            check(avcodec_open2(context, codec, (AVDictionary) null), "opening the decoder");
            check(av_new_packet(packet, annexB.length), "allocating a packet");
            packet.data().capacity(annexB.length).put(annexB);
            packet.flags(AV_PKT_FLAG_KEY);
            check(avcodec_send_packet(context, packet), "decoding the keyframe");
            avcodec_send_packet(context, null); // drain: the one picture comes out now
            check(avcodec_receive_frame(context, picture), "receiving the picture");
            int width = picture.width();
            int height = picture.height();
            byte[] thumb = scale(picture, LumaThumbnail.WIDTH, LumaThumbnail.HEIGHT, AV_PIX_FMT_GRAY8, 1);
            byte[] bgr = scale(picture, width, height, AV_PIX_FMT_BGR24, 3);
            return new Decoded(new LumaThumbnail(thumb), jpeg(bgr, width, height), width, height);
        } finally {
            av_frame_free(picture);
            av_packet_free(packet);
            avcodec_free_context(context);
        }
    }

    private static byte[] annexB(Frame frame) throws IOException {
        VideoTrack track = frame.track();
        ByteArrayOutputStream out = new ByteArrayOutputStream(frame.data().readableBytes() + 256);
        if (track.vps() != null) {
            out.writeBytes(START_CODE);
            out.writeBytes(track.vps());
        }
        out.writeBytes(START_CODE);
        out.writeBytes(track.sps());
        out.writeBytes(START_CODE);
        out.writeBytes(track.pps());
        ByteBuf data = frame.data();
        int end = data.writerIndex();
        for (int at = data.readerIndex(); at + 4 <= end; ) {
            int length = data.getInt(at);
            if (length <= 0 || length > end - at - 4) {
                throw new IOException("malformed length-prefixed NAL unit");
            }
            byte[] nal = new byte[length];
            data.getBytes(at + 4, nal);
            out.writeBytes(START_CODE);
            out.writeBytes(nal);
            at += 4 + length;
        }
        return out.toByteArray();
    }

    /** Converts the picture to a packed format and size with swscale; returns the rows without padding. */
    private static byte[] scale(AVFrame in, int width, int height, int format, int bytesPerPixel) throws IOException {
        SwsContext sws = sws_getContext(in.width(), in.height(), in.format(), width, height, format, SWS_AREA,
                (SwsFilter) null, (SwsFilter) null, (DoublePointer) null);
        if (sws == null) {
            throw new IOException("swscale cannot convert format " + in.format());
        }
        int stride = width * bytesPerPixel;
        BytePointer buffer = new BytePointer((long) stride * height + 64);
        try {
            PointerPointer<BytePointer> planes = new PointerPointer<>(buffer, null, null, null);
            IntPointer strides = new IntPointer(stride, 0, 0, 0);
            sws_scale(sws, in.data(), in.linesize(), 0, in.height(), planes, strides);
            byte[] out = new byte[stride * height];
            buffer.get(out);
            planes.close();
            strides.close();
            return out;
        } finally {
            buffer.close();
            sws_freeContext(sws);
        }
    }

    private static byte[] jpeg(byte[] bgr, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] target = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        System.arraycopy(bgr, 0, target, 0, Math.min(bgr.length, target.length));
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(width * height / 8);
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.8f);
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static void check(int ret, String what) throws IOException {
        if (ret < 0) {
            throw new IOException(what + " failed (" + ret + ")");
        }
    }
}
