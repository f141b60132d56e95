package org.sharpeye.media.rtp;

import io.netty.buffer.ByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.sharpeye.media.Codec;
import org.sharpeye.media.Frame;
import org.sharpeye.media.VideoTrack;
import org.sharpeye.media.codec.SeiTimestamp;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class H264DepacketizerTest {

    private static H264Depacketizer depacketizer(Frames out) {
        return new H264Depacketizer(List.of(), out);
    }

    @Test
    void reassemblesEveryFrameOfARealStream() throws Exception {
        List<byte[]> packets = RtpCapture.h264();
        try (Frames out = new Frames(); H264Depacketizer d = depacketizer(out)) {
            List<DepacketizerOutcome> outcomes = Frames.push(d, packets);
            assertFalse(outcomes.stream().anyMatch(DepacketizerOutcome::isError), outcomes.toString());
            out.assertCleanStream(Codec.H264, RtpCapture.FRAMES, RtpCapture.GOP);
            VideoTrack track = out.frames.get(0).track();
            assertEquals(7, track.sps()[0] & 0x1f);
            assertEquals(8, track.pps()[0] & 0x1f);
            for (Frame f : out.frames) {
                assertSame(track, f.track(), "repeated identical parameter sets keep the track");
            }
            assertEquals(0, d.stats().framesLost());
            assertEquals(0, d.stats().packetsLost());
            assertEquals(packets.size(), d.stats().packets());
        }
    }

    @Test
    void usesParameterSetsFromTheSdpWhenNoneComeInBand() throws Exception {
        VideoTrack sprop = firstTrack();
        try (Frames out = new Frames();
             H264Depacketizer d = new H264Depacketizer(List.of(sprop.sps(), sprop.pps()), out)) {
            assertNull(d.track(), "the track is built with the first frame");
            assertEquals(DepacketizerOutcome.FRAME, Frames.push(d, rtp(1, 0, true, new byte[] {0x65, 1, 2})));
            assertEquals(sprop, out.frames.get(0).track());
            assertEquals(640, out.frames.get(0).track().width());
        }
    }

    @Test
    void inBandParameterSetsThatChangeMakeANewTrack() throws Exception {
        VideoTrack sprop = firstTrack();
        byte[] sps320 = java.util.HexFormat.of().parseHex("6764000dacd94141fb011000000300100000030320f1429960");
        byte[] pps320 = java.util.HexFormat.of().parseHex("68ebe3cb22c0");
        byte[] stap = concat(concat(new byte[] {24, 0, (byte) sps320.length}, sps320),
                concat(new byte[] {0, (byte) pps320.length}, pps320));
        try (Frames out = new Frames();
             H264Depacketizer d = new H264Depacketizer(List.of(sprop.sps(), sprop.pps()), out)) {
            Frames.push(d, rtp(1, 0, true, new byte[] {0x65, 1}));
            Frames.push(d, rtp(2, 3600, true, new byte[] {0x41, 1}));
            Frames.push(d, rtp(3, 7200, false, stap));
            Frames.push(d, rtp(4, 7200, true, new byte[] {0x65, 2}));
            assertEquals(3, out.frames.size());
            assertSame(out.frames.get(0).track(), out.frames.get(1).track());
            VideoTrack changed = out.frames.get(2).track();
            assertEquals(320, changed.width());
            assertEquals(240, changed.height());
            assertTrue(java.util.Arrays.equals(sps320, changed.sps()));
            assertEquals(List.of(5), Frames.nalTypes(out.frames.get(2)), "parameter sets are not in the frame");
        }
    }

    @Test
    void withoutParameterSetsFramesAreSkippedNotCrashed() {
        try (Frames out = new Frames(); H264Depacketizer d = depacketizer(out)) {
            assertEquals(DepacketizerOutcome.NO_PARAMETER_SETS, Frames.push(d, rtp(1, 0, true, new byte[] {0x65, 1})));
            assertEquals(1, d.stats().framesSkipped());
            assertTrue(out.frames.isEmpty());
        }
    }

    @Test
    void aLostMiddleFragmentDropsTheFrameAndWaitsForTheNextKeyframe() throws Exception {
        List<byte[]> packets = new ArrayList<>(RtpCapture.h264());
        // Find a packet in the middle of an FU-A of frame 3 (frames 0..9 form the first GOP).
        int frame = 0;
        int victim = -1;
        for (int i = 0; i < packets.size() && victim < 0; i++) {
            byte[] p = packets.get(i);
            boolean marker = (p[1] & 0x80) != 0;
            if (frame == 3 && (p[12] & 0x1f) == 28 && (p[13] & 0xc0) == 0) {
                victim = i;
            }
            frame += marker ? 1 : 0;
        }
        assertTrue(victim > 0, "capture has a middle FU-A fragment in frame 3");
        packets.remove(victim);
        try (Frames out = new Frames(); H264Depacketizer d = depacketizer(out)) {
            List<DepacketizerOutcome> outcomes = Frames.push(d, packets);
            assertTrue(outcomes.contains(DepacketizerOutcome.FRAME_DROPPED));
            assertEquals(1, d.stats().framesLost());
            assertEquals(1, d.stats().packetsLost());
            // frames 0,1,2 then nothing until the keyframe at 10
            assertEquals(3 + (RtpCapture.FRAMES - RtpCapture.GOP), out.frames.size());
            assertEquals(6, d.stats().framesSkipped());
            assertTrue(out.frames.get(3).isKeyframe());
            assertEquals(10 * 40_000, out.frames.get(3).ptsMicros() - out.frames.get(0).ptsMicros());
        }
    }

    @Test
    void survivesSequenceAndTimestampWrap() throws Exception {
        List<byte[]> original = RtpCapture.h264();
        long firstTs = RtpCapture.timestamp(original.get(0));
        List<byte[]> packets = new ArrayList<>();
        for (int i = 0; i < original.size(); i++) {
            byte[] p = original.get(i);
            // start 10 packets before the sequence wraps, and 5 frames before the timestamp wraps
            long ts = (RtpCapture.timestamp(p) - firstTs + 0x1_0000_0000L - 5 * 3600) & 0xffffffffL;
            packets.add(RtpCapture.renumber(p, (65526 + i) & 0xffff, ts));
        }
        try (Frames out = new Frames(); H264Depacketizer d = depacketizer(out)) {
            Frames.push(d, packets);
            out.assertCleanStream(Codec.H264, RtpCapture.FRAMES, RtpCapture.GOP);
            assertEquals(0, d.stats().packetsLost());
        }
    }

    @Test
    void aDuplicatePacketIsIgnored() throws Exception {
        List<byte[]> packets = new ArrayList<>(RtpCapture.h264());
        packets.add(5, packets.get(4));
        try (Frames out = new Frames(); H264Depacketizer d = depacketizer(out)) {
            List<DepacketizerOutcome> outcomes = Frames.push(d, packets);
            assertEquals(DepacketizerOutcome.DUPLICATE, outcomes.get(5));
            assertEquals(RtpCapture.FRAMES, out.frames.size());
        }
    }

    @Test
    void keepsSeiAndDropsAccessUnitDelimiters() throws Exception {
        byte[] sps = firstTrack().sps();
        byte[] pps = firstTrack().pps();
        byte[] sei = SeiTimestamp.nalUnit(Codec.H264, 1_763_000_000_000_000L);
        byte[] idr = {0x65, (byte) 0x88, 1, 2, 3};
        try (Frames out = new Frames(); H264Depacketizer d = new H264Depacketizer(List.of(sps, pps), out)) {
            Frames.push(d, rtp(1, 1000, false, new byte[] {0x09, (byte) 0xf0}));
            Frames.push(d, rtp(2, 1000, false, sei));
            assertEquals(DepacketizerOutcome.FRAME, Frames.push(d, rtp(3, 1000, true, idr)));
            Frame f = out.frames.get(0);
            assertEquals(List.of(6, 5), Frames.nalTypes(f));
            byte[] data = new byte[f.data().readableBytes()];
            f.data().getBytes(f.data().readerIndex(), data);
            assertEquals(1_763_000_000_000_000L, SeiTimestamp.read(Codec.H264, data, 4, sei.length));
        }
    }

    @Test
    void aTimestampChangeEndsAnAccessUnitWithoutMarker() throws Exception {
        try (Frames out = new Frames(); H264Depacketizer d = new H264Depacketizer(List.of(firstTrack().sps(),
                firstTrack().pps()), out)) {
            Frames.push(d, rtp(1, 1000, false, new byte[] {0x65, 1, 2}));
            assertEquals(DepacketizerOutcome.FRAME, Frames.push(d, rtp(2, 4600, false, new byte[] {0x41, 1, 2})));
            assertEquals(1, out.frames.size());
            assertTrue(out.frames.get(0).isKeyframe());
        }
    }

    @Test
    void hostilePayloadsAreRejectedWithAReason() throws Exception {
        byte[][] payloads = {
            {},
            {(byte) 0x85, 1},                       // forbidden bit
            {24},                                   // empty STAP-A
            {24, 0},                                // truncated size
            {24, 0, 9, 0x67},                       // unit overruns
            {24, 0, 0},                             // zero-size unit
            {28, (byte) 0x85},                      // FU-A without data
            {28, (byte) 0xc5, 1},                   // start and end
            {28, 0x05, 1, 2},                       // middle fragment without start
            {28, 0x45, 1, 2},                       // end fragment without start
            {25, 0, 0},                             // STAP-B: interleaved mode
            {29, (byte) 0x85, 0, 0, 1},             // FU-B
        };
        for (byte[] payload : payloads) {
            try (Frames out = new Frames(); H264Depacketizer d = new H264Depacketizer(List.of(firstTrack().sps(),
                    firstTrack().pps()), out)) {
                assertEquals(DepacketizerOutcome.FRAME, Frames.push(d, rtp(6, 0, true, new byte[] {0x65, 1})));
                DepacketizerOutcome outcome = Frames.push(d, rtp(7, 1000, false, payload));
                assertTrue(outcome.isError(), java.util.Arrays.toString(payload) + " -> " + outcome);
                assertNotNull(d.stats().lastError());
                // the broken access unit is not delivered even if the rest of it looks fine
                DepacketizerOutcome end = Frames.push(d, rtp(8, 1000, true, new byte[] {0x65, 1}));
                assertEquals(DepacketizerOutcome.FRAME_DROPPED, end);
                assertEquals(1, out.frames.size());
                assertEquals(1, d.stats().framesLost());
            }
        }
    }

    @Test
    void anAccessUnitEndingInsideAFragmentIsDropped() throws Exception {
        try (Frames out = new Frames(); H264Depacketizer d = new H264Depacketizer(List.of(firstTrack().sps(),
                firstTrack().pps()), out)) {
            Frames.push(d, rtp(1, 1000, true, new byte[] {0x65, 1}));
            Frames.push(d, rtp(2, 4600, false, new byte[] {28, (byte) 0x81, 1, 2}));
            assertEquals(DepacketizerOutcome.FRAME_DROPPED, Frames.push(d, rtp(3, 4600, true, new byte[] {0x41, 1})));
            assertEquals(1, d.stats().framesLost());
            assertEquals(1, out.frames.size());
        }
    }

    @Test
    void aKeyframeLargerThanTheFirstAssemblyBufferGrowsIt() throws Exception {
        List<byte[]> parameterSets = List.of(firstTrack().sps(), firstTrack().pps());
        try (Frames out = new Frames(); H264Depacketizer d = new H264Depacketizer(parameterSets, out)) {
            byte[] fragment = new byte[1400];
            int packets = 200; // 280 KB, far over the 64 KiB the assembly buffer starts with
            for (int i = 0; i < packets; i++) {
                fragment[0] = (byte) i;
                int header = i == 0 ? 0x85 : i == packets - 1 ? 0x45 : 0x05;
                assertFalse(Frames.push(d, rtp(i, 3000, i == packets - 1,
                        concat(new byte[] {0x7c, (byte) header}, fragment))).isError(), "packet " + i);
            }
            assertEquals(1, out.frames.size());
            Frame f = out.frames.get(0);
            assertTrue(f.isKeyframe());
            assertEquals(4 + 1 + packets * fragment.length, f.data().readableBytes(), "length, NAL header, fragments");
            assertEquals((byte) 199, f.data().getByte(f.data().readerIndex() + 5 + 199 * fragment.length));
        }
    }

    @Test
    void sizeLimitsHold() throws Exception {
        DepacketizerLimits small = new DepacketizerLimits(3000, 5000);
        List<byte[]> parameterSets = List.of(firstTrack().sps(), firstTrack().pps());
        try (Frames out = new Frames();
             H264Depacketizer d = new H264Depacketizer(parameterSets, small, ByteBufAllocator.DEFAULT, out)) {
            assertEquals(DepacketizerOutcome.FRAME, Frames.push(d, rtp(0, 0, true, new byte[] {0x65, 1})));
            byte[] fragment = new byte[1200];
            Frames.push(d, rtp(1, 1000, false, concat(new byte[] {28, (byte) 0x85}, fragment)));
            Frames.push(d, rtp(2, 1000, false, concat(new byte[] {28, 0x05}, fragment)));
            assertEquals(DepacketizerOutcome.NAL_UNIT_TOO_LARGE,
                    Frames.push(d, rtp(3, 1000, false, concat(new byte[] {28, 0x05}, fragment))));
            assertEquals(DepacketizerOutcome.FRAME_DROPPED, Frames.push(d, rtp(4, 1000, true, new byte[] {0x65})));
            // several NAL units, each small enough, but together over the access unit limit
            for (int i = 0; i < 2; i++) {
                assertEquals(DepacketizerOutcome.BUFFERED, Frames.push(d, rtp(5 + i, 4600, false,
                        concat(new byte[] {0x65}, new byte[2400]))));
            }
            assertEquals(DepacketizerOutcome.ACCESS_UNIT_TOO_LARGE, Frames.push(d, rtp(7, 4600, true,
                    concat(new byte[] {0x65}, new byte[2400]))));
            assertEquals(1, out.frames.size());
            assertEquals(2, d.stats().framesLost());
        }
    }

    @Test
    void randomPayloadsNeverThrowOrLeak() throws Exception {
        Random random = new Random(7);
        List<byte[]> real = RtpCapture.h264();
        try (Frames out = new Frames(); H264Depacketizer d = depacketizer(out)) {
            for (int i = 0; i < 20_000; i++) {
                byte[] p;
                if (random.nextInt(4) == 0) {
                    p = real.get(random.nextInt(real.size())).clone();
                    p[12 + random.nextInt(p.length - 12)] ^= (byte) (1 << random.nextInt(8));
                } else {
                    byte[] payload = new byte[random.nextInt(64)];
                    random.nextBytes(payload);
                    p = rtp(i, random.nextInt(3) * 3600L, random.nextBoolean(), payload);
                }
                p = RtpCapture.renumber(p, random.nextInt(10) == 0 ? random.nextInt(65536) : i & 0xffff,
                        RtpCapture.timestamp(p));
                Frames.push(d, p);
            }
            for (Frame f : out.frames) {
                Frames.nalTypes(f); // whatever came out is well formed
            }
        }
    }

    static VideoTrack firstTrack() throws Exception {
        try (Frames out = new Frames(); H264Depacketizer d = new H264Depacketizer(List.of(), out)) {
            Frames.push(d, RtpCapture.h264());
            return d.track();
        }
    }

    static byte[] rtp(int sequence, long timestamp, boolean marker, byte[] payload) {
        byte[] p = new byte[12 + payload.length];
        p[0] = (byte) 0x80;
        p[1] = (byte) ((marker ? 0x80 : 0) | 96);
        System.arraycopy(payload, 0, p, 12, payload.length);
        return RtpCapture.renumber(p, sequence, timestamp);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
