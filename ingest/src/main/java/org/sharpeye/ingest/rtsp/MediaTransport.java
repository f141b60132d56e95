package org.sharpeye.ingest.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import org.sharpeye.media.rtp.RtpPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a session's RTP travels (RFC 2326 12.39): channels interleaved on the RTSP connection (10.12) or a pair
 * of UDP ports (RFC 3550 11); the switch to the other transport when SETUP is answered 461; the channels the
 * server chose; where our RTCP reports go. One connection's event loop.
 */
final class MediaTransport implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MediaTransport.class);
    private static final Pattern INTERLEAVED = Pattern.compile("interleaved=(\\d{1,3})(?:-(\\d{1,3}))?");
    private static final Pattern SERVER_PORT = Pattern.compile("server_port=(\\d{1,5})(?:-(\\d{1,5}))?");
    /** RFC 2326 7.1.1: the server does not support the transport asked for. */
    private static final int UNSUPPORTED_TRANSPORT = 461;

    /** What UDP datagrams become: RTP in order, RTCP with its arrival time, and what is not RTP. */
    record UdpCallbacks(Consumer<RtpPacket> rtp, BiConsumer<ByteBuf, Long> rtcp, Consumer<String> malformed) {
    }

    private final URI url;
    private volatile RtspTransport transport;
    private boolean fellBack;
    private UdpReceiver udp;
    private int rtpChannel = 0;
    private int audioChannel = -1;
    private String interleaved = "0-1";

    private final UdpCallbacks callbacks;

    MediaTransport(RtspTransport preferred, URI url, UdpCallbacks callbacks) {
        this.transport = preferred;
        this.url = url;
        this.callbacks = callbacks;
    }

    /** The transport in force (the preferred one until a 461 made us switch). */
    RtspTransport transport() {
        return transport;
    }

    /**
     * After the video SETUP was answered {@code status}: on 461, switches to the other transport, once.
     *
     * @return true when SETUP must be sent again, on the other transport
     */
    boolean fallBack(int status) {
        if (status != UNSUPPORTED_TRANSPORT || fellBack) {
            return false;
        }
        fellBack = true;
        log.info("{}: {} transport refused (461), trying {}", Redaction.url(url), transport, transport.other());
        transport = transport.other();
        return true;
    }

    /** Before the video SETUP: UDP binds our pair of ports (TCP when none is free); TCP releases them. */
    void prepareVideo(Channel connection) {
        if (transport == RtspTransport.UDP && udp == null) {
            try {
                InetAddress local = ((InetSocketAddress) connection.localAddress()).getAddress();
                udp = new UdpReceiver(connection.eventLoop(), local, callbacks.rtp(), callbacks.rtcp(),
                        callbacks.malformed());
            } catch (IOException e) {
                log.warn("{}: no UDP ports ({}), using TCP", Redaction.url(url), e.getMessage());
                transport = RtspTransport.TCP;
            }
        }
        if (transport == RtspTransport.TCP && udp != null) {
            udp.close();
            udp = null;
        }
    }

    /** The Transport header of a SETUP: our UDP ports for the video when on UDP, else the interleaved channels. */
    String requestHeader(boolean video) {
        return udp != null && video
                ? "RTP/AVP;unicast;client_port=" + udp.rtpPort() + "-" + (udp.rtpPort() + 1)
                : "RTP/AVP/TCP;unicast;interleaved=" + interleaved;
    }

    /**
     * The video SETUP was answered: the server may choose other channels (TCP), or tells its RTCP port (UDP).
     *
     * @return true when audio may follow (TCP only, for now)
     */
    boolean videoSetUp(String transportHeader, Channel connection) {
        Matcher channels = INTERLEAVED.matcher(transportHeader);
        if (transport == RtspTransport.TCP && channels.find()) {
            rtpChannel = Integer.parseInt(channels.group(1));
        }
        if (udp == null) {
            return true;
        }
        Matcher ports = SERVER_PORT.matcher(transportHeader);
        if (ports.find()) {
            int rtcpPort = ports.group(2) != null ? Integer.parseInt(ports.group(2))
                    : Integer.parseInt(ports.group(1)) + 1;
            InetAddress camera = ((InetSocketAddress) connection.remoteAddress()).getAddress();
            udp.cameraRtcp(new InetSocketAddress(camera, rtcpPort));
        }
        return false;
    }

    /** RFC 2326 10.4: the audio SETUP joins the session; its channels follow the video's pair. */
    void prepareAudio() {
        interleaved = (rtpChannel + 2) + "-" + (rtpChannel + 3);
    }

    /**
     * The audio SETUP was answered.
     *
     * @return false when the server put audio on the video's channel: they could not be told apart
     */
    boolean audioSetUp(String transportHeader) {
        Matcher channels = INTERLEAVED.matcher(transportHeader);
        audioChannel = channels.find() ? Integer.parseInt(channels.group(1)) : 2;
        return audioChannel != rtpChannel;
    }

    int rtpChannel() {
        return rtpChannel;
    }

    int audioChannel() {
        return audioChannel;
    }

    /**
     * Sends one RTCP packet (taking the buffer): to the camera's RTCP port, or on the odd interleaved channel.
     * Nothing when {@code report} is null (nothing received yet).
     */
    void sendRtcp(ChannelHandlerContext ctx, ByteBuf report) {
        if (report == null) {
            return;
        }
        if (udp != null) {
            udp.sendRtcp(report); // to the camera's RTCP port (server_port + 1)
            return;
        }
        ByteBuf framed = ctx.alloc().buffer(4 + report.readableBytes());
        framed.writeByte('$').writeByte(rtpChannel + 1).writeShort(report.readableBytes()).writeBytes(report);
        report.release();
        // Past the RTSP encoder, which takes only RTSP messages: the bytes go to the socket as they are.
        ctx.pipeline().firstContext().writeAndFlush(framed);
    }

    /** Releases the UDP ports: they end with the session. */
    @Override
    public void close() {
        if (udp != null) {
            udp.close();
            udp = null;
        }
    }
}
