package org.sharpeye.ingest.transcode;

import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.netty.buffer.Unpooled;
import org.sharpeye.media.AudioTrack;
import org.sharpeye.media.Codec;
import org.sharpeye.media.EncodedSamples;
import org.sharpeye.media.Frame;
import org.sharpeye.media.FrameSink;
import org.sharpeye.media.ReaderCloseReason;
import org.sharpeye.media.ReaderLimits;
import org.sharpeye.media.Stream;
import org.sharpeye.media.VideoTrack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real H.265 from Debian's ffmpeg through the transcoder; Debian's ffprobe and ffmpeg judge the H.264 out. */
class H264TranscoderTest {

    private static final int FRAMES = 100; // 4 s at 25 fps, keyframes at 0 and 50

    @TempDir
    static Path dir;
    private static byte[] hevc720p;
    private static byte[] avc360p;

    private final ExecutorService viewer = Executors.newSingleThreadExecutor();
    private Stream source;
    private Stream output;
    private FlvRecorder recorder;
    private int liveBefore;

    @BeforeAll
    static void encodeSamples() throws Exception {
        hevc720p = EncodedSamples.encode(Codec.H265, 1280, 720, 4, dir);
        avc360p = EncodedSamples.encode(Codec.H264, 640, 360, 2, dir);
    }

    @BeforeEach
    void streams() {
        liveBefore = H264Transcoder.live();
        source = new Stream("cam/main");
        output = new Stream("cam/main/h264");
        recorder = new FlvRecorder();
        output.addReader("viewer", viewer, recorder);
    }

    @AfterEach
    void close() {
        output.close();
        source.close();
        viewer.shutdownNow();
    }

    @Test
    void transcodesH265ToH264AtTheSubSizeKeepingTimingAndKeyframes() throws Exception {
        List<Frame> in = EncodedSamples.frames(Codec.H265, hevc720p, 1280, 720);
        assertEquals(FRAMES, in.size());
        List<Long> received = in.stream().map(Frame::receivedNanos).toList();
        H264Transcoder transcoder = H264Transcoder.start(source, output, TranscodeOptions.SUB);
        assertEquals(liveBefore + 1, H264Transcoder.live());
        publishAll(in);

        List<FlvRecorder.Seen> out = recorder.await(FRAMES, 60_000);
        transcoder.stop().get(10, TimeUnit.SECONDS);
        assertEquals(liveBefore, H264Transcoder.live(), "natives freed on stop");

        for (int i = 0; i < FRAMES; i++) {
            FlvRecorder.Seen seen = out.get(i);
            assertEquals(1_000_000 + 40_000L * i, seen.ptsMicros(), "pts of frame " + i);
            assertEquals(seen.ptsMicros(), seen.dtsMicros());
            assertEquals(received.get(i), seen.receivedNanos(), "receivedNanos of frame " + i);
            assertEquals(i % 50 == 0, seen.keyframe(), "keyframe flag of frame " + i);
            VideoTrack track = seen.track();
            assertEquals(Codec.H264, track.codec());
            assertEquals(640, track.width());
            assertEquals(360, track.height());
        }
        assertSame(out.get(0).track(), out.get(FRAMES - 1).track(), "one track while the parameter sets repeat");

        TranscodeStats stats = transcoder.stats();
        assertEquals(FRAMES, stats.framesIn());
        assertEquals(FRAMES, stats.framesOut());
        assertEquals(0, stats.decodeErrors() + stats.encodeErrors() + stats.framesDropped() + stats.framesSkipped());
        assertTrue(stats.decodeNanos() > 0 && stats.encodeNanos() > 0);

        Path flv = recorder.save(dir.resolve("transcoded.flv"));
        assertEquals("h264,640,360," + FRAMES, probe(flv));
        assertDecodesCleanly(flv);
        assertEquals(List.of(0, 50), keyframeIndexes(flv));
    }

    @Test
    void startsAtTheFirstKeyframeWhenJoiningMidGop() throws Exception {
        List<Frame> in = EncodedSamples.frames(Codec.H265, hevc720p, 1280, 720);
        H264Transcoder transcoder = H264Transcoder.start(source, output, TranscodeOptions.SUB);
        in.subList(0, 10).forEach(Frame::release);
        publishAll(in.subList(10, FRAMES));

        List<FlvRecorder.Seen> out = recorder.await(50, 60_000);
        transcoder.stop().get(10, TimeUnit.SECONDS);
        assertEquals(50, out.size());
        assertTrue(out.get(0).keyframe());
        assertEquals(1_000_000 + 40_000L * 50, out.get(0).ptsMicros());
        assertEquals(40, transcoder.stats().framesSkipped());
        assertEquals(liveBefore, H264Transcoder.live());
    }

