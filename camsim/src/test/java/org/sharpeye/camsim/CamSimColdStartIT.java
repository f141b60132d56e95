package org.sharpeye.camsim;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sharpeye.media.Codec;

import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Instant start with camsim's real encoder: once the shared clips exist, a camera answers its first DESCRIBE at
 * once (its own clip not encoded yet), streams the shared clip, and moves to its own clip at a loop boundary while
 * Debian's ffmpeg decodes across the switch without an error.
 */
class CamSimColdStartIT {

    static final int PORT = 18558;
    static CamSim sim;
    static long sharedMillis;

    @BeforeAll
    static void start() throws Exception {
        long t0 = System.nanoTime();
        sim = CamSim.start(new CamSimConfig(List.of(
                CameraSpec.hikvisionLike("first", "First", "127.0.0.1", PORT, Codec.H264).onlyProfiles("sub"),
                CameraSpec.hikvisionLike("second", "Second", "127.0.0.1", PORT, Codec.H264).onlyProfiles("sub")
                        .withPaths("/second/102"),
                CameraSpec.hikvisionLike("third", "Third", "127.0.0.1", PORT, Codec.H265).onlyProfiles("sub")
                        .withPaths("/third/102")),
                0, 64L << 20, new ClipEncoder(64L << 20)));
        sim.sharedClipsReady().get(120, TimeUnit.SECONDS);
        sharedMillis = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("cold start: shared clips (H.264 and H.265 640x360) ready %d ms after start%n",
                sharedMillis);
    }

    @AfterAll
    static void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void firstDescribeIsAnsweredAtOnceFromTheSharedClip() throws Exception {
        String url = sim.url("first", "sub");
        try (TestRtspClient c = new TestRtspClient(url)) {
            long t0 = System.nanoTime();
            TestRtspClient.Response r = c.request("DESCRIBE", url, "Accept", "application/sdp");
            long millis = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("cold start: first DESCRIBE of a camera answered in %d ms%n", millis);
            assertEquals(200, r.status(), r::toString);
            assertTrue(millis < 3000, "first DESCRIBE took " + millis + " ms");
            Clip shared = sim.mount("first", "sub").describeClip().get(1, TimeUnit.SECONDS).parameters();
            assertTrue(r.body().contains("sprop-parameter-sets=" + Base64.getEncoder().encodeToString(shared.sps())
                    + "," + Base64.getEncoder().encodeToString(shared.pps())), r::body);
        }
    }

    @Test
    void ffmpegDecodesAcrossTheSwitchToTheOwnClip() {
        // Both codecs at once. 16 s: the two own clips are encoded one after the other (a few seconds each on a
        // busy machine), then the switch waits for the next loop boundary (4 s loops).
        CompletableFuture<FfmpegRun> h264 = CompletableFuture.supplyAsync(
                () -> FfmpegRun.decode(sim.url("second", "sub"), 16));
        CompletableFuture<FfmpegRun> h265 = CompletableFuture.supplyAsync(
                () -> FfmpegRun.decode(sim.url("third", "sub"), 16));
        for (var run : List.of(h264.join(), h265.join())) {
            assertEquals(0, run.exitCode(), run::toString);
            assertEquals("", run.stderr().strip(), run::toString);
        }
        for (String camera : List.of("second", "third")) {
            Mount m = sim.mount(camera, "sub");
            assertEquals(1, m.ownClipSwitches(), camera + ": moved from the shared clip to its own once");
            assertEquals(0, m.framesSkipped(), camera);
        }
    }
}
