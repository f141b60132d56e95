package org.sharpeye.camsim.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The RTSP exchange and the {@code $} counting of RtspLoadHandler, on an EmbeddedChannel. */
class BenchRtspLoadHandlerTest {

    private static final URI URL = URI.create("rtsp://127.2.0.7:8554/Streaming/Channels/101");
    private static final String SDP = "v=0\r\no=- 1 1 IN IP4 127.2.0.7\r\ns=camsim\r\nt=0 0\r\n"
            + "m=audio 0 RTP/AVP 8\r\na=control:trackID=9\r\n"
            + "m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=control:trackID=0\r\n";

    private final RtspLoadHandler handler = new RtspLoadHandler(URL, "test");
    private final EmbeddedChannel channel = new EmbeddedChannel(handler);

    @Test
    void describesSetsUpAndPlaysThenCountsFramesSplitAnywhere() {
        assertEquals("DESCRIBE " + URL + " RTSP/1.0", firstLine(channel.readOutbound()));
        // The response arrives in two pieces, the cut inside the body.
        String describe = "RTSP/1.0 200 OK\r\nCSeq: 1\r\nContent-Base: " + URL + "/\r\nContent-Type: application/sdp\r\n"
                + "Content-Length: " + SDP.length() + "\r\n\r\n" + SDP;
        channel.writeInbound(text(describe.substring(0, describe.length() - 20)));
        assertNull(channel.readOutbound());
        channel.writeInbound(text(describe.substring(describe.length() - 20)));
        String setup = string(channel.readOutbound());
        assertTrue(setup.startsWith("SETUP " + URL + "/trackID=0 RTSP/1.0\r\nCSeq: 2\r\n"), setup);
        assertTrue(setup.contains("Transport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n"), setup);

        channel.writeInbound(text("RTSP/1.0 200 OK\r\nCSeq: 2\r\nSession: 4F2A;timeout=60\r\n"
                + "Transport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n\r\n"));
        String play = string(channel.readOutbound());
        assertTrue(play.startsWith("PLAY " + URL + "/ RTSP/1.0\r\n"), play);
        assertTrue(play.contains("Session: 4F2A\r\n"), play);

        // The PLAY answer and the first frames in one read, then a frame header cut after its first two bytes.
        ByteBuf burst = Unpooled.buffer();
        burst.writeBytes("RTSP/1.0 200 OK\r\nCSeq: 3\r\nSession: 4F2A\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        frame(burst, 0, 100);
        frame(burst, 1, 28);
        burst.writeByte('$').writeByte(0);
        channel.writeInbound(burst);
        ByteBuf rest = Unpooled.buffer();
        rest.writeShort(1000).writeZero(400);
        channel.writeInbound(rest);
        assertEquals(StreamCount.State.PLAYING, handler.count().state());
        assertEquals(2, handler.count().frames(), "the third frame is not complete yet");
        channel.writeInbound(Unpooled.buffer().writeZero(600));
        // A keep-alive answer between frames is read and ignored.
        ByteBuf more = Unpooled.buffer();
        more.writeBytes("RTSP/1.0 200 OK\r\nCSeq: 4\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        frame(more, 0, 50);
        channel.writeInbound(more);

        StreamCount count = handler.count();
        assertEquals(4, count.frames());
        assertEquals(100 + 28 + 1000 + 50, count.bytes());
        assertNull(count.error());
        handler.markClosed();
        assertFalse(channel.finish());
        assertEquals(StreamCount.State.CLOSED, handler.count().state());
    }

    @Test
    void anErrorStatusFailsTheStreamAndClosesIt() {
        release(channel.readOutbound());
        channel.writeInbound(text("RTSP/1.0 401 Unauthorized\r\nCSeq: 1\r\nWWW-Authenticate: Digest realm=\"x\"\r\n\r\n"));
        assertEquals(StreamCount.State.FAILED, handler.count().state());
        assertEquals("DESCRIBE answered 401", handler.count().error());
        assertFalse(channel.isActive());
    }

    @Test
    void garbageIsAFailureNotAnExceptionOrALeak() {
        release(channel.readOutbound());
        ByteBuf junk = Unpooled.buffer();
        junk.writeZero(RtspLoadHandler.MAX_RESPONSE_BYTES + 10);
        channel.writeInbound(junk);
        assertEquals(StreamCount.State.FAILED, handler.count().state());
        assertTrue(handler.count().error().startsWith("response head longer than"), handler.count().error());
        assertEquals(0, junk.refCnt(), "the inbound buffer was released");
        assertFalse(channel.finish());
    }

    @Test
    void aBadContentLengthFailsTheStream() {
        release(channel.readOutbound());
        channel.writeInbound(text("RTSP/1.0 200 OK\r\nCSeq: 1\r\nContent-Length: -5\r\n\r\n"));
        assertEquals(StreamCount.State.FAILED, handler.count().state());
        assertEquals("bad Content-Length -5", handler.count().error());
    }

    @Test
    void theSdpWithoutVideoFailsTheStream() {
        release(channel.readOutbound());
        String sdp = "v=0\r\nm=audio 0 RTP/AVP 8\r\na=control:trackID=1\r\n";
        channel.writeInbound(text("RTSP/1.0 200 OK\r\nCSeq: 1\r\nContent-Length: " + sdp.length() + "\r\n\r\n" + sdp));
        assertEquals("the SDP has no video media", handler.count().error());
    }

    private static void frame(ByteBuf out, int channel, int length) {
        out.writeByte('$').writeByte(channel).writeShort(length).writeZero(length);
    }

    private static ByteBuf text(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    private static String string(ByteBuf b) {
        try {
            return b.toString(StandardCharsets.UTF_8);
        } finally {
            b.release();
        }
    }

    private static String firstLine(ByteBuf b) {
        return string(b).split("\r\n", 2)[0];
    }

    private static void release(Object o) {
        io.netty.util.ReferenceCountUtil.release(o);
    }
}