    @Test
    void aFrameThatFailsToDecodeIsCountedAndDecodingResumesAtTheNextKeyframe() throws Exception {
        List<Frame> in = EncodedSamples.frames(Codec.H265, hevc720p, 1280, 720);
        H264Transcoder transcoder = H264Transcoder.start(source, output, TranscodeOptions.SUB);
        publishAll(in.subList(0, 30));
        // A length prefix that runs past the end of the frame: the transcoder must count it, not die.
        Frame broken = Frame.video(in.get(30).track(), 2_200_000, 2_200_000, false,
                PooledByteBufAllocator.DEFAULT.buffer().writeInt(5000).writeBytes(new byte[] {0x02, 0x01, 0x7f}),
                System.nanoTime());
        publishAll(List.of(broken));
        publishAll(in.subList(30, FRAMES));

        List<FlvRecorder.Seen> out = recorder.await(80, 60_000);
        transcoder.stop().get(10, TimeUnit.SECONDS);
        TranscodeStats stats = transcoder.stats();
        assertEquals(1, stats.decodeErrors());
        assertEquals(20, stats.framesSkipped(), "frames 30..49 wait for the keyframe at 50");
        assertEquals(80, out.size());
        assertEquals(1_000_000 + 40_000L * 50, out.get(30).ptsMicros());
        assertTrue(out.get(30).keyframe());
        Path flv = recorder.save(dir.resolve("resumed.flv"));
        assertEquals("h264,640,360,80", probe(flv));
        assertDecodesCleanly(flv);
    }

    @Test
    void aTranscoderThatFallsBehindLosesFramesToTheNextKeyframeAndTheSourceIsNotSlowed() throws Exception {
        // A 4-frame queue and one overflow allowed: 100 frames published at once overflow it, and the second
        // overflow closes the reader, which the transcoder rejoins.
        Stream tight = new Stream("cam/tight", new ReaderLimits(4, TimeUnit.SECONDS.toNanos(10), 1,
                TimeUnit.SECONDS.toNanos(30)));
        Stream tightOut = new Stream("cam/tight/h264");
        FlvRecorder viewer = new FlvRecorder();
        tightOut.addReader("viewer", this.viewer, viewer);
        List<Frame> in = EncodedSamples.frames(Codec.H265, hevc720p, 1280, 720);
        H264Transcoder transcoder = H264Transcoder.start(tight, tightOut, TranscodeOptions.SUB);
        long t0 = System.nanoTime();
        for (Frame f : in) {
            tight.publish(f);
            f.release();
        }
        long publishMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        // Then the last GOP again, 2 s later on the timeline, one frame at a time: the transcoder keeps up again and
        // starts from its keyframe, whatever state the burst left it in.
        List<Frame> again = EncodedSamples.frames(Codec.H265, hevc720p, 1280, 720);
        again.subList(0, 50).forEach(Frame::release);
        for (Frame f : again.subList(50, FRAMES)) {
            Frame later = Frame.video(f.track(), f.ptsMicros() + 2_000_000, f.dtsMicros() + 2_000_000,
                    f.isKeyframe(), f.data().retain(), f.receivedNanos());
            f.release();
            tight.publish(later);
            later.release();
            viewer.awaitPts(later.ptsMicros(), 30_000);
        }
        transcoder.stop().get(10, TimeUnit.SECONDS);
        TranscodeStats stats = transcoder.stats();
        List<FlvRecorder.Seen> out = viewer.frames();
        tightOut.close();
        tight.close();

        assertTrue(publishMillis < 1000, "publishing never waits for the transcoder: " + publishMillis + " ms");
        assertTrue(stats.framesDropped() > 0, stats.toString());
        assertTrue(out.size() < 2 * FRAMES - 50, out.size() + " frames out");
        assertTrue(out.get(0).keyframe());
        List<FlvRecorder.Seen> tail = out.subList(out.size() - 50, out.size());
        assertTrue(tail.get(0).keyframe());
        assertEquals(1_000_000 + 40_000L * 50 + 2_000_000, tail.get(0).ptsMicros());
        assertEquals(liveBefore, H264Transcoder.live());
        Path flv = viewer.save(dir.resolve("behind.flv"));
        assertDecodesCleanly(flv);
    }

    @Test
    void h264PassesThroughUntouched() throws Exception {
        List<Frame> in = EncodedSamples.frames(Codec.H264, avc360p, 640, 360);
        VideoTrack sourceTrack = in.get(0).track();
        H264Transcoder transcoder = H264Transcoder.start(source, output, TranscodeOptions.SUB);
        publishAll(in);
        List<FlvRecorder.Seen> out = recorder.await(50, 60_000);
        transcoder.stop().get(10, TimeUnit.SECONDS);
        assertEquals(sourceTrack, out.get(0).track());
        assertEquals(0, transcoder.stats().framesIn(), "nothing was transcoded");
    }

