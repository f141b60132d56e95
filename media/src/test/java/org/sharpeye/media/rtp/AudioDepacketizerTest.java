package org.sharpeye.media.rtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.sharpeye.media.Codec;
import org.sharpeye.media.Frame;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** AAC (RFC 3640) and G.711 (RFC 3551) depacketizers on real ffmpeg packets and on hostile input. */
class AudioDepacketizerTest {

    /** What came out: bytes and pts of each frame, each frame released at once. */
    private static final class Out implements Consumer<Frame> {
        final List<byte[]> data = new ArrayList<>();
        final List<Long> pts = new ArrayList<>();
        Codec codec;

        @Override
        public void accept(Frame frame) {
            try {
                codec = frame.codec();
                assertTrue(frame.isKeyframe());
                data.add(ByteBufUtil.getBytes(frame.data()));
                pts.add(frame.ptsMicros());
            } finally {
                frame.release();
            }
        }
    }

    private static DepacketizerOutcome push(AudioDepacketizer d, byte[] packet) {
        RtpParse parsed = RtpPacket.parse(Unpooled.wrappedBuffer(packet));
        if (!(parsed instanceof RtpPacket p)) {
            return DepacketizerOutcome.MALFORMED;
        }
        try {
            return d.push(p);
        } finally {
            p.release();
        }
    }

    private static RtpPacket packet(int sequence, long timestamp, boolean marker, byte[] payload) {
        return RtpPacket.of(marker, 97, sequence, timestamp, 1, Unpooled.wrappedBuffer(payload));
    }

    private static DepacketizerOutcome push(AudioDepacketizer d, RtpPacket p) {
        try {
            return d.push(p);
        } finally {
            p.release();
        }
    }

