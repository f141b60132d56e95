package org.sharpeye.camsim.bench;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RtspLoadClient against a real RTSP server: Debian's GStreamer RTSP server (python3-gi) on 127.0.0.1. */
class BenchRtspLoadClientIT {

    private Process server;
    private int port;

    @BeforeEach
    void startServer() throws Exception {
        Path script = Path.of(getClass().getResource("/BenchGstRtspServer.py").toURI());
        // Debian's interpreter: python3-gi lives in its dist-packages, not in a pyenv one.
        server = new ProcessBuilder("/usr/bin/python3", script.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String ready = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (java.io.IOException e) {
                return null;
            }
        }).get(30, TimeUnit.SECONDS);
        assertTrue(ready != null && ready.startsWith("READY "), "server said " + ready);
        port = Integer.parseInt(ready.substring("READY ".length()).strip());
    }

    @AfterEach
    void stopServer() throws Exception {
        server.getOutputStream().close();
        if (!server.waitFor(10, TimeUnit.SECONDS)) {
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void everyStreamReceivesInterleavedFrames() throws Exception {
        List<URI> urls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            urls.add(URI.create("rtsp://127.0.0.1:" + port + "/test"));
        }
        List<StreamCount> counts;
        try (RtspLoadClient client = RtspLoadClient.start(urls, 1)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            do {
                Thread.sleep(200); // polling: there is no event for "every stream has 20 frames"
                counts = client.counts();
            } while (System.nanoTime() < deadline
                    && !counts.stream().allMatch(c -> c.frames() >= 20 || c.state() == StreamCount.State.FAILED));
        }
        assertEquals(6, counts.size());
        for (StreamCount c : counts) {
            assertNull(c.error(), c.url() + " failed" + serverFate());
            assertEquals(StreamCount.State.PLAYING, c.state());
            assertTrue(c.frames() >= 20, c.frames() + " frames");
            assertTrue(c.bytes() > c.frames() * 12, "every RTP packet has at least its 12-byte header");
        }
    }

    /** A server that died says so: its exit is the cause, the closed connections only the symptom. */
    private String serverFate() {
        return server.isAlive() ? "" : "; the RTSP server exited with status " + server.exitValue();
    }

    @Test
    void aMissingPathIsAFailedStreamNotAnException() throws Exception {
        List<URI> urls = List.of(URI.create("rtsp://127.0.0.1:" + port + "/nothing-here"),
                URI.create("rtsp://127.0.0.1:" + port + "/test"));
        List<StreamCount> counts;
        try (RtspLoadClient client = RtspLoadClient.start(urls, 1)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            do {
                Thread.sleep(200);
                counts = client.counts();
            } while (System.nanoTime() < deadline
                    && !(counts.get(0).state() == StreamCount.State.FAILED && counts.get(1).frames() > 0));
        }
        assertEquals(StreamCount.State.FAILED, counts.get(0).state());
        assertEquals("DESCRIBE answered 404", counts.get(0).error());
        assertEquals(0, counts.get(0).bytes());
        assertTrue(counts.get(1).frames() > 0, "the other stream plays on");
    }
}
