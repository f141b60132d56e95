package org.sharpeye.ingest.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import org.junit.jupiter.api.Test;
import org.sharpeye.media.rtp.RtpPacket;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Receiver reports (RFC 3550 6.4.2) carry our own SSRC, describe the camera's, and go on the RTCP channel. */
class RtcpReportTest {

    private static final long CAMERA_SSRC = 0x0badcafeL;

    private static byte[] rtp(int sequence) {
        return new byte[] {(byte) 0x80, 96, (byte) (sequence >> 8), (byte) sequence, 0, 0, 0, 1,
                0x0b, (byte) 0xad, (byte) 0xca, (byte) 0xfe, 0x41, 1};
    }

    /** A sender report whose NTP time is 0x00012345.6789abcd. */
    private static byte[] senderReport() {
        ByteBuffer b = ByteBuffer.allocate(28);
        b.put((byte) 0x80).put((byte) 200).putShort((short) 6).putInt((int) CAMERA_SSRC)
                .putInt(0x00012345).putInt(0x6789abcd).putInt(1).putInt(10).putInt(1000);
        return b.array();
    }

    @Test
    void reportOverInterleavedTcpHasOurSsrcAndTheCamerasStatistics() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try (ScriptedRtspServer server = new ScriptedRtspServer(ScriptedRtspServer.camera(
                "OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN, GET_PARAMETER",
                "Session: 4711;timeout=60\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n", (r, c) -> {
                    try {
                        c.interleaved(1, senderReport());
                        for (int seq : new int[] {10, 11, 12, 14, 15}) { // 13 lost
                            c.interleaved(0, rtp(seq));
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }))) {
            RtspClient client = new RtspClient(group.next(), URI.create(server.url("/live")), null,
                    new RtspClientOptions(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(30), 0, "t"),
                    new DeafListener());
            client.start();
            byte[] packet = server.interleavedFromClient.poll(RtcpReporter.INTERVAL_MILLIS + 3000, TimeUnit.MILLISECONDS);
            assertNotNull(packet, "a receiver report within the RTCP interval");
            assertEquals(1, packet[0], "on the RTCP channel of the pair");
            ByteBuffer rr = ByteBuffer.wrap(packet, 1, packet.length - 1);
            assertEquals(0x81, rr.get() & 0xff, "V=2, one report block");
            assertEquals(201, rr.get() & 0xff, "RR");
            assertEquals(7, rr.getShort());
            long ours = rr.getInt() & 0xffffffffL;
            assertNotEquals(CAMERA_SSRC, ours, "never the camera's SSRC");
            assertEquals(CAMERA_SSRC, rr.getInt() & 0xffffffffL, "the block describes the camera");
            int lost = rr.getInt();
            assertEquals(1, lost & 0xffffff, "one packet lost");
            assertEquals(256 / 6, lost >>> 24, "fraction lost: 1 of 6, in 1/256");
            assertEquals(15, rr.getInt(), "extended highest sequence number");
            rr.getInt(); // jitter
            assertEquals(0x23456789, rr.getInt(), "LSR: the middle 32 bits of the SR's NTP time");
            rr.getInt(); // DLSR
            assertEquals(202, rr.get(rr.position() + 1) & 0xff, "then SDES");
            String rest = new String(packet, 1 + 32 + 10, packet.length - 1 - 32 - 10, StandardCharsets.US_ASCII);
            assertTrue(rest.startsWith("sharpeye-"), "a CNAME");
            client.close();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void eachReporterPicksItsOwnSsrc() {
        RtcpReporter a = new RtcpReporter(90_000);
        RtcpReporter b = new RtcpReporter(90_000);
        assertNotEquals(a.ssrc(), b.ssrc());
        RtpPacket p = RtpPacket.of(false, 96, 1, 0, a.ssrc() ^ 1, Unpooled.wrappedBuffer(new byte[] {1}));
        a.received(p, System.nanoTime());
        p.release();
        ByteBuf report = a.report(ByteBufAllocator.DEFAULT, System.nanoTime());
        try {
            assertEquals(a.ssrc(), report.getUnsignedInt(4));
            assertEquals(a.ssrc() ^ 1, report.getUnsignedInt(8));
            assertEquals(0, report.readableBytes() % 4, "RTCP packets are 32-bit aligned");
        } finally {
            report.release();
        }
    }
}
