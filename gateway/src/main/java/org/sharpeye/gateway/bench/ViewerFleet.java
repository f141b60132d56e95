package org.sharpeye.gateway.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many HTTP-FLV viewers that read and discard, counting bytes: the load for a fan-out measurement. Runs on its own
 * event loop, whose threads are named {@code bench-viewer} so their CPU can be told apart from SharpEye's.
 */
final class ViewerFleet implements AutoCloseable {

    static final String THREAD_PREFIX = "bench-viewer";

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
            new DefaultThreadFactory(THREAD_PREFIX, true), NioIoHandler.newFactory());
    private final List<AtomicLong> received = new ArrayList<>();
    private final List<Channel> channels = new ArrayList<>();

    /** Opens {@code n} viewers of {@code path} on the gateway at {@code port}. */
    ViewerFleet(int port, int n, java.util.function.IntFunction<String> path) throws InterruptedException {
        for (int i = 0; i < n; i++) {
            AtomicLong bytes = new AtomicLong();
            received.add(bytes);
            byte[] request = ("GET " + path.apply(i) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            Channel ch = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelActive(ChannelHandlerContext ctx) {
                            ctx.writeAndFlush(Unpooled.wrappedBuffer(request));
                        }

                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            ByteBuf buf = (ByteBuf) msg;
                            bytes.addAndGet(buf.readableBytes());
                            buf.release();
                        }
                    })
                    .connect("127.0.0.1", port).sync().channel();
            channels.add(ch);
        }
    }

    /** Bytes each viewer has received so far. */
    long[] received() {
        return received.stream().mapToLong(AtomicLong::get).toArray();
    }

    /** Viewers whose connection is still open. */
    long open() {
        return channels.stream().filter(Channel::isActive).count();
    }

    @Override
    public void close() {
        channels.forEach(Channel::close);
        group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
