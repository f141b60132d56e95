package org.sharpeye.gateway.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import org.sharpeye.media.net.NetTransport;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The floor of a warm switch on this machine: a bare Netty HTTP/1.1 server with no SharpEye code in it, on the same
 * event loops, answering every GET with what a warm switch's first write carries (a chunked response head, an FLV
 * header and one keyframe tag of the camera's keyframe size), prepared in advance. What it takes from the request to
 * the client's first keyframe byte is what the machine, the kernel's loopback and Netty cost without SharpEye.
 * Two ways to accept a connection:
 * <ul>
 *   <li>{@link Accept#ACCEPTOR_THREAD}: as Vert.x does, one acceptor thread accepts and hands each connection to an
 *       event loop;</li>
 *   <li>{@link Accept#ON_EVENT_LOOPS}: every event loop has its own listening socket on the port ({@code SO_REUSEPORT},
 *       epoll only) and serves the connections it accepts, with no hand-over.</li>
 * </ul>
 */
final class FloorServer implements AutoCloseable {

    enum Accept { ACCEPTOR_THREAD, ON_EVENT_LOOPS }

    private final ByteBuf answer;
    private final List<Channel> listening = new ArrayList<>();
    private final EventLoopGroup acceptor;
    private final int port;

    /** Listens on 127.0.0.1, a free port, serving on {@code loops}. */
    FloorServer(EventLoopGroup loops, Accept accept, int keyframeBytes) throws InterruptedException {
        answer = Unpooled.directBuffer().writeBytes(flvWithKeyframe(keyframeBytes));
        NetTransport transport = NetTransport.of(loops);
        if (accept == Accept.ACCEPTOR_THREAD) {
            acceptor = transport.newGroup(1, "floor-acceptor");
            listening.add(bootstrap(acceptor, loops, transport).bind(new InetSocketAddress("127.0.0.1", 0)).sync()
                    .channel());
        } else {
            if (transport != NetTransport.EPOLL) {
                throw new IllegalStateException("accepting on the event loops needs SO_REUSEPORT: epoll only");
            }
            acceptor = null;
            int bound = 0;
            for (var executor : loops) {
                io.netty.channel.EventLoop loop = (io.netty.channel.EventLoop) executor;
                Channel channel = bootstrap(loop, loop, transport).option(EpollChannelOption.SO_REUSEPORT, true)
                        .bind(new InetSocketAddress("127.0.0.1", bound)).sync().channel();
                bound = ((InetSocketAddress) channel.localAddress()).getPort();
                listening.add(channel);
            }
        }
        port = ((InetSocketAddress) listening.get(0).localAddress()).getPort();
    }

    int port() {
        return port;
    }

    private ServerBootstrap bootstrap(EventLoopGroup parent, EventLoopGroup child, NetTransport transport) {
        return new ServerBootstrap().group(parent, child).channel(transport.serverSocketChannel())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new Answer());
                    }
                });
    }

    /** Every GET gets the head and the FLV bytes in one flush, and the connection stays open, as a live view's. */
    private final class Answer extends SimpleChannelInboundHandler<HttpObject> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (msg instanceof HttpRequest) {
                HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                head.headers().set(HttpHeaderNames.CONTENT_TYPE, "video/x-flv");
                HttpUtil.setTransferEncodingChunked(head, true);
                ctx.write(head);
                ctx.writeAndFlush(new DefaultHttpContent(answer.retainedDuplicate()))
                        .addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** An FLV header and one AVC keyframe tag (NAL unit data, not decodable) with a body of {@code bytes}. */
    static byte[] flvWithKeyframe(int bytes) {
        ByteBuf b = Unpooled.buffer();
        b.writeBytes(new byte[] {'F', 'L', 'V', 1, 1}).writeInt(9).writeInt(0); // header, PreviousTagSize0
        b.writeByte(9).writeMedium(bytes).writeMedium(0).writeByte(0).writeMedium(0); // video tag header
        b.writeByte(0x17).writeByte(1).writeMedium(0).writeZero(bytes - 5); // keyframe, AVC NALU, composition time
        b.writeInt(11 + bytes); // PreviousTagSize
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        for (Channel channel : listening) {
            channel.close().sync();
        }
        if (acceptor != null) {
            acceptor.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
        }
        answer.release();
    }
}
