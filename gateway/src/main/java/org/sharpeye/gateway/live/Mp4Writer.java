package org.sharpeye.gateway.live;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.json.JsonObject;
import org.sharpeye.media.AudioTrack;
import org.sharpeye.media.Frame;
import org.sharpeye.media.fmp4.Fmp4Muxer;

/**
 * fMP4 for Media Source Extensions over WebSocket: a text message describing the stream (the MIME type with its
 * RFC 6381 codecs, for {@code MediaSource.isTypeSupported} and {@code addSourceBuffer}: {@code avc1.xxx,mp4a.40.2}
 * when the camera sends AAC), then binary messages: an init segment, one fragment per frame, and a new init segment
 * when the camera's parameter sets change. G.711 audio is left out (see {@link Fmp4Muxer}).
 */
final class Mp4Writer implements ContainerWriter {

    private final Fmp4Muxer muxer = new Fmp4Muxer(PooledByteBufAllocator.DEFAULT);
    private AudioTrack audio;

    @Override
    public String describe(Frame keyframe, AudioTrack audio) {
        AudioTrack carried = Fmp4Muxer.carried(audio);
        return new JsonObject().put("type", "mse")
                .put("mimeType", Fmp4Muxer.mimeType(keyframe.track(), carried))
                .put("codecs", Fmp4Muxer.codecs(keyframe.track(), carried))
                .put("audio", carried != null)
                .put("width", keyframe.track().width())
                .put("height", keyframe.track().height())
                .encode();
    }

    @Override
    public ByteBuf start(Frame keyframe, AudioTrack audio) {
        this.audio = audio; // an MSE source buffer keeps the tracks of its first init segment
        return null; // the init segment goes with the first fragment, see frame()
    }

    @Override
    public ByteBuf frame(Frame frame) {
        ByteBuf init = frame.isVideo() && frame.isKeyframe() && muxer.needsInit(frame, audio)
                ? muxer.initSegment(frame.track(), audio) : null;
        ByteBuf fragment = muxer.fragment(frame);
        if (init == null) {
            return fragment;
        }
        if (fragment == null) {
            init.release();
            return null;
        }
        CompositeByteBuf both = PooledByteBufAllocator.DEFAULT.compositeBuffer(2);
        return both.addComponents(true, init, fragment);
    }
}
