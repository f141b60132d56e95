package org.sharpeye.camsim;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class InterleavedFrameDecoderTest {

    private static ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    @Test
    void skipsInterleavedPacketsAndPassesWholeRequests() {
        EmbeddedChannel ch = new EmbeddedChannel(new InterleavedFrameDecoder(1024, 100));
        ByteBuf in = Unpooled.buffer();
        in.writeBytes(new byte[] {'$', 1, 0, 3, 9, 9, 9});
        in.writeBytes(bytes("SET_PARAMETER rtsp://x/ RTSP/1.0\r\nCSeq: 2\r\nContent-Length: 5\r\n\r\nab"));
        ch.writeInbound(in);
        assertNull(ch.readInbound(), "the body is not complete yet");
        ch.writeInbound(bytes("cde$\u0001\u0000\u0001x"));
        ByteBuf msg = ch.readInbound();
        assertEquals("SET_PARAMETER rtsp://x/ RTSP/1.0\r\nCSeq: 2\r\nContent-Length: 5\r\n\r\nabcde",
                msg.toString(StandardCharsets.ISO_8859_1));
        msg.release();
        assertNull(ch.readInbound(), "the trailing interleaved packet is consumed");
        assertFalse(ch.finish());
    }

    @Test
    void oversizedHeadersBecomeTooLarge() {
        EmbeddedChannel ch = new EmbeddedChannel(new InterleavedFrameDecoder(64, 100));
        ch.writeInbound(bytes("OPTIONS * RTSP/1.0\r\nX: " + "y".repeat(100)));
        assertSame(InterleavedFrameDecoder.TOO_LARGE, ch.readInbound());
        ch.writeInbound(bytes("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n"));
        assertNull(ch.readInbound(), "everything after is discarded");
        assertFalse(ch.finish());
    }

    @Test
    void oversizedOrMalformedBodiesBecomeTooLarge() {
        EmbeddedChannel ch = new EmbeddedChannel(new InterleavedFrameDecoder(1024, 100));
        ch.writeInbound(bytes("SET_PARAMETER * RTSP/1.0\r\nContent-Length: 101\r\n\r\n"));
        assertSame(InterleavedFrameDecoder.TOO_LARGE, ch.readInbound());
        assertFalse(ch.finish());
        EmbeddedChannel bad = new EmbeddedChannel(new InterleavedFrameDecoder(1024, 100));
        bad.writeInbound(bytes("SET_PARAMETER * RTSP/1.0\r\nContent-Length: -1\r\n\r\n"));
        assertSame(InterleavedFrameDecoder.TOO_LARGE, bad.readInbound());
        assertFalse(bad.finish());
    }
}
