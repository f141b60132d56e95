package org.sharpeye.camsim;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.rtsp.RtspDecoder;
import io.netty.handler.codec.rtsp.RtspEncoder;
import io.netty.handler.timeout.IdleStateHandler;

/** The pipeline of an RTSP connection: idle watchdog, interleave splitter, RTSP codec, aggregator, camera logic. */
final class RtspServerInitializer extends ChannelInitializer<SocketChannel> {

    static final int MAX_INITIAL_LINE = 4096;
    static final int MAX_HEADERS = 8192;
    static final int MAX_BODY = 16384;
    /** A connection with no request nor RTCP for twice the session timeout is closed. */
    static final int IDLE_SECONDS = 2 * RtspSession.TIMEOUT_SECONDS;

    private final RtspServer server;
    private final CamSimStats stats;

    RtspServerInitializer(RtspServer server, CamSimStats stats) {
        this.server = server;
        this.stats = stats;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        server.connections.add(ch);
        ch.pipeline()
                .addLast("idle", new IdleStateHandler(IDLE_SECONDS, 0, 0))
                .addLast("interleave", new InterleavedFrameDecoder(MAX_INITIAL_LINE + MAX_HEADERS, MAX_BODY))
                .addLast("decoder", new RtspDecoder(MAX_INITIAL_LINE, MAX_HEADERS, MAX_BODY))
                .addLast("encoder", new RtspEncoder())
                .addLast("aggregator", new HttpObjectAggregator(MAX_BODY))
                .addLast("camera", new RtspServerHandler(server, stats));
    }
}
