package org.sharpeye.ingest.rtsp;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.rtsp.RtspEncoder;

/**
 * The pipeline of one camera connection: Netty's RTSP request encoder, our interleaved decoder, the handler (which
 * also takes the decoder's interleaved packets straight, as its {@link InterleavedSink}).
 */
final class RtspClientInitializer extends ChannelInitializer<SocketChannel> {

    private final RtspClientHandler handler;

    RtspClientInitializer(RtspClientHandler handler) {
        this.handler = handler;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.pipeline().addLast("rtspEncoder", new RtspEncoder());
        ch.pipeline().addLast("interleavedDecoder", new InterleavedFrameDecoder(handler));
        ch.pipeline().addLast("rtspClient", handler);
    }

    /** initChannel failed (a bug, a missing class): the handler never joined the pipeline, so tell it here. */
    @Override
    public void exceptionCaught(io.netty.channel.ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
        handler.initFailed(cause);
    }
}
