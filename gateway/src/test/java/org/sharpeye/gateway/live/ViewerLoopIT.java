package org.sharpeye.gateway.live;

import io.vertx.core.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sharpeye.camsim.CamSim;
import org.sharpeye.camsim.CamSimConfig;
import org.sharpeye.camsim.CameraSpec;
import org.sharpeye.camsim.ClipEncoder;
import org.sharpeye.ingest.SourceSpec;
import org.sharpeye.media.Codec;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Viewers and cameras share a node's event loops: the viewer who starts an on-demand camera has it started on its own
 * loop and gets every live frame with no hand-over between threads; the next viewer, accepted on the other loop, gets
 * its frames across. {@link LiveTimings} files each frame's time inside SharpEye under where its viewer is served.
 */
class ViewerLoopIT {

    private static final String FIRST = "34152200001320000071";
    private static final String SECOND = "34152200001320000072";
    private static final String THIRD = "34152200001320000073";
    private static final LiveTokens TOKENS = LiveTokens.random();

    private static CamSim camsim;
    private static LiveServer server;

    @BeforeAll
    static void start() throws Exception {
        camsim = CamSim.start(new CamSimConfig(List.of(
                CameraSpec.hikvisionLike(FIRST, "城关镇东门", "127.0.0.1", 0, Codec.H264),
                CameraSpec.hikvisionLike(SECOND, "城关镇西门", "127.0.0.2", 0, Codec.H264),
                CameraSpec.hikvisionLike(THIRD, "城关镇南门", "127.0.0.3", 0, Codec.H264)),
                0, CamSimConfig.DEFAULT_CLIP_CACHE_BYTES, new ClipEncoder(CamSimConfig.DEFAULT_CLIP_CACHE_BYTES)));
        server = LiveServer.start((id, profile) -> Future.succeededFuture(List.of(FIRST, SECOND, THIRD).contains(id)
                        ? Optional.of(new SourceSpec(id + "/main", camsim.url(id, "main"), null, null, true))
                        : Optional.empty()),
                new LiveAccess(TOKENS, view -> { }, Clock.systemUTC()));
    }

    @AfterAll
    static void stop() throws Exception {
        LiveServer.close(server, camsim);
    }

    @Test
    void theViewerWhoStartsACameraIsServedOnItsLoopAndTheNextOneAcross() throws Exception {
        LiveTimings timings = server.timings();
        try (FlvDrain first = new FlvDrain(server.port(), FIRST)) {
            awaitTransits(timings.frameTransit(), 25);
            assertEquals(timings.frameTransit().count(), timings.frameTransitOnSourceLoop().count(),
                    "every live frame of the viewer who started the camera is served on the camera's loop");
            assertEquals(0, timings.frameTransitAcrossLoops().count());

            // Connections are spread over the two loops in turn: the next viewer is accepted on the other one.
            try (FlvDrain second = new FlvDrain(server.port(), FIRST)) {
                timings.resetTransit();
                awaitTransits(timings.frameTransitAcrossLoops(), 25);
                assertTrue(timings.frameTransitOnSourceLoop().count() >= 20, "the first viewer is still served on"
                        + " the camera's loop: " + timings.frameTransitOnSourceLoop().count() + " frames");
                assertTrue(first.bytes() > 0 && second.bytes() > 0);
            }
        }
    }

    @Test
    void twoViewersStartingTwoCamerasHaveThemOnTheirOwnLoops() throws Exception {
        LiveTimings timings = server.timings();
        timings.resetTransit();
        // Consecutive connections land on different loops; each viewer starts its camera on its own loop, so
        // neither gets a frame across although the two cameras are on different loops.
        try (FlvDrain second = new FlvDrain(server.port(), SECOND); FlvDrain third = new FlvDrain(server.port(), THIRD)) {
            awaitTransits(timings.frameTransit(), 50);
            assertEquals(0, timings.frameTransitAcrossLoops().count(), "no frame crossed to another loop");
            assertTrue(second.bytes() > 0 && third.bytes() > 0);
        }
    }

    /** Waits until {@code histogram} holds {@code samples} live frames; no event tells, so it polls, with a deadline. */
    private static void awaitTransits(LatencyHistogram histogram, long samples) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (histogram.count() < samples && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(histogram.count() >= samples, "only " + histogram.count() + " live frames in 30 s");
    }

    /** An HTTP-FLV viewer that reads and discards what it gets, on its own thread. */
    private static final class FlvDrain implements AutoCloseable {
        private final Socket socket = new Socket();
        private final AtomicLong bytes = new AtomicLong();

        FlvDrain(int port, String camera) throws IOException {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.getOutputStream().write(("GET /live/" + camera + ".flv?token=" + TOKENS.issue(camera, "duty")
                    + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            Thread reader = new Thread(() -> {
                byte[] buf = new byte[1 << 16];
                try (InputStream in = socket.getInputStream()) {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        bytes.addAndGet(n);
                    }
                } catch (IOException e) {
                    // closed by the test
                }
            }, "flv-drain " + camera);
            reader.setDaemon(true);
            reader.start();
        }

        long bytes() {
            return bytes.get();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
