package org.sharpeye.gateway.live;

import org.sharpeye.media.ServerProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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

    private final ServerProcess process;
    private final Path script;

    private GstAudioCamera(ServerProcess process, Path script) {
        this.process = process;
        this.script = script;
    }

    /** Starts the server; fails with IOException when GStreamer's RTSP server is not installed. */
    static GstAudioCamera start() throws IOException {
        Path script = Files.createTempFile("gst-audio-camera", ".py");
        Files.writeString(script, SCRIPT);
        try {
            return new GstAudioCamera(ServerProcess.start("gst-audio-camera",
                    new ProcessBuilder("/usr/bin/python3", script.toString())), script);
        } catch (IOException e) {
            Files.deleteIfExists(script);
            throw e;
        }
    }

    String url(String path) {
        return "rtsp://127.0.0.1:" + process.port() + path;
    }

    @Override
    public void close() throws IOException {
        process.close();
        Files.deleteIfExists(script);
    }
}
