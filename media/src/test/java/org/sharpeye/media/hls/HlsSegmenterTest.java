package org.sharpeye.media.hls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sharpeye.media.Codec;
import org.sharpeye.media.EncodedSamples;
import org.sharpeye.media.FfmpegDecode;
import org.sharpeye.media.Frame;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HlsSegmenterTest {

    private static final Pattern EXTINF = Pattern.compile("#EXTINF:([0-9.]+),");
    private static final Pattern MAP = Pattern.compile("#EXT-X-MAP:URI=\"([^\"]+)\"");

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"FMP4, H264, h264", "MPEG_TS, H264, h264", "FMP4, H265, hevc", "MPEG_TS, H265, hevc"})
    void twelveSecondsBecomeSegmentsThatFfmpegPlays(SegmentFormat format, Codec codec, String ffmpegName)
            throws Exception {
        List<Frame> frames = EncodedSamples.frames(codec, EncodedSamples.encode(codec, 320, 240, 12, dir), 320, 240);
        assertEquals(300, frames.size());
        Path playlist;
        try (HlsSegmenter segmenter = new HlsSegmenter(PooledByteBufAllocator.DEFAULT, HlsOptions.of(format))) {
            try {
                frames.forEach(segmenter::accept);
                segmenter.end();
            } finally {
                frames.forEach(Frame::release);
            }
            playlist = writeOut(segmenter, dir.resolve("hls"));
            String m3u8 = segmenter.playlist();
            assertTrue(m3u8.startsWith("#EXTM3U\n#EXT-X-VERSION:" + format.playlistVersion() + "\n"), m3u8);
            assertTrue(m3u8.contains("#EXT-X-TARGETDURATION:2\n"), m3u8);
            assertTrue(m3u8.contains("#EXT-X-MEDIA-SEQUENCE:0\n"), m3u8);
            assertTrue(m3u8.endsWith("#EXT-X-ENDLIST\n"), m3u8);
            // keyframes every 50 frames at 25 fps: every segment is one 2 s GOP
            assertEquals(List.of(2.0, 2.0, 2.0, 2.0, 2.0, 2.0), durations(m3u8));
            assertEquals(format == SegmentFormat.FMP4 ? List.of("init-1.mp4") : List.of(), maps(m3u8));
            assertEquals(0, segmenter.skippedFrames());
        }
        var probe = EncodedSamples.run(List.of("ffprobe", "-v", "error", "-count_frames", "-show_entries",
                "stream=codec_name,width,height,nb_read_frames", "-of", "default=nw=1", playlist.toString()));
        assertEquals(0, probe.exitCode(), probe.output());
        assertTrue(probe.output().contains("codec_name=" + ffmpegName), probe.output());
        assertTrue(probe.output().contains("width=320") && probe.output().contains("height=240"), probe.output());
        assertTrue(probe.output().contains("nb_read_frames=300"), probe.output());
        FfmpegDecode.assertClean(playlist);
    }

    @Test
    void theWindowIsBoundedAndEvictedSegmentsAreReleased() throws Exception {
        List<Frame> frames = EncodedSamples.frames(Codec.H264,
                EncodedSamples.encode(Codec.H264, 320, 240, 12, dir), 320, 240);
        HlsSegmenter segmenter = new HlsSegmenter(PooledByteBufAllocator.DEFAULT,
                new HlsOptions(SegmentFormat.FMP4, Duration.ofSeconds(2), 3));
        try {
            assertNull(segmenter.playlist(), "no playlist before the first segment");
            frames.forEach(segmenter::accept);
            // 6 GOPs; the 6th is still in progress (live): 5 finished, the window keeps the last 3
            String m3u8 = segmenter.playlist();
            assertTrue(m3u8.contains("#EXT-X-MEDIA-SEQUENCE:2\n"), m3u8);
            assertTrue(!m3u8.contains("#EXT-X-ENDLIST"), m3u8);
            assertEquals(List.of("segment-2.m4s", "segment-3.m4s", "segment-4.m4s"), segmenter.segmentNames());
            assertEquals(List.of(2.0, 2.0, 2.0), durations(m3u8));
            assertNull(segmenter.file("segment-1.m4s"), "evicted");
            ByteBuf init = segmenter.file("init-1.mp4");
            ByteBuf segment = segmenter.file("segment-4.m4s");
            assertNotNull(init);
            assertNotNull(segment);
            // what the client got stays readable after the segmenter has let go of it
            segmenter.close();
            assertEquals("ftyp", init.toString(4, 4, java.nio.charset.StandardCharsets.US_ASCII));
            assertEquals("moof", segment.toString(4, 4, java.nio.charset.StandardCharsets.US_ASCII));
            init.release();
            segment.release();
            assertNull(segmenter.file("segment-4.m4s"), "closed");
            for (Frame f : frames) {
                assertEquals(1, f.refCnt(), "the segmenter let go of every frame: " + f);
            }
        } finally {
            segmenter.close();
            frames.forEach(Frame::release);
        }
    }

    @Test
    void aTargetLongerThanTheGopCutsAtTheNextKeyframeAfterIt() throws Exception {
        List<Frame> frames = EncodedSamples.frames(Codec.H264,
                EncodedSamples.encode(Codec.H264, 320, 240, 12, dir), 320, 240);
        try (HlsSegmenter segmenter = new HlsSegmenter(PooledByteBufAllocator.DEFAULT,
                new HlsOptions(SegmentFormat.MPEG_TS, Duration.ofSeconds(3), 6))) {
            frames.forEach(segmenter::accept);
            segmenter.end();
            String m3u8 = segmenter.playlist();
            // keyframes at 0, 2, 4 ... s: a 3 s target cuts at 4 and 8 s; the target duration grows to 4
            assertEquals(List.of(4.0, 4.0, 4.0), durations(m3u8));
            assertTrue(m3u8.contains("#EXT-X-TARGETDURATION:4\n"), m3u8);
        } finally {
            frames.forEach(Frame::release);
        }
    }

    @Test
    void newParameterSetsStartANewInitSectionAfterADiscontinuity() throws Exception {
        Path a = Files.createDirectory(dir.resolve("a"));
        Path b = Files.createDirectory(dir.resolve("b"));
        List<Frame> first = EncodedSamples.frames(Codec.H264, EncodedSamples.encode(Codec.H264, 320, 240, 4, a),
                320, 240);
        // the camera restarts with another resolution: new SPS, and its clock starts over
        List<Frame> second = EncodedSamples.frames(Codec.H264, EncodedSamples.encode(Codec.H264, 160, 120, 4, b),
                160, 120);
        Path playlist;
        try (HlsSegmenter segmenter = new HlsSegmenter(PooledByteBufAllocator.DEFAULT,
                HlsOptions.of(SegmentFormat.FMP4))) {
            try {
                first.forEach(segmenter::accept);
                second.forEach(segmenter::accept);
                segmenter.end();
            } finally {
                first.forEach(Frame::release);
                second.forEach(Frame::release);
            }
            String m3u8 = segmenter.playlist();
            assertEquals(List.of("init-1.mp4", "init-2.mp4"), maps(m3u8));
            assertEquals(1, m3u8.split("#EXT-X-DISCONTINUITY\n", -1).length - 1, m3u8);
            assertTrue(m3u8.indexOf("#EXT-X-DISCONTINUITY") < m3u8.indexOf("init-2.mp4"), m3u8);
            assertEquals(List.of(2.0, 2.0, 2.0, 2.0), durations(m3u8));
            playlist = writeOut(segmenter, dir.resolve("hls"));
        }
        var probe = EncodedSamples.run(List.of("ffprobe", "-v", "error", "-count_frames", "-show_entries",
                "stream=nb_read_frames", "-of", "default=nw=1", playlist.toString()));
        assertEquals(0, probe.exitCode(), probe.output());
        assertTrue(probe.output().contains("nb_read_frames=200"), probe.output());
    }

    @Test
    void framesWithoutATrackAreCountedNotThrown() {
        try (HlsSegmenter segmenter = new HlsSegmenter(PooledByteBufAllocator.DEFAULT,
                HlsOptions.of(SegmentFormat.MPEG_TS))) {
            Frame audio = Frame.audio(org.sharpeye.media.AudioTrack.aac(new byte[0], 16000, 1), 0,
                    PooledByteBufAllocator.DEFAULT.buffer(4).writeInt(7), 0);
            try {
                segmenter.accept(audio);
            } finally {
                audio.release();
            }
            assertEquals(0, segmenter.skippedFrames(), "audio before any video is ignored, not an error");
            assertNull(segmenter.playlist());
        }
    }

    @Test
    void aSegmentWithoutKeyframeForAMinuteIsDroppedAndTheNextStartsADiscontinuity() throws Exception {
        List<Frame> frames = EncodedSamples.frames(Codec.H264,
                EncodedSamples.encode(Codec.H264, 320, 240, 4, dir), 320, 240);
        try (HlsSegmenter segmenter = new HlsSegmenter(PooledByteBufAllocator.DEFAULT,
                HlsOptions.of(SegmentFormat.MPEG_TS))) {
            frames.subList(0, 50).forEach(segmenter::accept);  // GOP 1
            frames.subList(50, 100).forEach(segmenter::accept); // GOP 2 cuts segment 0
            // then the camera sends a minute and more of P-frames (here the GOP's last frame, repeated)
            Frame p = frames.get(99);
            long t = p.dtsMicros();
            for (int i = 0; i < 61 * 25; i++) {
                t += 40_000;
                Frame again = Frame.video(p.track(), t, t, false, p.data().retainedDuplicate(), 0);
                try {
                    segmenter.accept(again);
                } finally {
                    again.release();
                }
            }
            assertEquals(1, segmenter.droppedSegments(), "GOP 2 grew past a minute without a keyframe");
            Frame key = Frame.video(p.track(), t + 40_000, t + 40_000, true,
                    frames.get(0).data().retainedDuplicate(), 0);
            try {
                segmenter.accept(key);
            } finally {
                key.release();
            }
            segmenter.end();
            String m3u8 = segmenter.playlist();
            assertEquals(List.of("segment-0.ts", "segment-1.ts"), segmenter.segmentNames());
            assertTrue(m3u8.contains("#EXT-X-DISCONTINUITY\n#EXTINF:0.040,\nsegment-1.ts"), m3u8);
        } finally {
            frames.forEach(Frame::release);
        }
    }

    @Test
    void aTrackTooBrokenToDescribeIsSkippedAndCounted() {
        // an SPS of two bytes holds no profile or level: no avcC can be made of it
        org.sharpeye.media.VideoTrack broken = new org.sharpeye.media.VideoTrack(Codec.H264, null,
                new byte[] {0x67, 0x64}, new byte[] {0x68, (byte) 0xEE}, 320, 240);
        try (HlsSegmenter segmenter = new HlsSegmenter(PooledByteBufAllocator.DEFAULT,
                HlsOptions.of(SegmentFormat.FMP4))) {
            for (int i = 0; i < 3; i++) {
                ByteBuf data = PooledByteBufAllocator.DEFAULT.buffer().writeInt(2).writeByte(0x65).writeByte(0x88);
                Frame key = Frame.video(broken, i * 40_000L, i * 40_000L, true, data, 0);
                try {
                    segmenter.accept(key);
                } finally {
                    key.release();
                }
            }
            assertEquals(3, segmenter.skippedFrames());
            assertNull(segmenter.playlist());
            assertNull(segmenter.codecs());
        }
    }

    /** Writes the playlist and every resource it names into {@code out}; returns the playlist's path. */
    private static Path writeOut(HlsSegmenter segmenter, Path out) throws Exception {
        Files.createDirectories(out);
        String m3u8 = segmenter.playlist();
        List<String> names = new ArrayList<>(maps(m3u8));
        m3u8.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).forEach(names::add);
        for (String name : names) {
            ByteBuf data = segmenter.file(name);
            assertNotNull(data, name);
            try (OutputStream o = Files.newOutputStream(out.resolve(name))) {
                data.readBytes(o, data.readableBytes());
            } finally {
                data.release();
            }
        }
        Path playlist = out.resolve("index.m3u8");
        Files.writeString(playlist, m3u8);
        return playlist;
    }

    private static List<Double> durations(String m3u8) {
        List<Double> d = new ArrayList<>();
        Matcher m = EXTINF.matcher(m3u8);
        while (m.find()) {
            d.add(Double.parseDouble(m.group(1)));
        }
        return d;
    }

    private static List<String> maps(String m3u8) {
        List<String> d = new ArrayList<>();
        Matcher m = MAP.matcher(m3u8);
        while (m.find()) {
            d.add(m.group(1));
        }
        return d;
    }
}
