package org.sharpeye.ingest.transcode;

import org.junit.jupiter.api.Test;
import org.sharpeye.ingest.Ingest;
import org.sharpeye.ingest.IngestOptions;
import org.sharpeye.ingest.SourceSpec;
import org.sharpeye.ingest.SubStreamCamera;
import org.sharpeye.media.Codec;
import org.sharpeye.media.Reader;
import org.sharpeye.media.Stream;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An H.265 camsim camera pulled through ingest and watched as H.264 by two viewers: one transcoder, one session. */
class TranscodeIT {

    @Test
    void twoViewersShareOneTranscoderThatStopsAfterTheLastLeaves() throws Exception {
        SubStreamCamera camera = SubStreamCamera.start("34052200001320000007", "gate", Codec.H265);
        ExecutorService viewers = Executors.newFixedThreadPool(2);
        int liveBefore = H264Transcoder.live();
        try (camera; Ingest ingest = Ingest.create(IngestOptions.defaults().withIdleTimeout(Duration.ofSeconds(1)));
             Transcoders transcoders = new Transcoders(ingest::stream, TranscodeOptions.MAIN,
                     TranscodeOptions.SUB.withIdleTimeout(Duration.ofSeconds(1)))) {
            String path = camera.path();
            SourceSpec spec = camera.source(true);
            Stream h264 = transcoders.transcoded(spec);
            assertSame(h264, transcoders.transcoded(spec), "one transcoded stream per path");
            assertNotSame(ingest.stream(spec), h264);
            assertEquals(path + "/h264", h264.name());
            assertEquals(0, transcoders.running(), "nothing runs before a viewer comes");

            FlvRecorder first = new FlvRecorder();
            FlvRecorder second = new FlvRecorder();
            Reader a = h264.addReader("viewer-a", viewers, first);
            Reader b = h264.addReader("viewer-b", viewers, second);
            for (FlvRecorder viewer : List.of(first, second)) {
                List<FlvRecorder.Seen> frames = viewer.await(100, 60_000);
                assertTrue(frames.get(0).keyframe(), "a viewer starts at a keyframe");
                for (FlvRecorder.Seen f : frames) {
                    assertEquals(Codec.H264, f.track().codec());
                    assertEquals(640, f.track().width());
                    assertEquals(360, f.track().height());
                }
            }
            // receivedNanos survives the transcode, so latency through SharpEye can be measured (a frame stamped
            // not at all reads as the whole uptime of the JVM, a negative one as garbage). The figure is a benchmark
            // (docs/benchmarks.md), not asserted here: on a loaded machine it varies widely.
            double latency = first.medianLatencyMillis(50);
            LoggerFactory.getLogger(TranscodeIT.class).info("median latency camera->viewer {} ms, {}", latency,
                    transcoders.stats(path));
            assertTrue(latency > 0 && latency < 60_000,
                    "the camera's arrival time is carried through the transcode: " + latency + " ms");
            assertEquals(1, transcoders.running());
            assertEquals(liveBefore + 1, H264Transcoder.live(), "one transcoder for two viewers");
            assertEquals(1, camera.sessionsOpened());
            assertEquals(1, camera.playingSessions());
            assertEquals(1, ingest.stream(spec).readerCount(), "only the transcoder reads the source");
            TranscodeStats stats = transcoders.stats(path);
            assertTrue(stats.framesOut() >= 100, stats.toString());
            assertEquals(0, stats.decodeErrors() + stats.encodeErrors(), stats.toString());

            a.close();
            b.close();
            awaitTrue(() -> H264Transcoder.live() == liveBefore, "the transcoder stops and frees its natives");
            assertEquals(0, transcoders.running());
            awaitTrue(() -> camera.playingSessions() == 0, "the camera session ends after that");
            assertEquals(1, camera.sessionsOpened());
        } finally {
            viewers.shutdownNow();
        }
    }

    /** Polls with a deadline: there is no event for "a native resource was freed" or "the camera saw TEARDOWN". */
    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out: " + what);
            }
            Thread.sleep(50);
        }
    }
}
