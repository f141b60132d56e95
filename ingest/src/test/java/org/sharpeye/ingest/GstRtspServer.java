package org.sharpeye.ingest;

import org.sharpeye.media.ServerProcess;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** Debian's GStreamer RTSP server (python3-gi), started from src/test/resources/gst_rtsp_server.py on loopback. */
final class GstRtspServer implements AutoCloseable {

    static final String USER = "ad@m:in";
    static final String PASSWORD = "p@ss:w/rd%";

    private final ServerProcess process;

    private GstRtspServer(ServerProcess process) {
        this.process = process;
    }

    /** Starts a server; {@code auth} is none, basic or digest; port 0 picks a free one. */
    static GstRtspServer start(String auth, int port) throws IOException, InterruptedException {
        Path script;
        try {
            script = Path.of(GstRtspServer.class.getResource("/gst_rtsp_server.py").toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        return new GstRtspServer(ServerProcess.start("gst-rtsp-server", new ProcessBuilder("/usr/bin/python3",
                script.toString(), "--port", String.valueOf(port), "--auth", auth, "--user", USER, "--password",
                PASSWORD)));
    }

    int port() {
        return process.port();
    }

    String url(String path) {
        return "rtsp://127.0.0.1:" + process.port() + path;
    }

    @Override
    public void close() {
        process.close();
    }
}
