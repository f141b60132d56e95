package org.sharpeye.ingest;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sharpeye.media.AudioTrack;
import org.sharpeye.media.Codec;
import org.sharpeye.media.EncodedSamples;
import org.sharpeye.media.Frame;
import org.sharpeye.media.FrameSink;
import org.sharpeye.media.Reader;
import org.sharpeye.media.ReaderCloseReason;
import org.sharpeye.media.Stream;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Audio through the FFmpeg sources, from files made by Debian's ffmpeg (H.264 with a 440 Hz tone): AAC from FLV
 * (raw, AudioSpecificConfig in the extradata), AAC from MPEG-TS as HLS carries it (ADTS, header stripped), G.711
 * A-law from FLV. The track is announced before the first frame, and the audio frames join the video on one
 * timeline.
 */
class FfmpegAudioIT {

    @TempDir
    static Path media;

    @BeforeAll
    static void makeMedia() throws Exception {
        make(List.of("-c:a", "aac", "-ar", "44100", "-ac", "2"), "aac.flv");
        make(List.of("-c:a", "aac", "-ar", "44100", "-ac", "2"), "aac.ts");
        make(List.of("-c:a", "pcm_alaw", "-ar", "8000", "-ac", "1"), "alaw.flv");
    }

    private static void make(List<String> audio, String name) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-y",
                "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi", "-i", "sine=frequency=440",
                "-t", "6", "-c:v", "libx264", "-g", "25", "-bf", "0", "-pix_fmt", "yuv420p"));
        cmd.addAll(audio);
        cmd.add(media.resolve(name).toString());
        EncodedSamples.Result r = EncodedSamples.run(cmd);
        assertEquals(0, r.exitCode(), r.output());
    }

    /** What the tests check of each frame, and the stream's audio track when the first frame came. */
    private static final class Log implements FrameSink {
        record Seen(Codec codec, long ptsMicros, int firstByte, int secondByte) {
        }

        private final Stream stream;
        private final List<Seen> frames = new ArrayList<>();
        private AudioTrack audioAtFirstFrame;

        Log(Stream stream) {
            this.stream = stream;
        }

        @Override
        public synchronized boolean write(Frame frame) {
            try {
                if (frames.isEmpty()) {
                    audioAtFirstFrame = stream.audioTrack();
                }
                var data = frame.data();
                frames.add(new Seen(frame.codec(), frame.ptsMicros(), data.getUnsignedByte(data.readerIndex()),
                        data.readableBytes() > 1 ? data.getUnsignedByte(data.readerIndex() + 1) : -1));
                notifyAll();
            } finally {
                frame.release();
            }
            return true;
        }

        @Override
        public void closed(ReaderCloseReason reason) {
        }

        synchronized List<Seen> awaitAudio(int count, long timeoutMillis) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            while (frames.stream().filter(s -> !s.codec().isVideo()).count() < count) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new AssertionError("not " + count + " audio frames in " + timeoutMillis + " ms: "
                            + frames.size() + " frames");
                }
                wait(left);
            }
            return List.copyOf(frames);
        }
    }

    @ParameterizedTest
    @CsvSource({"aac.flv, AAC, 44100, 2, 40", "aac.ts, AAC, 44100, 2, 40", "alaw.flv, PCMA, 8000, 1, 20"})
    void audioIsAnnouncedAndJoinsTheVideo(String file, Codec codec, int rate, int channels, int audioFrames)
            throws Exception {
        ExecutorService readerThread = Executors.newSingleThreadExecutor();
        try (Ingest ingest = Ingest.create(IngestOptions.defaults())) {
            Stream stream = ingest.stream(new SourceSpec("file-" + file.replace('.', '-') + "/main",
                    media.resolve(file).toUri().toString(), null, null, true));
            Log log = new Log(stream);
            Reader reader = stream.addReader("test", readerThread, log);
            List<Log.Seen> frames = log.awaitAudio(audioFrames, 20_000);
            reader.close();

            assertNotNull(log.audioAtFirstFrame, "the audio track was announced before the first frame");
            assertEquals(codec, log.audioAtFirstFrame.codec());
            assertEquals(rate, log.audioAtFirstFrame.sampleRate());
            assertEquals(channels, log.audioAtFirstFrame.channels());
            List<Log.Seen> audio = frames.stream().filter(s -> !s.codec().isVideo()).toList();
            assertTrue(audio.stream().allMatch(s -> s.codec() == codec), audio.toString());
            for (int i = 1; i < audio.size(); i++) {
                assertTrue(audio.get(i).ptsMicros() > audio.get(i - 1).ptsMicros(), "audio pts increase at " + i);
            }
            if (codec == Codec.AAC) {
                // raw access units: no ADTS syncword left in front (MPEG-TS carries it, FLV does not)
                assertFalse(audio.stream().anyMatch(s -> s.firstByte() == 0xFF && (s.secondByte() & 0xF6) == 0xF0),
                        "an ADTS header was left on an access unit");
            }
            long lastVideo = frames.stream().filter(s -> s.codec().isVideo()).mapToLong(Log.Seen::ptsMicros).max()
                    .orElseThrow();
            long lastAudio = audio.get(audio.size() - 1).ptsMicros();
            long firstVideo = frames.stream().filter(s -> s.codec().isVideo()).findFirst().orElseThrow().ptsMicros();
            assertTrue(audio.get(0).ptsMicros() >= firstVideo - 100_000, "audio starts with the video: "
                    + audio.get(0).ptsMicros() + " vs " + firstVideo);
            assertTrue(Math.abs(lastAudio - lastVideo) < 200_000, "audio in step with the video (same container "
                    + "clock): " + lastAudio + " vs " + lastVideo);
        } finally {
            readerThread.shutdownNow();
        }
    }
}
