package org.sharpeye.ingest.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import org.sharpeye.media.rtp.RtpPacket;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
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

    private final NioDatagramChannel rtp;
    private final NioDatagramChannel rtcp;
    private final RtpReorderBuffer reorder;
    private InetSocketAddress cameraRtcp;

    /**
     * @param onRtp each RTP packet in order; released after it returns
     * @param onRtcp each RTCP datagram's content (not retained) and its arrival time
     * @param onMalformed a datagram on the RTP port that is not RTP
     */
    UdpReceiver(EventLoop loop, InetAddress local, Consumer<RtpPacket> onRtp, BiConsumer<ByteBuf, Long> onRtcp,
                Consumer<String> onMalformed) throws IOException {
        java.nio.channels.DatagramChannel[] pair = bindPair(local);
        this.reorder = new RtpReorderBuffer(REORDER_WINDOW, onRtp);
        this.rtp = new NioDatagramChannel(pair[0]);
        this.rtcp = new NioDatagramChannel(pair[1]);
        rtp.pipeline().addLast(new SimpleChannelInboundHandler<DatagramPacket>() {
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
        });
        rtcp.pipeline().addLast(new SimpleChannelInboundHandler<DatagramPacket>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket datagram) {
                onRtcp.accept(datagram.content(), System.nanoTime());
            }
        });
        loop.register(rtp);
        loop.register(rtcp);
    }

    /** An even port and the next one, bound now (RFC 3550 11); retried when the next port is taken. */
    private static java.nio.channels.DatagramChannel[] bindPair(InetAddress local) throws IOException {
        StandardProtocolFamily family = local instanceof java.net.Inet6Address ? StandardProtocolFamily.INET6
                : StandardProtocolFamily.INET;
        for (int attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
            java.nio.channels.DatagramChannel even = java.nio.channels.DatagramChannel.open(family);
            even.bind(new InetSocketAddress(local, 0));
            int port = ((InetSocketAddress) even.getLocalAddress()).getPort();
            if (port % 2 != 0 || port >= 65535) {
                even.close();
                continue;
            }
            java.nio.channels.DatagramChannel odd = java.nio.channels.DatagramChannel.open(family);
            try {
                odd.bind(new InetSocketAddress(local, port + 1));
                return new java.nio.channels.DatagramChannel[] {even, odd};
            } catch (IOException taken) {
                even.close();
                odd.close();
            }
        }
        throw new IOException("no free pair of UDP ports on " + local.getHostAddress());
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
