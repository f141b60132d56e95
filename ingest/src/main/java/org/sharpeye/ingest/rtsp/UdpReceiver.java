package org.sharpeye.ingest.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketProtocolFamily;
import org.sharpeye.media.net.NetTransport;
import org.sharpeye.media.rtp.RtpPacket;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The two UDP ports of one RTP session (RFC 3550 11: RTP on an even port, RTCP on the next), bound on the
 * address our RTSP connection uses, registered on the connection's event loop. RTP goes through a small
 * {@link RtpReorderBuffer}; RTCP from the camera to a callback; our receiver reports go to the camera's RTCP port.
 */
final class UdpReceiver implements AutoCloseable {

    private static final int BIND_ATTEMPTS = 20;
    private static final int REORDER_WINDOW = 16;

    private final DatagramChannel rtp;
    private final DatagramChannel rtcp;
    private final RtpReorderBuffer reorder;
    private InetSocketAddress cameraRtcp;

    /**
     * @param onRtp each RTP packet in order; released after it returns
     * @param onRtcp each RTCP datagram's content (not retained) and its arrival time
     * @param onMalformed a datagram on the RTP port that is not RTP
     */
    UdpReceiver(EventLoop loop, InetAddress local, Consumer<RtpPacket> onRtp, BiConsumer<ByteBuf, Long> onRtcp,
                Consumer<String> onMalformed) throws IOException {
        this.reorder = new RtpReorderBuffer(REORDER_WINDOW, onRtp);
        ChannelHandler rtpHandler = new SimpleChannelInboundHandler<DatagramPacket>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket datagram) {
                if (RtpPacket.parse(datagram.content()) instanceof RtpPacket packet) {
                    try {
                        reorder.push(packet);
                    } finally {
                        packet.release();
                    }
                } else {
                    onMalformed.accept("not RTP on the RTP port");
                }
            }
        };
        ChannelHandler rtcpHandler = new SimpleChannelInboundHandler<DatagramPacket>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket datagram) {
                onRtcp.accept(datagram.content(), System.nanoTime());
            }
        };
        DatagramChannel[] pair = bindPair(loop, local, rtpHandler, rtcpHandler);
        this.rtp = pair[0];
        this.rtcp = pair[1];
    }

    /**
     * An even port and the next one, bound now (RFC 3550 11) on channels of the loop's transport, registered on
     * it; retried when the next port is taken.
     */
    private static DatagramChannel[] bindPair(EventLoop loop, InetAddress local, ChannelHandler rtpHandler,
                                              ChannelHandler rtcpHandler) throws IOException {
        NetTransport transport = NetTransport.of(loop);
        SocketProtocolFamily family = local instanceof java.net.Inet6Address ? SocketProtocolFamily.INET6
                : SocketProtocolFamily.INET;
        for (int attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
            DatagramChannel even = bound(loop, transport.newDatagramChannel(family), new InetSocketAddress(local, 0));
            int port = even.localAddress().getPort();
            if (port % 2 != 0 || port >= 65535) {
                even.close();
                continue;
            }
            try {
                DatagramChannel odd = bound(loop, transport.newDatagramChannel(family),
                        new InetSocketAddress(local, port + 1));
                even.pipeline().addLast(rtpHandler);
                odd.pipeline().addLast(rtcpHandler);
                return new DatagramChannel[] {even, odd};
            } catch (IOException taken) {
                even.close();
            }
        }
        throw new IOException("no free pair of UDP ports on " + local.getHostAddress());
    }

    /**
     * Registers {@code channel} on {@code loop} and binds it. On the loop itself both complete at once (they are
     * system calls); elsewhere this waits for them.
     */
    private static DatagramChannel bound(EventLoop loop, DatagramChannel channel, InetSocketAddress address)
            throws IOException {
        try {
            completed(loop.register(channel));
            completed(channel.bind(address));
            return channel;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    private static void completed(ChannelFuture future) throws IOException {
        if (!future.isDone()) {
            if (future.channel().eventLoop().inEventLoop()) {
                throw new IOException("UDP socket set-up did not complete on its event loop");
            }
            future.awaitUninterruptibly();
        }
        if (!future.isSuccess()) {
            throw future.cause() instanceof IOException io ? io : new IOException(future.cause());
        }
    }

    int rtpPort() {
        return rtp.localAddress().getPort();
    }

    /** Where receiver reports go: the camera's RTCP port from SETUP's server_port. */
    void cameraRtcp(InetSocketAddress address) {
        this.cameraRtcp = address;
    }

    /** Sends one RTCP packet (taking the buffer) to the camera; dropped when its port is unknown. */
    void sendRtcp(ByteBuf report) {
        if (cameraRtcp == null || !rtcp.isActive()) {
            report.release();
            return;
        }
        rtcp.writeAndFlush(new DatagramPacket(report, cameraRtcp));
    }

    @Override
    public void close() {
        rtp.close();
        rtcp.close();
        if (rtp.eventLoop().inEventLoop()) {
            reorder.close();
        } else {
            rtp.eventLoop().execute(reorder::close);
        }
    }
}
