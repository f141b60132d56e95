package org.sharpeye.ingest.picture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sharpeye.camsim.CamSim;
import org.sharpeye.camsim.CamSimConfig;
import org.sharpeye.camsim.CameraSpec;
import org.sharpeye.camsim.ClipEncoder;
import org.sharpeye.camsim.Fault;
import org.sharpeye.camsim.FaultSpec;
import org.sharpeye.ingest.Ingest;
import org.sharpeye.ingest.IngestOptions;
import org.sharpeye.ingest.SourceSpec;
import org.sharpeye.media.Codec;
import org.sharpeye.media.Stream;
import org.sharpeye.media.VideoTrack;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Picture checks on camsim's pictures: BLACK on the black fault, FROZEN on the frozen one, OK on a live camera;
 * the snapshot is a JPEG that ffprobe reads as mjpeg at the stream's size.
 */
class PictureCheckCamSimIT {

    private static final PictureCheckOptions OPTIONS = new PictureCheckOptions(Duration.ofMinutes(5), 1,
            Duration.ofSeconds(2), Duration.ofSeconds(10), 100, 8L << 20);
    private static CamSim sim;
    private static Ingest ingest;

    @BeforeAll
    static void start() {
        List<CameraSpec> cameras = new ArrayList<>();
        cameras.add(CameraSpec.hikvisionLike("pic-live", "pic-live", "127.3.2.1", 0, Codec.H264).onlyProfiles("sub"));
        cameras.add(CameraSpec.hikvisionLike("pic-black", "pic-black", "127.3.2.2", 0, Codec.H264).onlyProfiles("sub"));
        cameras.add(CameraSpec.hikvisionLike("pic-frozen", "pic-frozen", "127.3.2.3", 0, Codec.H264)
                .onlyProfiles("sub"));
        try {
            sim = CamSim.start(new CamSimConfig(cameras, 0, 0, ClipEncoder.shared(64L << 20)));
            sim.warmUp().join();
        } catch (RuntimeException | LinkageError e) {
            Assumptions.abort("camsim does not start here: " + e);
        }
        ingest = Ingest.create(IngestOptions.defaults().withEventLoopThreads(1));
    }

    @AfterAll
    static void stop() {
        if (ingest != null) {
            ingest.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    private static PictureTarget target(String id) {
        Stream stream = ingest.stream(new SourceSpec(id + "/sub", sim.url(id, "sub"), null, null, false));
        return new PictureTarget(id, "sub", stream);
    }

    /** Checks until the verdict is {@code expected}: a fault's clip is encoded when set, then swapped in. */
    private static PictureVerdict awaitVerdict(PictureChecker checker, PictureTarget target, PictureState expected)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        PictureVerdict last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = checker.check(target).get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                continue; // no keyframe yet (the source is still connecting)
            }
            if (last.state() == expected) {
                return last;
            }
        }
        throw new AssertionError("no " + expected + " verdict; last " + last);
    }

    @Test
    void liveCameraIsOkAndItsSnapshotIsAJpegAtTheStreamSize() throws Exception {
        List<PictureVerdict> sunk = new CopyOnWriteArrayList<>();
        try (PictureChecker checker = new PictureChecker(OPTIONS, List::of, sunk::add)) {
            PictureTarget live = target("pic-live");
            PictureVerdict verdict = awaitVerdict(checker, live, PictureState.OK);
            // And again: a live picture is never taken for frozen or black.
            for (int i = 0; i < 2; i++) {
                assertEquals(PictureState.OK, checker.check(live).get(30, TimeUnit.SECONDS).state());
            }
            assertTrue(sunk.size() >= 3);
            VideoTrack track = live.stream().videoTrack();
            assertEquals(track.width(), verdict.width());
            assertEquals(track.height(), verdict.height());
            byte[] jpeg = checker.snapshot("pic-live").orElseThrow();
            Path file = Files.createTempFile("snapshot", ".jpg");
            try {
                Files.write(file, jpeg);
                Process ffprobe = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", "v:0",
                        "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", file.toString())
                        .redirectErrorStream(true).start();
                String out = new String(ffprobe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                assertTrue(ffprobe.waitFor(30, TimeUnit.SECONDS));
                assertEquals("mjpeg," + track.width() + "," + track.height(), out);
            } finally {
                Files.deleteIfExists(file);
            }
        }
    }

    @Test
    void blackPictureIsBlack() throws Exception {
        sim.setFault("pic-black", FaultSpec.of(Fault.BLACK));
        try (PictureChecker checker = new PictureChecker(OPTIONS, List::of, v -> { })) {
            PictureVerdict verdict = awaitVerdict(checker, target("pic-black"), PictureState.BLACK);
            assertArrayEquals(verdict.snapshot(), checker.snapshot("pic-black").orElseThrow());
        }
    }

    @Test
    void frozenPictureIsFrozen() throws Exception {
        sim.setFault("pic-frozen", FaultSpec.of(Fault.FROZEN));
        try (PictureChecker checker = new PictureChecker(OPTIONS, List::of, v -> { })) {
            PictureVerdict verdict = awaitVerdict(checker, target("pic-frozen"), PictureState.FROZEN);
            assertTrue(verdict.snapshot().length > 100);
        }
        sim.clearFaults("pic-frozen");
    }
}
