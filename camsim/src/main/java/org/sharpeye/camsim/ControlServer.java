package org.sharpeye.camsim;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import org.sharpeye.media.net.NetTransport;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;

import java.net.InetSocketAddress;
import java.util.concurrent.Executor;

/** The control API's HTTP listener on 127.0.0.1 (routes in {@link ControlApiHandler}). */
final class ControlServer {

    private static final int MAX_BODY = 16 * 1024;

    private final Channel channel;

    private ControlServer(Channel channel) {
        this.channel = channel;
    }

    static ControlServer start(CamSim sim, int port, EventLoopGroup boss, EventLoopGroup workers, Executor admin) {
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(NetTransport.of(boss).serverSocketChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(new HttpServerCodec(4096, 8192, 8192))
                                .addLast(new HttpObjectAggregator(MAX_BODY))
                                .addLast(new ControlApiHandler(sim, admin));
                    }
                });
        io.netty.channel.ChannelFuture f = b.bind("127.0.0.1", port).syncUninterruptibly();
        return new ControlServer(f.channel());
    }

    int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    void close() {
        channel.close().syncUninterruptibly();
    }
}
