package org.sharpeye.camsim;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.sharpeye.media.Codec;
import org.sharpeye.media.codec.NalUnits;
import org.sharpeye.media.codec.SeiTimestamp;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ClipPackets: prebuilt frames patched per tick must be the RTP a packetizer would have sent (RFC 6184). */
class ClipPacketsTest {

    private static final byte[] SPS = {0x67, 0x42, (byte) 0xc0, 0x1e, 0x11};
    private static final byte[] PPS = {0x68, (byte) 0xce, 0x3c, (byte) 0x80};

    private static byte[] nal(int header, int size) {
        byte[] n = new byte[size];
        n[0] = (byte) header;
        for (int i = 1; i < size; i++) {
            n[i] = (byte) (i * 13 + 1);
        }
        return n;
    }

    /** A keyframe without in-band parameter sets (so they must be added) and a P-frame. */
    private static Clip clip() {
        return new Clip(Codec.H264, 640, 360, 25, null, SPS, PPS, List.of(
                new Clip.AccessUnit(List.of(nal(0x65, 3000)), true),
                new Clip.AccessUnit(List.of(nal(0x41, 500)), false)));
    }

    record Frame(int channel, byte[] rtp) {
        int seq() {
            return ((rtp[2] & 0xff) << 8) | (rtp[3] & 0xff);
        }

        long timestamp() {
            return ((rtp[4] & 0xffL) << 24) | ((rtp[5] & 0xff) << 16) | ((rtp[6] & 0xff) << 8) | (rtp[7] & 0xff);
        }

        int ssrc() {
            return ((rtp[8] & 0xff) << 24) | ((rtp[9] & 0xff) << 16) | ((rtp[10] & 0xff) << 8) | (rtp[11] & 0xff);
        }

        boolean marker() {
            return (rtp[1] & 0x80) != 0;
        }
    }

    private static List<Frame> frames(ByteBuf b) {
        List<Frame> out = new ArrayList<>();
        while (b.isReadable()) {
            assertEquals('$', b.readByte());
            int channel = b.readUnsignedByte();
            byte[] rtp = new byte[b.readUnsignedShort()];
            b.readBytes(rtp);
            out.add(new Frame(channel, rtp));
        }
        return out;
    }

    /** Reassembles single NAL unit and FU-A payloads (RFC 6184 5.6, 5.8) into NAL units. */
    private static List<byte[]> nalUnits(List<Frame> frames) {
        List<byte[]> nals = new ArrayList<>();
        ByteArrayOutputStream fu = null;
        for (Frame f : frames) {
            byte[] p = java.util.Arrays.copyOfRange(f.rtp(), 12, f.rtp().length);
            if ((p[0] & 0x1f) != 28) {
                nals.add(p);
                continue;
            }
            if ((p[1] & 0x80) != 0) {
                fu = new ByteArrayOutputStream();
                fu.write((p[0] & 0xe0) | (p[1] & 0x1f));
            }
            fu.write(p, 2, p.length - 2);
            if ((p[1] & 0x40) != 0) {
                nals.add(fu.toByteArray());
            }
        }
        return nals;
    }

    @Test
    void keyframeGetsSeiThenParameterSetsWithPatchedNumbers() {
        ClipPackets packets = ClipPackets.of(clip());
        byte[] sei = SeiTimestamp.nalUnit(Codec.H264, 1_700_000_000_123_456L);
        ClipPackets.Unit key = packets.units().get(0);
        ByteBuf out = ByteBufAllocator.DEFAULT.buffer(ClipPackets.wireSize(key, sei.length));
        try {
            int n = ClipPackets.write(out, key, sei, 2, 65534, 0x12345678L, 0xcafebabe);
            assertEquals(ClipPackets.wireSize(key, sei.length), out.readableBytes(), "size announced = written");
            List<Frame> frames = frames(out);
            assertEquals(n, frames.size());
            assertEquals(1 + 2 + 3, n, "SEI, SPS, PPS and a 3000-byte IDR in three FU-A packets");
            for (int i = 0; i < n; i++) {
                Frame f = frames.get(i);
                assertEquals(2, f.channel());
                assertEquals((65534 + i) & 0xffff, f.seq(), "sequence wraps at 65535");
                assertEquals(0x12345678L, f.timestamp());
                assertEquals(0xcafebabe, f.ssrc());
                assertEquals(96, f.rtp()[1] & 0x7f);
                assertEquals(i == n - 1, f.marker(), "marker on the last packet only");
            }
            List<byte[]> nals = nalUnits(frames);
            assertArrayEquals(sei, nals.get(0));
            assertEquals(NalUnits.H264_SEI, NalUnits.type(Codec.H264, nals.get(0)[0]));
            assertArrayEquals(SPS, nals.get(1));
            assertArrayEquals(PPS, nals.get(2));
            assertArrayEquals(nal(0x65, 3000), nals.get(3));
            assertEquals(1_700_000_000_123_456L, SeiTimestamp.read(Codec.H264, nals.get(0), 0, nals.get(0).length));
        } finally {
            out.release();
        }
    }

    @Test
    void sameUnitTwiceCarriesEachTicksNumbersAndNeverTheLastOnes() {
        ClipPackets packets = ClipPackets.of(clip());
        ClipPackets.Unit p = packets.units().get(1);
        assertFalse(p.keyframe());
        byte[] sei = SeiTimestamp.nalUnit(Codec.H264, 42);
        ByteBuf a = ByteBufAllocator.DEFAULT.buffer();
        ByteBuf b = ByteBufAllocator.DEFAULT.buffer();
        try {
            ClipPackets.write(a, p, sei, 0, 100, 3600, 7);
            ClipPackets.write(b, p, sei, 0, 102, 7200, 7);
            List<Frame> fa = frames(a);
            List<Frame> fb = frames(b);
            assertEquals(2, fa.size(), "SEI and the P-frame");
            assertEquals(List.of(100, 101), fa.stream().map(Frame::seq).toList());
            assertEquals(List.of(102, 103), fb.stream().map(Frame::seq).toList());
            assertTrue(fb.stream().allMatch(f -> f.timestamp() == 7200));
            assertArrayEquals(nal(0x41, 500), nalUnits(fb).get(1));
        } finally {
            a.release();
            b.release();
        }
    }
}
