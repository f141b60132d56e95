package org.sharpeye.ingest.rtsp;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sharpeye.media.net.NetTransport;
import org.sharpeye.media.rtp.RtpPacket;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A camera that answers 461 Unsupported Transport to TCP interleaved gets a second SETUP over UDP (RFC 2326
 * 12.39: client_port, an even RTP port and the next for RTCP); its datagrams arrive in sequence order even when
 * sent out of order.
 */
class UdpTransportTest {

    private static final Pattern CLIENT_PORT = Pattern.compile("client_port=(\\d+)-(\\d+)");

    private static byte[] rtp(int sequence) {
        return new byte[] {(byte) 0x80, 96, (byte) (sequence >> 8), (byte) sequence, 0, 0, 0, 1, 0, 0, 0, 9, 0x41, 1};
    }

    /** Both transports a node may run on: the UDP ports are bound on the session's own event loop either way. */
    @ParameterizedTest
    @EnumSource(NetTransport.class)
    void tcpRefusedWith461FallsBackToUdpAndReordersDatagrams(NetTransport net) throws Exception {
        assertTrue(net == NetTransport.NIO || Epoll.isAvailable(), "epoll is available on Linux: "
                + Epoll.unavailabilityCause());
        EventLoopGroup group = net.newGroup(1, "udp-test");
        assertEquals(net, NetTransport.of(group));
        String sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=t\r\nt=0 0\r\nm=video 0 RTP/AVP 96\r\n"
                + "a=rtpmap:96 H264/90000\r\na=fmtp:96 packetization-mode=1\r\na=control:track1\r\n";
        int[] clientPorts = new int[2];
        try (DatagramSocket camera = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             ScriptedRtspServer server = new ScriptedRtspServer((request, c) -> {
                 switch (request.method()) {
                     case "OPTIONS" -> c.reply(request, 200, "Public: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN\r\n", null);
                     case "DESCRIBE" -> c.reply(request, 200, "Content-Base: " + request.uri() + "/\r\n"
                             + "Content-Type: application/sdp\r\n", sdp);
                     case "SETUP" -> {
                         String transport = request.header("transport");
                         Matcher m = CLIENT_PORT.matcher(transport);
                         if (transport.contains("TCP") || !m.find()) {
                             c.reply(request, 461, "", null);
                         } else {
                             clientPorts[0] = Integer.parseInt(m.group(1));
                             clientPorts[1] = Integer.parseInt(m.group(2));
                             c.reply(request, 200, "Session: 77;timeout=60\r\nTransport: RTP/AVP;unicast;client_port="
                                     + m.group(1) + "-" + m.group(2) + ";server_port=" + camera.getLocalPort() + "-"
                                     + (camera.getLocalPort() + 1) + "\r\n", null);
                         }
                     }
                     case "PLAY" -> {
                         c.reply(request, 200, "Session: 77\r\n", null);
                         for (int seq : new int[] {1, 3, 2, 4}) {
                             byte[] p = rtp(seq);
                             camera.send(new DatagramPacket(p, p.length, InetAddress.getLoopbackAddress(),
                                     clientPorts[0]));
                         }
                     }
                     default -> c.reply(request, 200, "Session: 77\r\n", null);
                 }
             })) {
            BlockingQueue<Object> events = new LinkedBlockingQueue<>();
            RtspClient client = new RtspClient(group.next(), URI.create(server.url("/udp")), null,
                    new RtspClientOptions(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(30), 0, "t"),
                    new RtspSessionListener() {
                        @Override
                        public void playing(SdpMedia media) {
                            events.add("playing");
                        }

                        @Override
                        public void rtp(RtpPacket packet) {
                            events.add(packet.sequence());
                        }

                        @Override
                        public void malformedRtp(String reason) {
                            events.add(reason);
                        }

                        @Override
                        public void failed(RtspFailure failure) {
                            events.add(failure);
                        }
                    });
            client.start();
            assertEquals("playing", events.poll(5, TimeUnit.SECONDS));
            for (int expected = 1; expected <= 4; expected++) {
                assertEquals(expected, events.poll(5, TimeUnit.SECONDS), "in sequence order");
            }
            assertEquals(RtspTransport.UDP, client.transport());
            assertEquals(0, clientPorts[0] % 2, "RTP on an even port");
            assertEquals(clientPorts[0] + 1, clientPorts[1], "RTCP on the next");
            ScriptedRtspServer.Request first = server.next("SETUP", 1000);
            assertTrue(first.header("transport").startsWith("RTP/AVP/TCP"), "TCP is tried first");
            ScriptedRtspServer.Request second = server.next("SETUP", 1000);
            assertTrue(second.header("transport").startsWith("RTP/AVP;unicast;client_port="), second.header("transport"));
            client.close();
            assertNotNull(server.next("TEARDOWN", 2000));
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
