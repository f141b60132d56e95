package org.sharpeye.media.rtp;

import org.junit.jupiter.api.Test;
import org.sharpeye.media.Codec;
import org.sharpeye.media.Frame;
import org.sharpeye.media.VideoTrack;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class H265DepacketizerTest {

    @Test
    void reassemblesEveryFrameOfARealStream() throws Exception {
        List<byte[]> packets = RtpCapture.h265();
        try (Frames out = new Frames(); H265Depacketizer d = new H265Depacketizer(List.of(), out)) {
            List<DepacketizerOutcome> outcomes = Frames.push(d, packets);
            assertFalse(outcomes.stream().anyMatch(DepacketizerOutcome::isError), d.stats().lastError());
            out.assertCleanStream(Codec.H265, RtpCapture.FRAMES, RtpCapture.GOP);
            VideoTrack track = out.frames.get(0).track();
            assertEquals(32, (track.vps()[0] >> 1) & 0x3f);
            assertEquals(33, (track.sps()[0] >> 1) & 0x3f);
            assertEquals(34, (track.pps()[0] >> 1) & 0x3f);
            assertEquals(0, d.stats().framesLost());
        }
    }

    @Test
    void aLostFragmentDropsTheFrameAndWaitsForTheNextKeyframe() throws Exception {
        List<byte[]> packets = new ArrayList<>(RtpCapture.h265());
        int frame = 0;
        int victim = -1;
        for (int i = 0; i < packets.size() && victim < 0; i++) {
            byte[] p = packets.get(i);
            if (frame == 12 && ((p[12] >> 1) & 0x3f) == 49 && (p[14] & 0x80) == 0) {
                victim = i; // a fragment of frame 12 that is not the start
            }
            frame += (p[1] & 0x80) != 0 ? 1 : 0;
        }
        assertTrue(victim > 0, "capture has a non-start fragment in frame 12");
        packets.remove(victim);
        try (Frames out = new Frames(); H265Depacketizer d = new H265Depacketizer(List.of(), out)) {
            Frames.push(d, packets);
            assertEquals(1, d.stats().framesLost());
            assertEquals(12 + (RtpCapture.FRAMES - 2 * RtpCapture.GOP), out.frames.size());
            assertTrue(out.frames.get(12).isKeyframe());
        }
    }

    @Test
    void hostilePayloadsAreRejectedWithAReason() throws Exception {
        VideoTrack t;
        try (Frames out = new Frames(); H265Depacketizer d = new H265Depacketizer(List.of(), out)) {
            Frames.push(d, RtpCapture.h265());
            t = d.track();
        }
        byte[] idr = {0x26, 0x01, (byte) 0xaf, 1}; // IDR_W_RADL
        byte[][] payloads = {
            {0x02},                                  // one byte
            {(byte) 0x82, 0x01, 1},                  // forbidden bit
            {0x60, 0x01},                            // empty AP
            {0x60, 0x01, 0, 9, 0x26, 0x01},          // AP unit overruns
            {0x60, 0x01, 0, 1, 0x26},                // AP unit shorter than a NAL header
            {0x62, 0x01, (byte) 0x93},               // FU without data
            {0x62, 0x01, (byte) 0xd3, 1},            // FU with start and end
            {0x62, 0x01, 0x13, 1},                   // FU middle without start
            {0x64, 0x01, 0, 0},                      // PACI
        };
        for (byte[] payload : payloads) {
            try (Frames out = new Frames(); H265Depacketizer d = new H265Depacketizer(List.of(t.vps(), t.sps(),
                    t.pps()), out)) {
                assertEquals(DepacketizerOutcome.FRAME, Frames.push(d, H264DepacketizerTest.rtp(1, 0, true, idr)));
                DepacketizerOutcome outcome = Frames.push(d, H264DepacketizerTest.rtp(2, 3600, false, payload));
                assertTrue(outcome.isError(), java.util.Arrays.toString(payload) + " -> " + outcome);
                assertEquals(DepacketizerOutcome.FRAME_DROPPED,
                        Frames.push(d, H264DepacketizerTest.rtp(3, 3600, true, idr)));
                assertEquals(1, out.frames.size());
                assertEquals(640, out.frames.get(0).track().width());
            }
        }
    }

    @Test
    void randomPayloadsNeverThrowOrLeak() throws Exception {
        Random random = new Random(11);
        List<byte[]> real = RtpCapture.h265();
        try (Frames out = new Frames(); H265Depacketizer d = new H265Depacketizer(List.of(), out)) {
            for (int i = 0; i < 20_000; i++) {
                byte[] p;
                if (random.nextInt(4) == 0) {
                    p = real.get(random.nextInt(real.size())).clone();
                    p[12 + random.nextInt(p.length - 12)] ^= (byte) (1 << random.nextInt(8));
                } else {
                    byte[] payload = new byte[random.nextInt(64)];
                    random.nextBytes(payload);
                    p = H264DepacketizerTest.rtp(i, random.nextInt(3) * 3600L, random.nextBoolean(), payload);
                }
                Frames.push(d, RtpCapture.renumber(p, i & 0xffff, RtpCapture.timestamp(p)));
            }
            for (Frame f : out.frames) {
                Frames.nalTypes(f);
            }
        }
    }
}
