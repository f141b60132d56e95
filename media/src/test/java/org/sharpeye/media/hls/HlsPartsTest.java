package org.sharpeye.media.hls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sharpeye.media.Codec;
import org.sharpeye.media.EncodedSamples;
import org.sharpeye.media.FfmpegDecode;
import org.sharpeye.media.Frame;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Low-Latency HLS partial segments (RFC 8216bis 4.4.4.9) and blocking playlist reload (6.2.5.2). */
class HlsPartsTest {

    private static final Pattern PART = Pattern.compile(
            "#EXT-X-PART:DURATION=([0-9.]+),URI=\"([^\"]+)\"(,INDEPENDENT=YES)?");

    @TempDir
    Path dir;

    private record Part(double duration, String name, boolean independent) {
    }

    @ParameterizedTest
    @EnumSource(SegmentFormat.class)
    void partsAreListedServedAndMakeUpTheirSegment(SegmentFormat format) throws Exception {
        List<Frame> frames = EncodedSamples.frames(Codec.H264,
                EncodedSamples.encode(Codec.H264, 320, 240, 12, dir), 320, 240);
        HlsOptions options = HlsOptions.of(format).withPartTarget(Duration.ofMillis(200));
        String ext = format.extension();
        try (HlsSegmenter segmenter = new HlsSegmenter(PooledByteBufAllocator.DEFAULT, options)) {
            frames.forEach(segmenter::accept);
            String live = segmenter.playlist();
            assertTrue(live.contains("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=0.600\n"), live);
            assertTrue(live.contains("#EXT-X-PART-INF:PART-TARGET=0.200\n"), live);
            List<Part> parts = parts(live);
            // 5 finished 2 s segments and the 6th in progress (1.96 s: 9 parts cut, the 10th still filling);
            // parts more than three target durations (6 s) from the end are no longer listed: segments 3, 4 and 5
            List<String> expected = new ArrayList<>();
            for (int s = 3; s <= 5; s++) {
                for (int p = 0; p < (s == 5 ? 9 : 10); p++) {
                    expected.add("part-" + s + "-" + p + ext);
                }
            }
            assertEquals(expected, parts.stream().map(Part::name).toList(), live);
            for (Part p : parts) {
                assertEquals(0.2, p.duration(), 1e-9, p.name());
                assertEquals(p.name().endsWith("-0" + ext), p.independent(), p.name());
            }
            assertTrue(live.indexOf("part-5-0" + ext) > live.indexOf("segment-4" + ext), "in progress goes last");
            // a segment's bytes are its parts' bytes, one after the other
            for (int s = 3; s <= 4; s++) {
                ByteArrayOutputStream joined = new ByteArrayOutputStream();
                for (int p = 0; p < 10; p++) {
                    joined.write(bytes(segmenter.file("part-" + s + "-" + p + ext)));
                }
                assertArrayEquals(bytes(segmenter.file("segment-" + s + ext)), joined.toByteArray());
            }
            // the segment in progress: its parts, with the init section, play on their own
            ByteArrayOutputStream early = new ByteArrayOutputStream();
            if (format == SegmentFormat.FMP4) {
                early.write(bytes(segmenter.file("init-1.mp4")));
            }
            for (int p = 0; p < 9; p++) {
                early.write(bytes(segmenter.file("part-5-" + p + ext)));
            }
            Path partial = dir.resolve("partial" + (format == SegmentFormat.FMP4 ? ".mp4" : ".ts"));
            Files.write(partial, early.toByteArray());
            var probe = EncodedSamples.run(List.of("ffprobe", "-v", "error", "-count_frames", "-show_entries",
                    "stream=nb_read_frames", "-of", "default=nw=1", partial.toString()));
            assertEquals(0, probe.exitCode(), probe.output());
            assertTrue(probe.output().contains("nb_read_frames=45"), probe.output());

            segmenter.end();
            Path playlist = dir.resolve("index.m3u8");
            writeOut(segmenter, playlist);
            FfmpegDecode.assertClean(playlist);
            var count = EncodedSamples.run(List.of("ffprobe", "-v", "error", "-count_frames", "-show_entries",
                    "stream=nb_read_frames", "-of", "default=nw=1", playlist.toString()));
            assertTrue(count.output().contains("nb_read_frames=300"), count.output());
        } finally {
            frames.forEach(Frame::release);
        }
    }

