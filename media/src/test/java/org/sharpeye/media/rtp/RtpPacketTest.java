package org.sharpeye.media.rtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RtpPacketTest {

    @Test
    void parsesEveryPacketFfmpegSends() throws Exception {
        List<byte[]> packets = RtpCapture.h264();
        int markers = 0;
        long ssrc = -1;
        for (byte[] bytes : packets) {
            ByteBuf buf = Unpooled.wrappedBuffer(bytes);
            RtpPacket p = assertInstanceOf(RtpPacket.class, RtpPacket.parse(buf));
            try {
                assertEquals(96, p.payloadType());
                assertEquals(bytes.length - RtpPacket.HEADER_SIZE, p.payload().readableBytes());
                assertEquals(RtpCapture.sequence(bytes), p.sequence());
                assertEquals(RtpCapture.timestamp(bytes), p.timestamp());
                if (ssrc >= 0) {
                    assertEquals(ssrc, p.ssrc());
                }
                ssrc = p.ssrc();
                markers += p.marker() ? 1 : 0;
                assertEquals(2, buf.refCnt(), "payload is a retained slice");
            } finally {
                p.release();
            }
            assertEquals(1, buf.refCnt());
            assertEquals(0, buf.readerIndex(), "the input is not consumed");
            buf.release();
        }
        assertEquals(RtpCapture.FRAMES, markers, "one marker per access unit");
    }

    @Test
    void stripsCsrcExtensionAndPadding() {
        ByteBuf buf = Unpooled.buffer();
        buf.writeByte(0x80 | 0x20 | 0x10 | 2); // V=2, P, X, CC=2
        buf.writeByte(0x80 | 97);
        buf.writeShort(65535);
        buf.writeInt(0xfffffff0);
        buf.writeInt(0xdeadbeef);
        buf.writeInt(1).writeInt(2);                   // CSRCs
        buf.writeShort(0xbede).writeShort(1).writeInt(7); // one-word extension
        buf.writeBytes(new byte[] {10, 11, 12});        // payload
        buf.writeBytes(new byte[] {0, 0, 3});           // 3 bytes of padding
        RtpPacket p = assertInstanceOf(RtpPacket.class, RtpPacket.parse(buf));
        try {
            assertTrue(p.marker());
            assertEquals(97, p.payloadType());
            assertEquals(65535, p.sequence());
            assertEquals(0xfffffff0L, p.timestamp());
            assertEquals(0xdeadbeefL, p.ssrc());
            assertEquals(Unpooled.wrappedBuffer(new byte[] {10, 11, 12}), p.payload());
        } finally {
            p.release();
            buf.release();
        }
    }

    @Test
    void rejectsBrokenHeadersWithAReason() {
        byte[][] broken = {
            {},
            {(byte) 0x80, 96, 0, 1, 0, 0, 0, 1, 0, 0, 0},              // 11 bytes
            {0x40, 96, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 5},             // version 1
            {(byte) 0x8f, 96, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 5},      // 15 CSRCs, none there
            {(byte) 0x90, 96, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0},   // extension header cut
            {(byte) 0x90, 96, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, (byte) 0xff, (byte) 0xff}, // extension too long
            {(byte) 0xa0, 96, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 5, 0},   // padding count 0
            {(byte) 0xa0, 96, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 5, 9},   // padding beyond the payload
        };
        for (byte[] bytes : broken) {
            ByteBuf buf = Unpooled.wrappedBuffer(bytes);
            RtpParse.Malformed m = assertInstanceOf(RtpParse.Malformed.class, RtpPacket.parse(buf));
            assertFalse(m.reason().isBlank());
            assertEquals(1, buf.refCnt(), "nothing retained for a bad packet");
            buf.release();
        }
    }

    @Test
    void randomBytesNeverThrowOrLeak() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[random.nextInt(40)];
            random.nextBytes(bytes);
            ByteBuf buf = Unpooled.wrappedBuffer(bytes);
            if (RtpPacket.parse(buf) instanceof RtpPacket p) {
                assertTrue(p.payload().readableBytes() <= bytes.length - RtpPacket.HEADER_SIZE);
                p.release();
            }
            assertEquals(1, buf.refCnt());
            buf.release();
        }
    }

    @Test
    void timelineUnwrapsThe32BitTimestamp() {
        RtpTimeline t = new RtpTimeline(90_000);
        long start = 0x1_0000_0000L - 3600 * 2;
        assertEquals(start, t.unwrap(start));
        assertEquals(start + 3600, t.unwrap(start + 3600));
        assertEquals(start + 7200, t.unwrap(0));              // wrapped
        assertEquals(start + 10800, t.unwrap(3600));
        assertEquals(start + 7200, t.unwrap(0));              // a small step back stays on this side
        assertEquals(1_000_000, t.micros(90_000));
        assertEquals(40_000, t.micros(3600));
        assertEquals(-40_000, t.micros(-3600));
    }

    @Test
    void aBorrowedPacketIsTheBufferItselfNarrowedToThePayloadAndNotRetained() {
        ByteBuf buf = Unpooled.buffer();
        buf.writeBytes(new byte[] {9, 9}); // bytes before the packet: the packet starts at the reader index
        buf.writeByte(0x80 | 0x20);        // V=2, P
        buf.writeByte(96);
        buf.writeShort(7).writeInt(90_000).writeInt(42);
        buf.writeBytes(new byte[] {1, 2, 3, 4});
        buf.writeBytes(new byte[] {0, 2}); // 2 bytes of padding
        buf.readerIndex(2);
        RtpPacket p = assertInstanceOf(RtpPacket.class, RtpPacket.parseBorrowed(buf));
        assertTrue(p.payload() == buf, "no slice: the buffer itself");
        assertEquals(1, buf.refCnt(), "not retained for the packet");
        assertEquals(4, p.payload().readableBytes());
        assertEquals(1, p.payload().getByte(p.payload().readerIndex()));
        assertEquals(7, p.sequence());
        assertEquals(42, p.ssrc());
        p.retain().release(); // who takes it may retain it, and releases what it retained
        assertEquals(1, buf.refCnt());
        buf.release();

        ByteBuf bad = Unpooled.wrappedBuffer(new byte[] {0x40, 96, 0, 1});
        assertInstanceOf(RtpParse.Malformed.class, RtpPacket.parseBorrowed(bad));
        assertEquals(0, bad.readerIndex(), "a refused buffer is untouched");
        assertEquals(4, bad.writerIndex());
        bad.release();
    }
}
