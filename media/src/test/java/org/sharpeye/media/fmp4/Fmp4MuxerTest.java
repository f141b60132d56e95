package org.sharpeye.media.fmp4;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sharpeye.media.Codec;
import org.sharpeye.media.EncodedSamples;
import org.sharpeye.media.FfmpegDecode;
import org.sharpeye.media.Frame;
import org.sharpeye.media.VideoTrack;
import org.sharpeye.media.codec.H264Sps;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Fmp4MuxerTest {

    @TempDir
    Path dir;

    @Test
    void h264FragmentsAreReadAndDecodedByFfmpeg() throws Exception {
        muxAndProbe(Codec.H264, "h264");
    }

    @Test
    void h265FragmentsAreReadAndDecodedByFfmpeg() throws Exception {
        muxAndProbe(Codec.H265, "hevc");
    }

    private void muxAndProbe(Codec codec, String ffmpegName) throws Exception {
        List<Frame> frames = EncodedSamples.frames(codec, EncodedSamples.encode(codec, 320, 240, 4, dir), 320, 240);
        Path mp4 = dir.resolve("out.mp4");
        Fmp4Muxer muxer = new Fmp4Muxer(PooledByteBufAllocator.DEFAULT);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        int fragments = 0;
        try {
            for (Frame f : frames) {
                if (muxer.needsInit(f)) {
                    drain(muxer.initSegment(f.track()), file);
                }
                drain(muxer.fragment(f), file);
                fragments++;
            }
        } finally {
            frames.forEach(Frame::release);
        }
        byte[] bytes = file.toByteArray();
        Files.write(mp4, bytes);

        List<Mp4Boxes.Box> boxes = Mp4Boxes.walk(bytes);
        assertEquals(List.of("ftyp", "moov"), boxes.stream().filter(b -> !b.path().contains("/"))
                .map(Mp4Boxes.Box::path).limit(2).toList());
        assertEquals(fragments, boxes.stream().filter(b -> b.path().equals("moof")).count());
        assertEquals(fragments, boxes.stream().filter(b -> b.path().equals("mdat")).count());
        assertTrue(boxes.stream().anyMatch(b -> b.path().equals("moov/trak/mdia/minf/stbl/stsd")));
        assertTrue(boxes.stream().anyMatch(b -> b.path().equals("moov/mvex/trex")));
        assertFirstDecodeTimesAreContinuousFromZero(bytes, boxes);

        var probe = EncodedSamples.run(List.of("ffprobe", "-v", "error", "-count_frames", "-show_entries",
                "stream=codec_name,codec_tag_string,width,height,nb_read_frames", "-of", "default=nw=1",
                mp4.toString()));
        assertEquals(0, probe.exitCode(), probe.output());
        assertTrue(probe.output().contains("codec_name=" + ffmpegName), probe.output());
        assertTrue(probe.output().contains("codec_tag_string=" + (codec == Codec.H265 ? "hvc1" : "avc1")),
                probe.output());
        assertTrue(probe.output().contains("width=320") && probe.output().contains("height=240"), probe.output());
        assertTrue(probe.output().contains("nb_read_frames=100"), probe.output());
        FfmpegDecode.assertClean(mp4);
    }

    // tfdt of fragment n must be n * 3600 (25 fps at 90 kHz): time starts at 0 whatever the source clock said.
    private static void assertFirstDecodeTimesAreContinuousFromZero(byte[] bytes, List<Mp4Boxes.Box> boxes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        List<Mp4Boxes.Box> tfdts = boxes.stream().filter(x -> x.path().equals("moof/traf/tfdt")).toList();
        for (int i = 0; i < tfdts.size(); i++) {
            assertEquals(1, b.get(tfdts.get(i).offset() + 8), "tfdt version");
            assertEquals(i * 3600L, b.getLong(tfdts.get(i).offset() + 12), "tfdt of fragment " + i);
        }
    }

    @Test
    void aViewerJoiningMidGopStartsAtTheNextKeyframe() throws Exception {
        List<Frame> frames = EncodedSamples.frames(Codec.H264,
                EncodedSamples.encode(Codec.H264, 320, 240, 3, dir), 320, 240);
        Path mp4 = dir.resolve("late.mp4");
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        try {
            Fmp4Muxer muxer = new Fmp4Muxer(PooledByteBufAllocator.DEFAULT);
            drain(muxer.initSegment(frames.get(0).track()), file);
            int written = 0;
            for (Frame f : frames.subList(10, frames.size())) {
                ByteBuf fragment = muxer.fragment(f);
                if (written == 0 && !f.isKeyframe()) {
                    assertNull(fragment, "a frame before the first keyframe must be skipped");
                    continue;
                }
                assertNotNull(fragment);
                drain(fragment, file);
                written++;
            }
            // 75 frames, keyframes at 0, 50: joining at 10 skips 40 and writes 25
            assertEquals(25, written);
            assertEquals(40, muxer.skippedFrames());
        } finally {
            frames.forEach(Frame::release);
        }
        Files.write(mp4, file.toByteArray());
        FfmpegDecode.assertClean(mp4);
    }

    @Test
    void codecStringIsWhatTheSpsSays() throws Exception {
        List<Frame> h264 = EncodedSamples.frames(Codec.H264,
                EncodedSamples.encode(Codec.H264, 320, 240, 1, dir), 320, 240);
        List<Frame> h265 = EncodedSamples.frames(Codec.H265,
                EncodedSamples.encode(Codec.H265, 320, 240, 1, dir), 320, 240);
        VideoTrack avc = h264.get(0).track();
        VideoTrack hevc = h265.get(0).track();
        h264.forEach(Frame::release);
        h265.forEach(Frame::release);

        String avcString = Fmp4Muxer.codecs(avc);
        assertEquals(H264Sps.parse(avc.sps()).codecString(), avcString);
        // libx264's default for this size: High profile (0x64), no constraint flags, level 1.3 (0x0D) or 2.0 (0x14)
        Matcher m = Pattern.compile("avc1\\.6400([0-9A-F]{2})").matcher(avcString);
        assertTrue(m.matches(), avcString);
        assertEquals(Integer.parseInt(m.group(1), 16), probeLevel(Codec.H264), avcString);

        String hevcString = Fmp4Muxer.codecs(hevc);
        // Main profile (1), compatible with Main and Main 10 (flags 1 and 2, reversed: 0x6), Main tier, level 30x,
        // constraint byte 0x90 or 0xB0 (progressive, frame only), trailing zero bytes omitted
        Matcher h = Pattern.compile("hvc1\\.1\\.6\\.L(\\d+)\\.[0-9A-F]0").matcher(hevcString);
        assertTrue(h.matches(), hevcString);
        assertEquals(probeLevel(Codec.H265), Integer.parseInt(h.group(1)), hevcString);
        assertEquals("video/mp4; codecs=\"" + avcString + "\"", Fmp4Muxer.mimeType(avc));
    }

    private int probeLevel(Codec codec) throws Exception {
        Path f = dir.resolve(codec == Codec.H265 ? "sample.265" : "sample.264");
        var probe = EncodedSamples.run(List.of("ffprobe", "-v", "error", "-show_entries", "stream=level",
                "-of", "default=nw=1:nk=1", f.toString()));
        assertEquals(0, probe.exitCode(), probe.output());
        return Integer.parseInt(probe.output().trim());
    }

    @Test
    void aParameterSetChangeAsksForANewInitSegmentAndSkipsItsFramesUntilThen() throws Exception {
        List<Frame> frames = EncodedSamples.frames(Codec.H264,
                EncodedSamples.encode(Codec.H264, 320, 240, 1, dir), 320, 240);
        try {
            Fmp4Muxer muxer = new Fmp4Muxer(PooledByteBufAllocator.DEFAULT);
            Frame key = frames.get(0);
            assertTrue(muxer.needsInit(key));
            muxer.initSegment(key.track()).release();
            assertFalse(muxer.needsInit(key));
            VideoTrack t = key.track();
            byte[] otherPps = t.pps().clone();
            otherPps[otherPps.length - 1] ^= 0x01;
            VideoTrack changed = new VideoTrack(t.codec(), t.vps(), t.sps(), otherPps, t.width(), t.height());
            Frame reconfigured = Frame.video(changed, 0, 0, true, key.data().retainedDuplicate(), 0);
            try {
                assertTrue(muxer.needsInit(reconfigured));
                assertNull(muxer.fragment(reconfigured), "no fragment before its init segment");
                assertEquals(1, muxer.skippedFrames());
            } finally {
                reconfigured.release();
            }
        } finally {
            frames.forEach(Frame::release);
        }
    }

    @Test
    void aMalformedFrameIsSkippedNotThrown() throws Exception {
        List<Frame> frames = EncodedSamples.frames(Codec.H264,
                EncodedSamples.encode(Codec.H264, 320, 240, 1, dir), 320, 240);
        try {
            Fmp4Muxer muxer = new Fmp4Muxer(PooledByteBufAllocator.DEFAULT);
            muxer.initSegment(frames.get(0).track()).release();
            ByteBuf lying = PooledByteBufAllocator.DEFAULT.buffer().writeInt(1000).writeBytes(new byte[] {0x65, 1, 2});
            Frame bad = Frame.video(frames.get(0).track(), 0, 0, true, lying, 0);
            try {
                assertNull(muxer.fragment(bad));
                assertEquals(1, muxer.skippedFrames());
            } finally {
                bad.release();
            }
            ByteBuf good = muxer.fragment(frames.get(0));
            assertNotNull(good, "a good keyframe after a bad one is written");
            good.release();
        } finally {
            frames.forEach(Frame::release);
        }
    }

    @Test
    void aTrackTooBrokenToDescribeGetsNoInitSegment() {
        VideoTrack broken = new VideoTrack(Codec.H265, new byte[] {0x40, 1}, new byte[] {0x42, 1, 1},
                new byte[] {0x44, 1}, 320, 240);
        Fmp4Muxer muxer = new Fmp4Muxer(PooledByteBufAllocator.DEFAULT);
        assertNull(muxer.initSegment(broken));
        Frame key = Frame.video(broken, 0, 0, true,
                PooledByteBufAllocator.DEFAULT.buffer().writeInt(3).writeBytes(new byte[] {0x26, 1, 0}), 0);
        try {
            assertTrue(muxer.needsInit(key), "still waiting for an init segment");
            assertNull(muxer.fragment(key));
            assertEquals(1, muxer.skippedFrames());
        } finally {
            key.release();
        }
    }

    private static void drain(ByteBuf buf, ByteArrayOutputStream out) throws java.io.IOException {
        try {
            buf.readBytes(out, buf.readableBytes());
        } finally {
            buf.release();
        }
    }
}