    @Test
    void audioPassesThroughUntouchedInTimeOrderWithTheTranscodedVideo() throws Exception {
        AudioTrack aac = AudioTrack.aac(new byte[0], 44100, 2);
        source.announceAudio(aac); // as a source does when its audio SETUP succeeds, before any frame
        List<Frame> video = EncodedSamples.frames(Codec.H265, hevc720p, 1280, 720);
        long lastVideoPts = video.get(FRAMES - 1).ptsMicros();
        // the decoder keeps its last pictures (nothing flushes it): the test waits for one a few frames before the end
        long lastAwaited = video.get(FRAMES - 5).ptsMicros();
        List<Long> audioPts = new ArrayList<>();
        // AAC frames (1024 samples at 44.1 kHz) from just after the first keyframe to the last picture, published
        // interleaved with the pictures in time order, as a camera sends them
        List<Frame> in = new ArrayList<>(video);
        int audioFrames = 0;
        for (long pts = 1_010_000; pts <= lastVideoPts; pts += 23_220) {
            byte[] data = {(byte) audioFrames, 0x21, 0x10};
            in.add(Frame.audio(aac, pts, Unpooled.wrappedBuffer(data), System.nanoTime()));
            audioPts.add(pts);
            audioFrames++;
        }
        in.sort(java.util.Comparator.comparingLong(Frame::ptsMicros));
        AudioAtFirstKeyframe announced = new AudioAtFirstKeyframe(output);
        output.addReader("announced", viewer, announced);
        // Three threads: the decoder's frame threading holds each picture back two frames, as a camera's B-frames
        // (reordering) would; the audio, not decoded, must wait for the picture of its time anyway.
        TranscodeOptions threaded = new TranscodeOptions(640, 360, 512_000, "veryfast", 3, Duration.ofSeconds(10));
        H264Transcoder transcoder = H264Transcoder.start(source, output, threaded);
        publishAll(in);

        recorder.awaitPts(lastAwaited, 60_000);
        transcoder.stop().get(10, TimeUnit.SECONDS);
        viewer.submit(() -> { }).get(10, TimeUnit.SECONDS); // what the output had is now delivered
        List<FlvRecorder.Seen> out = recorder.frames();
        assertEquals(aac, announced.audio, "the output knew the audio when its first keyframe went out");
        long lastVideoOut = out.stream().filter(f -> f.track() != null).mapToLong(FlvRecorder.Seen::ptsMicros).max()
                .orElseThrow();
        long audioDue = audioPts.stream().filter(pts -> pts <= lastVideoOut).count();
        assertEquals(audioDue, out.stream().filter(f -> f.track() == null).count(),
                "every audio frame up to the last picture out, and no other");
        for (int i = 1; i < out.size(); i++) {
            // without holding the audio back it would run ahead of the pictures the decoder still holds
            assertTrue(out.get(i).ptsMicros() >= out.get(i - 1).ptsMicros(), "time order at frame " + i + ": "
                    + out.get(i - 1).ptsMicros() + " then " + out.get(i).ptsMicros());
        }
        assertEquals(List.of(0, 1, 2), announced.firstAudioBytes.subList(0, 3), "audio bytes as they were");
    }

    /** Notes the output's audio track when the first keyframe arrives, and the first byte of each audio frame. */
    private static final class AudioAtFirstKeyframe implements FrameSink {
        private final Stream stream;
        volatile AudioTrack audio;
        final List<Integer> firstAudioBytes = new java.util.concurrent.CopyOnWriteArrayList<>();

        AudioAtFirstKeyframe(Stream stream) {
            this.stream = stream;
        }

        @Override
        public boolean write(Frame frame) {
            if (frame.isVideo() && frame.isKeyframe() && audio == null) {
                audio = stream.audioTrack();
            } else if (!frame.isVideo()) {
                firstAudioBytes.add((int) frame.data().getByte(frame.data().readerIndex()));
            }
            frame.release();
            return true;
        }

        @Override
        public void closed(ReaderCloseReason reason) {
        }
    }

    private void publishAll(List<Frame> frames) {
        for (Frame f : frames) {
            try {
                source.publish(f);
            } finally {
                f.release();
            }
        }
    }

    private static String probe(Path file) throws Exception {
        EncodedSamples.Result r = EncodedSamples.run(List.of("ffprobe", "-v", "error", "-count_frames",
                "-select_streams", "v:0", "-show_entries", "stream=codec_name,width,height,nb_read_frames",
                "-of", "csv=p=0", file.toString()));
        assertEquals(0, r.exitCode(), r.output());
        return r.output().strip();
    }

    private static void assertDecodesCleanly(Path file) throws Exception {
        EncodedSamples.Result r = EncodedSamples.run(List.of("ffmpeg", "-v", "error", "-i", file.toString(),
                "-f", "null", "-"));
        assertEquals(0, r.exitCode(), r.output());
        assertEquals("", r.output().strip(), "ffmpeg reported errors");
    }

    /** Indexes of the frames ffprobe sees as keyframes. */
    private static List<Integer> keyframeIndexes(Path file) throws Exception {
        EncodedSamples.Result r = EncodedSamples.run(List.of("ffprobe", "-v", "error", "-select_streams", "v:0",
                "-show_entries", "packet=flags", "-of", "csv=p=0", file.toString()));
        assertEquals(0, r.exitCode(), r.output());
        List<String> flags = r.output().lines().toList();
        java.util.ArrayList<Integer> keys = new java.util.ArrayList<>();
        for (int i = 0; i < flags.size(); i++) {
            if (flags.get(i).startsWith("K")) {
                keys.add(i);
            }
        }
        return keys;
    }
}