    private static Map<String, String> fmtp(String sdp) {
        Matcher m = Pattern.compile("a=fmtp:\\d+ (.*)").matcher(sdp);
        assertTrue(m.find(), sdp);
        Map<String, String> params = new HashMap<>();
        for (String kv : m.group(1).split(";")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                params.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
            }
        }
        return params;
    }

    private static AacDepacketizer hbr(Out out) {
        return new AacDepacketizer(16000, 13, 3, 3, 1024, new byte[] {0x14, 0x08}, ByteBufAllocator.DEFAULT, out);
    }

    /** An AAC-hbr payload: AU-headers-length, one 16-bit header per AU (size, index 0), the AUs. */
    private static byte[] aacPayload(byte[]... aus) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int bits = 16 * aus.length;
        b.write(bits >> 8);
        b.write(bits);
        for (byte[] au : aus) {
            b.write(au.length >> 5);
            b.write(au.length << 3);
        }
        for (byte[] au : aus) {
            b.writeBytes(au);
        }
        return b.toByteArray();
    }

    private static byte[] fragmentPayload(int auSize, byte[] part) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0);
        b.write(16);
        b.write(auSize >> 5);
        b.write(auSize << 3);
        b.writeBytes(part);
        return b.toByteArray();
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void aacFromFfmpegMatchesTheSameEncodingWrittenAsAdts() throws Exception {
        AudioCapture.Capture capture = AudioCapture.aac();
        List<byte[]> expected = AudioCapture.adtsFrames(capture.reference());
        Out out = new Out();
        try (AacDepacketizer d = AacDepacketizer.fromFmtp(fmtp(capture.sdp()), 16000, out)) {
            assertArrayEquals(new byte[] {0x14, 0x08, 0x56, (byte) 0xe5, 0x00}, d.audioSpecificConfig());
            for (byte[] p : capture.packets()) {
                assertEquals(DepacketizerOutcome.FRAME, push(d, p));
            }
            assertEquals(0, d.stats().errors());
            assertEquals(0, d.stats().framesLost());
        }
        assertEquals(Codec.AAC, out.codec);
        // ffmpeg's RTP muxer leaves out the encoder's last flushed frames; all it sent must match, in order
        assertTrue(out.data.size() >= expected.size() - 3, out.data.size() + " of " + expected.size() + " frames");
        for (int i = 0; i < out.data.size(); i++) {
            assertArrayEquals(expected.get(i), out.data.get(i), "frame " + i);
        }
        for (int i = 1; i < out.pts.size(); i++) {
            assertEquals(64_000, out.pts.get(i) - out.pts.get(i - 1), "1024 samples at 16 kHz");
        }
    }

    @Test
    void severalAusInOnePacketFollowEachOtherByTheFrameDuration() {
        Out out = new Out();
        try (AacDepacketizer d = hbr(out)) {
            assertEquals(DepacketizerOutcome.FRAME, push(d, packet(1, 16000, true,
                    aacPayload(bytes(100, 1), bytes(7, 2), bytes(300, 3)))));
        }
        assertEquals(3, out.data.size());
        assertArrayEquals(bytes(7, 2), out.data.get(1));
        assertEquals(List.of(1_000_000L, 1_064_000L, 1_128_000L), out.pts);
    }

    @Test
    void aFragmentedAuIsReassembledAndOneWithALostFragmentDropped() {
        byte[] au = bytes(3000, 9);
        Out out = new Out();
        try (AacDepacketizer d = hbr(out)) {
            assertEquals(DepacketizerOutcome.BUFFERED, push(d, packet(1, 0, false,
                    fragmentPayload(3000, java.util.Arrays.copyOfRange(au, 0, 1200)))));
            assertEquals(DepacketizerOutcome.BUFFERED, push(d, packet(2, 0, false,
                    fragmentPayload(3000, java.util.Arrays.copyOfRange(au, 1200, 2400)))));
            assertEquals(DepacketizerOutcome.FRAME, push(d, packet(3, 0, true,
                    fragmentPayload(3000, java.util.Arrays.copyOfRange(au, 2400, 3000)))));
            assertEquals(1, out.data.size());
            assertArrayEquals(au, out.data.get(0));

            // the middle fragment of the next AU is lost: nothing of it comes out, the next whole AU does
            push(d, packet(4, 1024, false, fragmentPayload(3000, java.util.Arrays.copyOfRange(au, 0, 1200))));
            push(d, packet(6, 1024, true, fragmentPayload(3000, java.util.Arrays.copyOfRange(au, 2400, 3000))));
            assertEquals(DepacketizerOutcome.FRAME, push(d, packet(7, 2048, true, aacPayload(bytes(50, 4)))));
            assertEquals(2, out.data.size());
            assertArrayEquals(bytes(50, 4), out.data.get(1));
            assertTrue(d.stats().framesLost() >= 1);
            // an AU left half done is released on close (the leak detector checks)
            push(d, packet(8, 3072, false, fragmentPayload(3000, java.util.Arrays.copyOfRange(au, 0, 1200))));
        }
    }

    @Test
    void hostileAacIsReportedNeverThrownNorLeaked() throws Exception {
        Out out = new Out();
        try (AacDepacketizer d = hbr(out)) {
            assertEquals(DepacketizerOutcome.MALFORMED, push(d, packet(1, 0, true, new byte[] {0})));
            assertEquals(DepacketizerOutcome.MALFORMED, push(d, packet(2, 0, true, new byte[] {0, 0})));
            assertEquals(DepacketizerOutcome.MALFORMED, push(d, packet(3, 0, true, new byte[] {0, 16, 1})));
            assertEquals(DepacketizerOutcome.MALFORMED, push(d, packet(4, 0, true, new byte[] {0, 15, 0, 8, 1})));
            assertEquals(DepacketizerOutcome.ACCESS_UNIT_TOO_LARGE, push(d, packet(5, 0, false,
                    fragmentPayload(8191, new byte[10]))));
            assertEquals(DepacketizerOutcome.MALFORMED, push(d, packet(6, 0, true,
                    fragmentPayload(200, new byte[10]))), "an AU larger than the data with the marker set");
            byte[] many = new byte[2 + 2 * 65];
            many[0] = (byte) (65 * 16 >> 8);
            many[1] = (byte) (65 * 16);
            assertEquals(DepacketizerOutcome.MALFORMED, push(d, packet(7, 0, true, many)));
            assertTrue(d.stats().errors() >= 6);
        }
        List<byte[]> real = AudioCapture.aac().packets();
        Random random = new Random(42);
        try (AacDepacketizer d = hbr(out)) {
            for (byte[] p : real) {
                for (int cut = RtpPacket.HEADER_SIZE; cut < p.length; cut += 7) {
                    push(d, java.util.Arrays.copyOf(p, cut));
                }
            }
            for (int i = 0; i < 20_000; i++) {
                byte[] payload = new byte[random.nextInt(80)];
                random.nextBytes(payload);
                push(d, packet(random.nextInt(65536), random.nextInt(1 << 20), random.nextBoolean(), payload));
            }
        }
    }

    @Test
    void fmtpWithoutAacHbrOrWithUnsupportedFieldsIsRejected() {
        Out out = new Out();
        assertThrows(IllegalArgumentException.class, () -> AacDepacketizer.fromFmtp(
                Map.of("mode", "CELP-cbr", "sizelength", "13"), 16000, out));
        assertThrows(IllegalArgumentException.class, () -> AacDepacketizer.fromFmtp(
                Map.of("mode", "AAC-hbr", "sizelength", "13", "CTSDeltaLength", "2"), 16000, out));
        assertThrows(IllegalArgumentException.class, () -> AacDepacketizer.fromFmtp(
                Map.of("mode", "AAC-hbr"), 16000, out), "sizelength is required");
        assertThrows(IllegalArgumentException.class, () -> AacDepacketizer.fromFmtp(
                Map.of("mode", "AAC-hbr", "sizelength", "13", "config", "xyz"), 16000, out));
        try (AacDepacketizer lbr = AacDepacketizer.fromFmtp(Map.of("Mode", "AAC-lbr", "SizeLength", "6",
                "IndexLength", "2", "IndexDeltaLength", "2", "config", "1408"), 16000, out)) {
            byte[] payload = {0, 8, (byte) (5 << 2), 1, 2, 3, 4, 5};
            assertEquals(DepacketizerOutcome.FRAME, push(lbr, packet(1, 0, true, payload)));
            assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, out.data.get(out.data.size() - 1));
        }
    }

    @Test
    void g711FromFfmpegMatchesTheRawFile() throws Exception {
        for (AudioCapture.Capture capture : List.of(AudioCapture.pcma(), AudioCapture.pcmu())) {
            int payloadType = capture.packets().get(0)[1] & 0x7f;
            Codec codec = G711Depacketizer.codecOf(payloadType);
            Out out = new Out();
            try (G711Depacketizer d = new G711Depacketizer(codec, 8000, out)) {
                for (byte[] p : capture.packets()) {
                    assertEquals(DepacketizerOutcome.FRAME, push(d, p));
                }
            }
            assertEquals(codec, out.codec);
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            out.data.forEach(all::writeBytes);
            assertArrayEquals(capture.reference(), all.toByteArray(), codec + ": the samples as ffmpeg wrote them");
            long samples = 0;
            for (int i = 1; i < out.pts.size(); i++) {
                samples += out.data.get(i - 1).length;
                assertEquals(samples * 125, out.pts.get(i) - out.pts.get(0), "8 kHz: 125 us per sample");
            }
        }
        assertEquals(Codec.PCMA, G711Depacketizer.codecOf(8));
        assertEquals(Codec.PCMU, G711Depacketizer.codecOf(0));
        assertEquals(null, G711Depacketizer.codecOf(96));
    }

    @Test
    void g711CountsLossIgnoresLatePacketsAndBoundsThePayload() {
        Out out = new Out();
        try (G711Depacketizer d = new G711Depacketizer(Codec.PCMA, 8000, out)) {
            assertEquals(DepacketizerOutcome.FRAME, push(d, packet(65535, 0, false, new byte[160])));
            assertEquals(DepacketizerOutcome.FRAME, push(d, packet(2, 480, false, new byte[160])), "wraps, 2 lost");
            assertEquals(2, d.stats().packetsLost());
            assertEquals(1, d.stats().framesLost());
            assertEquals(DepacketizerOutcome.DUPLICATE, push(d, packet(1, 320, false, new byte[160])));
            assertEquals(DepacketizerOutcome.DUPLICATE, push(d, packet(2, 480, false, new byte[160])));
            assertEquals(DepacketizerOutcome.MALFORMED, push(d, packet(3, 640, false, new byte[0])));
            assertEquals(DepacketizerOutcome.ACCESS_UNIT_TOO_LARGE, push(d, packet(4, 800, false, new byte[4001])));
            assertEquals(2, out.data.size());
            assertEquals(List.of(0L, 60_000L), out.pts);
        }
        assertThrows(IllegalArgumentException.class, () -> new G711Depacketizer(Codec.AAC, 8000, out));
    }
}
