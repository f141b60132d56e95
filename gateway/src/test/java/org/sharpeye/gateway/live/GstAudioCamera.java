package org.sharpeye.gateway.live;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A camera with audio, which camsim does not simulate: Debian's GStreamer RTSP server (python3-gi, run by
 * /usr/bin/python3) on 127.0.0.1, with H.264 640x360 at 25 fps (a keyframe a second) and a 440 Hz tone as AAC
 * 44.1 kHz stereo (RFC 3640 AAC-hbr) on {@code /h264-aac}, or as G.711 A-law 8 kHz mono on {@code /h264-pcma};
 * {@code /h265-aac} is the same picture as H.265 (x265) with the AAC tone.
 */
final class GstAudioCamera implements AutoCloseable {

    private static final String SCRIPT = """
            import sys
            import gi
            gi.require_version("Gst", "1.0")
            gi.require_version("GstRtspServer", "1.0")
            from gi.repository import GLib, Gst, GstRtspServer
            VIDEO = ("videotestsrc is-live=true pattern=ball ! video/x-raw,width=640,height=360,framerate=25/1 ! "
                     "x264enc tune=zerolatency key-int-max=25 bframes=0 speed-preset=ultrafast ! "
                     "rtph264pay name=pay0 pt=96 config-interval=-1 ")
            VIDEO_H265 = ("videotestsrc is-live=true pattern=ball ! video/x-raw,width=640,height=360,framerate=25/1 ! "
                          "x265enc tune=zerolatency key-int-max=25 speed-preset=ultrafast ! "
                          "rtph265pay name=pay0 pt=96 config-interval=-1 ")
            TONE = "audiotestsrc is-live=true wave=sine freq=440 ! audioconvert ! audioresample ! "
            MOUNTS = {
                "/h264-aac": VIDEO + TONE + "audio/x-raw,rate=44100,channels=2 ! avenc_aac ! rtpmp4gpay name=pay1 pt=97",
                "/h264-pcma": VIDEO + TONE + "audio/x-raw,rate=8000,channels=1 ! alawenc ! rtppcmapay name=pay1 pt=8",
                "/h265-aac": VIDEO_H265 + TONE + "audio/x-raw,rate=44100,channels=2 ! avenc_aac ! rtpmp4gpay name=pay1 pt=97",
            }
            Gst.init(None)
            server = GstRtspServer.RTSPServer()
            server.set_address("127.0.0.1")
            server.set_service("0")
            for path, launch in MOUNTS.items():
                factory = GstRtspServer.RTSPMediaFactory()
                factory.set_launch("( " + launch + " )")
                factory.set_shared(False)  # a pipeline per client: clients come and go independently
                server.get_mount_points().add_factory(path, factory)
            server.attach(None)
            print("READY %d" % server.get_bound_port(), flush=True)
            GLib.MainLoop().run()
            """;

    private final Process process;
    private final Path script;
    private final int port;

    private GstAudioCamera(Process process, Path script, int port) {
        this.process = process;
        this.script = script;
        this.port = port;
    }

    /** Starts the server; fails with IOException when GStreamer's RTSP server is not installed. */
    static GstAudioCamera start() throws IOException {
        Path script = Files.createTempFile("gst-audio-camera", ".py");
        Files.writeString(script, SCRIPT);
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString()).redirectErrorStream(true).start();
        CompletableFuture<Integer> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("READY ")) {
                        ready.complete(Integer.parseInt(line.substring(6).trim()));
                    } else if (!line.isBlank()) {
                        System.err.println("[gst-audio-camera] " + line);
                    }
                }
            } catch (IOException | NumberFormatException e) {
                ready.completeExceptionally(e);
            }
            ready.completeExceptionally(new IOException("the GStreamer script exited before READY"));
        }, "gst-audio-camera-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new GstAudioCamera(p, script, ready.get(15, TimeUnit.SECONDS));
        } catch (Exception e) {
            p.destroyForcibly();
            Files.deleteIfExists(script);
            throw new IOException("GStreamer RTSP server did not start", e);
        }
    }

    String url(String path) {
        return "rtsp://127.0.0.1:" + port + path;
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(script);
    }
}