    @Test
    void aPlaylistRequestIsHeldUntilItsPartExists() throws Exception {
        List<Frame> frames = EncodedSamples.frames(Codec.H264,
                EncodedSamples.encode(Codec.H264, 320, 240, 5, dir), 320, 240);
        HlsOptions options = HlsOptions.of(SegmentFormat.FMP4).withPartTarget(Duration.ofMillis(200));
        HlsSegmenter segmenter = new HlsSegmenter(PooledByteBufAllocator.DEFAULT, options);
        try {
            ExecutionException tooFar = assertThrows(ExecutionException.class,
                    () -> segmenter.awaitPlaylist(3, -1).get());
            assertInstanceOf(IllegalArgumentException.class, tooFar.getCause(), "more than two segments ahead");

            CompletableFuture<String> part3 = segmenter.awaitPlaylist(1, 3);
            CompletableFuture<String> segment1 = segmenter.awaitPlaylist(1, -1);
            // segment 1 is the second GOP (frames 50..99); its part 3 is cut when frame 70 arrives
            for (int i = 0; i < 70; i++) {
                segmenter.accept(frames.get(i));
                assertFalse(part3.isDone(), "held until part 3 of segment 1 exists, frame " + i);
            }
            segmenter.accept(frames.get(70));
            assertTrue(part3.isDone());
            String playlist = part3.get();
            assertTrue(playlist.contains("URI=\"part-1-3.m4s\""), playlist);
            assertFalse(playlist.contains("part-1-4.m4s"), playlist);
            assertFalse(segment1.isDone(), "segment 1 is not finished before the next keyframe");
            for (int i = 71; i < 100; i++) {
                segmenter.accept(frames.get(i));
            }
            assertFalse(segment1.isDone(), "segment 1 ends with the next keyframe");
            segmenter.accept(frames.get(100));
            assertTrue(segment1.isDone());
            assertTrue(segment1.get().contains("#EXTINF:2.000,\nsegment-1.m4s\n"), segment1.get());

            CompletableFuture<String> held = segmenter.awaitPlaylist(2, 0);
            assertFalse(held.isDone());
            segmenter.close();
            ExecutionException closed = assertThrows(ExecutionException.class, held::get);
            assertInstanceOf(IllegalStateException.class, closed.getCause());
        } finally {
            segmenter.close();
            frames.forEach(Frame::release);
        }
    }

    @Test
    void aPartTargetLongerThanHalfTheSegmentIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> HlsOptions.of(SegmentFormat.FMP4).withPartTarget(Duration.ofMillis(1500)));
        assertThrows(IllegalArgumentException.class,
                () -> HlsOptions.of(SegmentFormat.FMP4).withPartTarget(Duration.ofMillis(50)));
    }

    private static List<Part> parts(String m3u8) {
        List<Part> parts = new ArrayList<>();
        Matcher m = PART.matcher(m3u8);
        while (m.find()) {
            parts.add(new Part(Double.parseDouble(m.group(1)), m.group(2), m.group(3) != null));
        }
        return parts;
    }

    private static byte[] bytes(ByteBuf buf) {
        assertNotNull(buf);
        try {
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    private static void writeOut(HlsSegmenter segmenter, Path playlist) throws Exception {
        String m3u8 = segmenter.playlist();
        Matcher map = Pattern.compile("#EXT-X-MAP:URI=\"([^\"]+)\"").matcher(m3u8);
        List<String> names = new ArrayList<>();
        while (map.find()) {
            names.add(map.group(1));
        }
        m3u8.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).forEach(names::add);
        for (String name : names) {
            Files.write(playlist.resolveSibling(name), bytes(segmenter.file(name)));
        }
        Files.writeString(playlist, m3u8);
    }
}
