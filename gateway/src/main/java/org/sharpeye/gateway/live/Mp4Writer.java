package org.sharpeye.gateway.live;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.json.JsonObject;
import org.sharpeye.media.Frame;
import org.sharpeye.media.fmp4.Fmp4Muxer;

/**
 * fMP4 for Media Source Extensions over WebSocket: a text message describing the stream (the MIME type with its
 * RFC 6381 codecs, for {@code MediaSource.isTypeSupported} and {@code addSourceBuffer}), then binary messages: an
 * init segment, one fragment per frame, and a new init segment when the camera's parameter sets change.
 */
final class Mp4Writer implements ContainerWriter {

    private final Fmp4Muxer muxer = new Fmp4Muxer(PooledByteBufAllocator.DEFAULT);

    @Override
    public String describe(Frame keyframe) {
        return new JsonObject().put("type", "mse")
                .put("mimeType", Fmp4Muxer.mimeType(keyframe.track()))
                .put("codecs", Fmp4Muxer.codecs(keyframe.track()))
                .put("width", keyframe.track().width())
                .put("height", keyframe.track().height())
                .encode();
    }

    @Override
    public ByteBuf start(Frame keyframe) {
        return null; // the init segment goes with the first fragment, see frame()
    }

    @Override
    public ByteBuf frame(Frame frame) {
        ByteBuf init = muxer.needsInit(frame) && frame.isKeyframe() ? muxer.initSegment(frame.track()) : null;
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
