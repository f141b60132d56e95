package org.sharpeye.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Debian's GStreamer RTSP server (python3-gi), started from src/test/resources/gst_rtsp_server.py on loopback. */
final class GstRtspServer implements AutoCloseable {

    static final String USER = "ad@m:in";
    static final String PASSWORD = "p@ss:w/rd%";

    private final Process process;
    private final int port;

    private GstRtspServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts a server; {@code auth} is none, basic or digest; port 0 picks a free one. */
    static GstRtspServer start(String auth, int port) throws IOException, InterruptedException {
        Path script;
        try {
            script = Path.of(GstRtspServer.class.getResource("/gst_rtsp_server.py").toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), "--port", String.valueOf(port),
                "--auth", auth, "--user", USER, "--password", PASSWORD).redirectErrorStream(true).start();
        CompletableFuture<Integer> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("READY ")) {
                        ready.complete(Integer.parseInt(line.substring(6).trim()));
                    } else if (!line.isBlank()) {
                        System.err.println("[gst-rtsp-server] " + line);
                    }
                }
            } catch (IOException | NumberFormatException e) {
                ready.completeExceptionally(e);
            }
            ready.completeExceptionally(new IOException("gst_rtsp_server.py exited before READY"));
        }, "gst-rtsp-server-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new GstRtspServer(p, ready.get(15, TimeUnit.SECONDS));
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IOException("GStreamer RTSP server did not start", e);
        }
    }

    int port() {
        return port;
    }

    String url(String path) {
        return "rtsp://127.0.0.1:" + port + path;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
