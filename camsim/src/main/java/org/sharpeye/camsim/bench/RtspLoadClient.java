package org.sharpeye.camsim.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A minimal RTSP reader for load tests: plays N URLs over interleaved TCP and counts the bytes each one receives,
 * discarding them undecoded, so one small process can pull a thousand streams.
 */
public final class RtspLoadClient implements AutoCloseable {

    /** The default RTSP port (RFC 2326 section 3.2). */
    public static final int DEFAULT_PORT = 554;

    private final EventLoopGroup group;
    private final List<RtspLoadHandler> handlers = new ArrayList<>();
    private final List<Channel> channels = new ArrayList<>();

    private RtspLoadClient(EventLoopGroup group) {
        this.group = group;
    }

    /**
     * Connects to every URL and starts playing; returns at once (streams come up in the background).
     *
     * @param threads event loop threads; one handles a thousand 2 Mbit/s streams on loopback
     */
    public static RtspLoadClient start(List<URI> urls, int threads) {
        RtspLoadClient client = new RtspLoadClient(new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory()));
        Bootstrap bootstrap = new Bootstrap()
                .group(client.group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .option(ChannelOption.TCP_NODELAY, true);
        for (URI url : urls) {
            if (!"rtsp".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
                throw new IllegalArgumentException("not an rtsp:// URL with a host: " + url);
            }
            RtspLoadHandler handler = new RtspLoadHandler(url, "sharpeye-camsim-bench");
            client.handlers.add(handler);
            ChannelFuture connect = bootstrap.clone()
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(handler);
                        }
                    })
                    .connect(url.getHost(), url.getPort() < 0 ? DEFAULT_PORT : url.getPort());
            client.channels.add(connect.channel());
            connect.addListener(f -> {
                if (!f.isSuccess()) {
                    handler.connectFailed(f.cause());
                }
            });
        }
        return client;
    }

    /** What every stream received so far, in the order of the URLs. */
    public List<StreamCount> counts() {
        List<StreamCount> out = new ArrayList<>(handlers.size());
        for (RtspLoadHandler h : handlers) {
            out.add(h.count());
        }
        return out;
    }

    /** Closes every stream and stops the event loops. */
    @Override
    public void close() {
        for (RtspLoadHandler h : handlers) {
            h.markClosed();
        }
        for (Channel c : channels) {
            c.close();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
