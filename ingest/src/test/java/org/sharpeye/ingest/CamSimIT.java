package org.sharpeye.ingest;

import org.junit.jupiter.api.Test;
import org.sharpeye.media.Codec;
import org.sharpeye.media.Reader;
import org.sharpeye.media.Stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One camsim camera watched by 200 readers: the camera sees exactly one RTSP session. */
class CamSimIT {

    private static final int READERS = 200;

    @Test
    void twoHundredReadersShareOneUpstreamSession() throws Exception {
        SubStreamCamera camera = SubStreamCamera.start("34052200001320000001", "gate", Codec.H264);
        ExecutorService executor = Executors.newFixedThreadPool(4);
        try (camera; Ingest ingest = Ingest.create(IngestOptions.defaults().withIdleTimeout(Duration.ofSeconds(1)))) {
            String path = camera.path();
            Stream stream = ingest.stream(camera.source(true));
            List<FrameLog> logs = new ArrayList<>();
            List<Reader> readers = new ArrayList<>();
            for (int i = 0; i < READERS; i++) {
                FrameLog log = new FrameLog();
                logs.add(log);
                readers.add(stream.addReader("viewer-" + i, executor, log));
            }
            for (FrameLog log : logs) {
                List<FrameLog.Seen> frames = log.await(10, 60_000);
                assertTrue(frames.get(0).keyframe());
                assertEquals(Codec.H264, frames.get(0).track().codec());
            }
            assertEquals(1, camera.playingSessions());
            assertEquals(1, camera.sessionsOpened());
            assertEquals(0, stream.stats().framesLost());

            readers.forEach(Reader::close);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (camera.playingSessions() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50); // no event for "the camera saw the TEARDOWN"; poll with a deadline
            }
            assertEquals(0, camera.playingSessions(), "the session ends after the idle timeout");
            assertEquals(SourceState.IDLE, ingest.status(path).state());
            assertEquals(1, camera.sessionsOpened());
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void stopTearsTheSessionDownAndClosesTheStream() throws Exception {
        SubStreamCamera camera = SubStreamCamera.start("34052200001320000002", "yard", Codec.H264);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (camera; Ingest ingest = Ingest.create(IngestOptions.defaults())) {
            String path = camera.path();
            Stream stream = ingest.stream(camera.source(false));
            FrameLog log = new FrameLog();
            stream.addReader("viewer", executor, log);
            log.await(1, 60_000);
            assertEquals(1, camera.playingSessions());

            assertTrue(ingest.stop(path).get(10, TimeUnit.SECONDS), "a source existed");
            assertTrue(stream.isClosed(), "the stream is closed when stop completes");
            assertEquals(null, ingest.status(path), "the path is forgotten");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (camera.playingSessions() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20); // camsim counts the TEARDOWN on its own thread; poll with a deadline
            }
            assertEquals(0, camera.playingSessions(), "the camera saw the session end");
            assertEquals(false, ingest.stop(path).get(1, TimeUnit.SECONDS), "nothing left to stop");

            Stream again = ingest.stream(camera.source(false));
            assertTrue(again != stream && !again.isClosed(), "a later stream() makes a new source");
        } finally {
            executor.shutdownNow();
        }
    }
}
