package org.sharpeye.ingest.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InterleavedFrameDecoderTest {

    private static final String SDP = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=x\r\nm=video 0 RTP/AVP 96\r\n";
    private static final String DESCRIBE_OK = "RTSP/1.0 200 OK\r\nCSeq: 2\r\nContent-Type: application/sdp\r\n"
            + "Content-Length: " + SDP.length() + "\r\n\r\n" + SDP;

    /** A session as a camera sends it: a response with a body, packets, a keepalive answer between packets. */
    private static byte[] session() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(DESCRIBE_OK.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(packet(0, 300, 1));
        out.writeBytes(packet(1, 28, 2));
        out.writeBytes("RTSP/1.0 200 OK\r\nCSeq: 5\r\nSession: 12345678\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(packet(0, 0, 3));
        out.writeBytes(packet(0, 500, 4));
        out.writeBytes("\r\nSET_PARAMETER rtsp://x/ RTSP/1.0\nCSeq: 9\n\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static byte[] packet(int channel, int length, int fill) {
        byte[] p = new byte[4 + length];
        p[0] = '$';
        p[1] = (byte) channel;
        p[2] = (byte) (length >> 8);
        p[3] = (byte) length;
        java.util.Arrays.fill(p, 4, p.length, (byte) fill);
        return p;
    }

    private static void assertSession(List<Object> messages) {
        assertEquals(7, messages.size(), messages.toString());
        RtspResponse describe = assertInstanceOf(RtspResponse.class, messages.get(0));
        assertEquals(200, describe.status());
        assertEquals(2, describe.cseq());
        assertEquals(SDP, describe.bodyText());
        int[][] expected = {{0, 300, 1}, {1, 28, 2}};
        for (int i = 0; i < 2; i++) {
            InterleavedPacket p = assertInstanceOf(InterleavedPacket.class, messages.get(1 + i));
            assertEquals(expected[i][0], p.channel());
            assertEquals(expected[i][1], p.content().readableBytes());
            assertEquals(expected[i][2], p.content().getByte(p.content().readerIndex()));
        }
        RtspResponse keepalive = assertInstanceOf(RtspResponse.class, messages.get(3));
        assertEquals("12345678", keepalive.headers().get("session"));
        assertEquals(0, assertInstanceOf(InterleavedPacket.class, messages.get(4)).content().readableBytes());
        assertEquals(500, assertInstanceOf(InterleavedPacket.class, messages.get(5)).content().readableBytes());
        RtspServerRequest request = assertInstanceOf(RtspServerRequest.class, messages.get(6));
        assertEquals("SET_PARAMETER", request.method());
        assertEquals("9", request.headers().get("CSeq"));
    }

    private static List<Object> drain(EmbeddedChannel ch) {
        List<Object> out = new ArrayList<>();
        for (Object m; (m = ch.readInbound()) != null; ) {
            out.add(m);
        }
        return out;
    }

    private static void release(List<Object> messages) {
        for (Object m : messages) {
            if (m instanceof InterleavedPacket p) {
                p.release();
            }
        }
    }

    private static ByteBuf buffer(byte[] bytes, int from, int to) {
        return ByteBufAllocator.DEFAULT.buffer(to - from).writeBytes(bytes, from, to - from);
    }

    @Test
    void splitsResponsesAndInterleavedPacketsInOneRead() {
        EmbeddedChannel ch = new EmbeddedChannel(new InterleavedFrameDecoder());
        byte[] bytes = session();
        ch.writeInbound(buffer(bytes, 0, bytes.length));
        List<Object> messages = drain(ch);
        assertSession(messages);
        release(messages);
        assertTrue(!ch.finish());
    }

    @Test
    void splitsCorrectlyWhateverTheReadBoundary() {
        byte[] bytes = session();
        for (int cut = 1; cut < bytes.length; cut++) {
            EmbeddedChannel ch = new EmbeddedChannel(new InterleavedFrameDecoder());
            ch.writeInbound(buffer(bytes, 0, cut));
            ch.writeInbound(buffer(bytes, cut, bytes.length));
            List<Object> messages = drain(ch);
            assertSession(messages);
            release(messages);
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void decodesOneByteAtATime() {
        byte[] bytes = session();
        EmbeddedChannel ch = new EmbeddedChannel(new InterleavedFrameDecoder());
        for (int i = 0; i < bytes.length; i++) {
            ch.writeInbound(buffer(bytes, i, i + 1));
        }
        List<Object> messages = drain(ch);
        assertSession(messages);
        release(messages);
        ch.finishAndReleaseAll();
    }

    @Test
    void takesTheLargestPacketTheLengthFieldAllows() {
        EmbeddedChannel ch = new EmbeddedChannel(new InterleavedFrameDecoder());
        byte[] p = packet(2, 65535, 9);
        ch.writeInbound(buffer(p, 0, 30_000));
        assertNull(ch.readInbound());
        ch.writeInbound(buffer(p, 30_000, p.length));
        InterleavedPacket packet = ch.readInbound();
        assertEquals(2, packet.channel());
        assertEquals(65535, packet.content().readableBytes());
        packet.release();
        ch.finishAndReleaseAll();
    }

    @Test
    void oversizedHeaderIsAnErrorAndTheRestIsDiscarded() {
        EmbeddedChannel ch = new EmbeddedChannel(new InterleavedFrameDecoder(1024, 4096, 2048));
        StringBuilder head = new StringBuilder("RTSP/1.0 200 OK\r\nCSeq: 1\r\n");
        while (head.length() < 1100) {
            head.append("X-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n");
        }
        byte[] bytes = head.toString().getBytes(StandardCharsets.US_ASCII);
        assertThrows(TooLongFrameException.class, () -> ch.writeInbound(buffer(bytes, 0, bytes.length)));
        // Framing is lost: even a valid packet after it is not decoded.
        byte[] p = packet(0, 10, 1);
        ch.writeInbound(buffer(p, 0, p.length));
        assertNull(ch.readInbound());
        ch.finishAndReleaseAll();
    }

    @Test
    void oversizedBodyAndPacketAreErrors() {
        EmbeddedChannel body = new EmbeddedChannel(new InterleavedFrameDecoder(1024, 4096, 2048));
        byte[] big = "RTSP/1.0 200 OK\r\nCSeq: 1\r\nContent-Length: 4097\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThrows(DecoderException.class, () -> body.writeInbound(buffer(big, 0, big.length)));
        body.finishAndReleaseAll();

        EmbeddedChannel packet = new EmbeddedChannel(new InterleavedFrameDecoder(1024, 4096, 2048));
        byte[] p = packet(0, 2049, 1);
        assertThrows(DecoderException.class, () -> packet.writeInbound(buffer(p, 0, 4)));
        packet.finishAndReleaseAll();
    }

    @Test
    void garbageIsAnErrorNotALoop() {
        for (String garbage : new String[] {"HTTP/1.1 200 OK\r\n\r\n", "RTSP/1.0 abc OK\r\n\r\n",
                "RTSP/1.0 200 OK\r\nno colon here\r\n\r\n", "RTSP/1.0 200 OK\r\nContent-Length: -5\r\n\r\n",
                "\u0001\u0002\u0003\n\n"}) {
            EmbeddedChannel ch = new EmbeddedChannel(new InterleavedFrameDecoder());
            byte[] bytes = garbage.getBytes(StandardCharsets.ISO_8859_1);
            assertThrows(DecoderException.class, () -> ch.writeInbound(buffer(bytes, 0, bytes.length)), garbage);
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void aHeaderFoldedOverTwoLinesIsJoined() {
        EmbeddedChannel ch = new EmbeddedChannel(new InterleavedFrameDecoder());
        byte[] bytes = "RTSP/1.0 401 Unauthorized\r\nCSeq: 3\r\nWWW-Authenticate: Digest realm=\"r\",\r\n nonce=\"n\"\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        ch.writeInbound(buffer(bytes, 0, bytes.length));
        RtspResponse r = ch.readInbound();
        assertEquals(401, r.status());
        assertEquals("Digest realm=\"r\", nonce=\"n\"", r.headers().get("www-authenticate"));
        assertArrayEquals(new byte[0], r.body());
        ch.finishAndReleaseAll();
    }

    /** The decoder with a sink that copies each packet (reading it all) into {@code seen}, messages after it. */
    private static EmbeddedChannel withSink(List<Object> seen, int throwOnPacket) {
        int[] count = {0};
        InterleavedSink sink = (channel, packet) -> {
            if (++count[0] == throwOnPacket) {
                throw new IllegalStateException("the depacketizer failed");
            }
            byte[] copy = new byte[packet.readableBytes()];
            packet.readBytes(copy);
            seen.add(new InterleavedPacket(channel, io.netty.buffer.Unpooled.wrappedBuffer(copy)));
        };
        return new EmbeddedChannel(new InterleavedFrameDecoder(sink),
                new io.netty.channel.ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
                        seen.add(msg);
                    }
                });
    }

    @Test
    void aSinkGetsEveryPacketInPlaceAndInOrderWhateverTheReadBoundary() {
        byte[] bytes = session();
        for (int cut = 0; cut < bytes.length; cut++) {
            List<Object> seen = new ArrayList<>();
            EmbeddedChannel ch = withSink(seen, 0);
            ch.writeInbound(buffer(bytes, 0, cut));
            ch.writeInbound(buffer(bytes, cut, bytes.length));
            assertSession(seen);
            release(seen);
            assertTrue(!ch.finishAndReleaseAll(), "nothing left over at cut " + cut);
        }
    }

    @Test
    void aSinkThatFailsLosesThatPacketOnlyAndTheFramingHolds() {
        byte[] bytes = session();
        List<Object> seen = new ArrayList<>();
        EmbeddedChannel ch = withSink(seen, 1);
        DecoderException e = assertThrows(DecoderException.class, () -> ch.writeInbound(buffer(bytes, 0, bytes.length)));
        assertEquals("the depacketizer failed", e.getCause().getMessage());
        ch.writeInbound(buffer(packet(0, 10, 7), 0, 14)); // the next read carries on where the failure was
        assertEquals(7, seen.size(), seen.toString());
        assertInstanceOf(RtspResponse.class, seen.get(0));
        InterleavedPacket rtcp = assertInstanceOf(InterleavedPacket.class, seen.get(1)); // the one after the failure
        assertEquals(1, rtcp.channel());
        assertEquals(28, rtcp.content().readableBytes());
        assertInstanceOf(RtspResponse.class, seen.get(2));
        InterleavedPacket last = assertInstanceOf(InterleavedPacket.class, seen.get(6));
        assertEquals(10, last.content().readableBytes());
        assertEquals(7, last.content().getByte(0));
        release(seen);
        ch.finishAndReleaseAll();
    }
}
