package org.sharpeye.camsim;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sharpeye.media.Codec;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RtpPacketizerTest {

    private final List<ByteBuf> out = new ArrayList<>();

    @AfterEach
    void release() {
        out.forEach(ByteBuf::release);
    }

    private static byte[] nal(int header0, int header1, int size) {
        byte[] n = new byte[size];
        n[0] = (byte) header0;
        if (size > 1) {
            n[1] = (byte) header1;
        }
        for (int i = 2; i < size; i++) {
            n[i] = (byte) (i * 7);
        }
        return n;
    }

    @Test
    void smallNalUnitsGoAsSinglePacketsWithMarkerOnTheLast() {
        RtpPacketizer p = new RtpPacketizer(Codec.H264, 0x11223344, 65535);
        p.packetize(ByteBufAllocator.DEFAULT, List.of(nal(0x06, 5, 30), nal(0x65, 0x88, 1400)), 90_000, out);
        assertEquals(2, out.size());
        ByteBuf first = out.get(0);
        assertEquals(0x80, first.getUnsignedByte(0));
        assertEquals(96, first.getUnsignedByte(1), "no marker, PT 96");
        assertEquals(65535, first.getUnsignedShort(2));
        assertEquals(90_000, first.getInt(4));
        assertEquals(0x11223344, first.getInt(8));
        assertEquals(0x80 | 96, out.get(1).getUnsignedByte(1), "marker on the access unit's last packet");
        assertEquals(0, out.get(1).getUnsignedShort(2), "sequence wraps");
        assertEquals(12 + 1400, out.get(1).readableBytes());
    }

    @Test
    void largeH264NalUnitsAreFuAFragmentsThatReassemble() {
        byte[] idr = nal(0x65, 0x88, 5000);
        RtpPacketizer p = new RtpPacketizer(Codec.H264, 1, 0);
        p.packetize(ByteBufAllocator.DEFAULT, List.of(idr), 0, out);
        assertEquals(4, out.size());
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (int i = 0; i < out.size(); i++) {
            ByteBuf b = out.get(i);
            assertTrue(b.readableBytes() - 12 <= RtpPacketizer.MAX_PAYLOAD);
            assertEquals(0x60 | 28, b.getUnsignedByte(12), "FU indicator keeps NRI, type 28");
            int fuHeader = b.getUnsignedByte(13);
            assertEquals(i == 0, (fuHeader & 0x80) != 0, "S bit");
            assertEquals(i == out.size() - 1, (fuHeader & 0x40) != 0, "E bit");
            assertEquals(5, fuHeader & 0x1f);
            assertEquals(i == out.size() - 1, (b.getUnsignedByte(1) & 0x80) != 0, "marker");
            byte[] part = new byte[b.readableBytes() - 14];
            b.getBytes(14, part);
            joined.writeBytes(part);
        }
        byte[] expected = new byte[idr.length - 1];
        System.arraycopy(idr, 1, expected, 0, expected.length);
        assertArrayEquals(expected, joined.toByteArray());
    }

    @Test
    void largeH265NalUnitsAreFuFragmentsThatReassemble() {
        byte[] idr = nal(19 << 1, 1, 3000);
        RtpPacketizer p = new RtpPacketizer(Codec.H265, 1, 10);
        p.packetize(ByteBufAllocator.DEFAULT, List.of(idr), 0, out);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (int i = 0; i < out.size(); i++) {
            ByteBuf b = out.get(i);
            assertEquals(10 + i, b.getUnsignedShort(2));
            assertEquals(49, (b.getUnsignedByte(12) >> 1) & 0x3f, "PayloadHdr type 49");
            assertEquals(1, b.getUnsignedByte(13), "TID kept");
            int fu = b.getUnsignedByte(14);
            assertEquals(i == 0, (fu & 0x80) != 0);
            assertEquals(i == out.size() - 1, (fu & 0x40) != 0);
            assertEquals(19, fu & 0x3f);
            byte[] part = new byte[b.readableBytes() - 15];
            b.getBytes(15, part);
            joined.writeBytes(part);
        }
        assertEquals(3, out.size());
        byte[] expected = new byte[idr.length - 2];
        System.arraycopy(idr, 2, expected, 0, expected.length);
        assertArrayEquals(expected, joined.toByteArray());
    }
}
