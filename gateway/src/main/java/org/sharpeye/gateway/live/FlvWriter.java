package org.sharpeye.gateway.live;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.sharpeye.media.AudioTrack;
import org.sharpeye.media.Frame;
import org.sharpeye.media.flv.FlvMuxer;

/** FLV for HTTP-FLV and WS-FLV viewers: video, and AAC or G.711 audio when the camera sends it. */
final class FlvWriter implements ContainerWriter {

    private final FlvMuxer muxer = new FlvMuxer(PooledByteBufAllocator.DEFAULT);

    @Override
    public ByteBuf start(Frame keyframe, AudioTrack audio) {
        return muxer.header(keyframe.track(), audio);
    }

    @Override
    public ByteBuf frame(Frame frame) {
        return muxer.frame(frame);
    }
}
