package org.sharpeye.gateway.live;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sharpeye.gateway.Gateway;
import org.sharpeye.ingest.Ingest;
import org.sharpeye.ingest.IngestOptions;
import org.sharpeye.ingest.SourceSpec;
import org.sharpeye.media.EncodedSamples;
import org.sharpeye.media.ProbedMedia;
import org.sharpeye.media.Stream;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Audio for the first viewer of a cold on-demand camera: nobody watches, so the RTSP session starts for that viewer
 * and the outputs that list their tracks up front (the FLV header's audio flag, fMP4's init segment, HLS init
 * sections and the TS program map) are written around the first keyframe, before any audio frame. The source
 * announces the audio track when its SETUP succeeds, so each first viewer still gets video and AAC. The same holds
 * for {@code codec=h264}, the H.264 transcode of an H.265 camera with AAC, whose audio passes through as it is, and
 * for a camera pulled through FFmpeg (a file: URL), whose audio track is announced when the input is opened.
 *
 * <p>Every test uses a camera of its own (its own stream path), so each one is the first viewer of a cold stream;
 * the camera is Debian's GStreamer RTSP server ({@link GstAudioCamera}).
 */
class ColdAudioIT {

    /** See AudioOutputsIT: audio is timed by its arrival against the video. */
    private static final double IN_STEP_SECONDS = 0.5;

    private static GstAudioCamera camera;
    private static Ingest ingest;
    private static Vertx vertx;
    private static Gateway gateway;
    private static final Map<String, SourceSpec> SPECS = new ConcurrentHashMap<>();
    private static final LiveTokens TOKENS = LiveTokens.random();

    @TempDir
    Path dir;
    private String current;

    @BeforeAll
    static void start() throws Exception {
        camera = GstAudioCamera.start();
        ingest = Ingest.create(IngestOptions.defaults());
        vertx = Vertx.vertx();
        gateway = Gateway.create(vertx, ingest, (id, profile) -> Future.succeededFuture(
                        Optional.ofNullable(profile.equals("main") ? SPECS.get(id) : null)),
                new LiveAccess(TOKENS, v -> { }, java.time.Clock.systemUTC()), router -> { });
        gateway.listen("127.0.0.1", 0).await(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close().await(10, TimeUnit.SECONDS);
        }
        if (vertx != null) {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
        if (ingest != null) {
            ingest.close();
        }
        if (camera != null) {
            camera.close();
        }
    }

    /** Stops the test's camera (TEARDOWN), so the next test's is the only RTSP client of the GStreamer server. */
    @AfterEach
    void stopCamera() throws Exception {
        if (current != null) {
            ingest.stop(current).get(10, TimeUnit.SECONDS);
            current = null;
        }
    }

    @Test
    void firstHttpFlvViewerOfAColdCameraGetsAac() throws Exception {
        String id = coldCamera("cold-flv", camera.url("/h264-aac"));
        assertFlvWithAac(HttpCapture.firstBytes(live(id, ".flv", ""), dir.resolve("cold.flv"), 400_000));
    }

    @Test
    void firstFmp4ViewerOfAColdCameraGetsAac() throws Exception {
        String id = coldCamera("cold-mp4", camera.url("/h264-aac"));
        JsonObject description = recordFmp4WithAac(live(id, ".mp4", ""), dir.resolve("cold.mp4"));
        assertTrue(description.getBoolean("audio"), description.encode());
    }

    @Test
    void firstHlsFmp4ClientOfAColdCameraGetsAac() throws Exception {
        assertHls(coldCamera("cold-hls", camera.url("/h264-aac")), "", dir.resolve("cold-hls.mp4"));
    }

    @Test
    void firstHlsTsClientOfAColdCameraGetsAac() throws Exception {
        assertHls(coldCamera("cold-hls-ts", camera.url("/h264-aac")), "&format=ts", dir.resolve("cold-hls.ts"));
    }

    @Test
    void h264TranscodeOverHttpFlvCarriesTheH265CamerasAac() throws Exception {
        String id = coldCamera("h265-flv", camera.url("/h265-aac"));
        assertFlvWithAac(HttpCapture.firstBytes(live(id, ".flv", "&codec=h264"), dir.resolve("h264.flv"), 400_000));
    }

    @Test
    void h264TranscodeOverFmp4CarriesTheH265CamerasAac() throws Exception {
        String id = coldCamera("h265-mp4", camera.url("/h265-aac"));
        recordFmp4WithAac(live(id, ".mp4", "&codec=h264"), dir.resolve("h264.mp4"));
    }

    @Test
    void h264TranscodeOverHlsCarriesTheH265CamerasAac() throws Exception {
        assertHls(coldCamera("h265-hls", camera.url("/h265-aac")), "&codec=h264", dir.resolve("h264-hls.mp4"));
    }

    @Test
    void firstFmp4ViewerOfAColdFfmpegSourceGetsAac() throws Exception {
        // a source pulled through FFmpeg (here a file: URL; RTMP, HTTP-FLV and HLS take the same path)
        Path clip = dir.resolve("clip.flv");
        var made = EncodedSamples.run(List.of("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                "testsrc2=size=640x360:rate=25", "-f", "lavfi", "-i", "sine=frequency=440", "-t", "6",
                "-c:v", "libx264", "-g", "25", "-bf", "0", "-pix_fmt", "yuv420p", "-c:a", "aac", "-ar", "44100",
                "-ac", "2", clip.toString()));
        assertEquals(0, made.exitCode(), made.output());
        String id = coldCamera("cold-file", clip.toUri().toString());
        Path mp4 = dir.resolve("file.mp4");
        List<String> texts = LiveOutputsIT.recordWebSocket(live(id, ".mp4", "").replace("http:", "ws:"), mp4,
                300_000);
        assertTrue(new JsonObject(texts.get(0)).getBoolean("audio"), texts.get(0));
        ProbedMedia p = ProbedMedia.of(mp4);
        p.assertStreams("h264", "aac", "44100", "2");
        p.assertInStep(IN_STEP_SECONDS);
    }

    /**
     * Registers an on-demand camera of {@code url} under {@code id} and checks that it is cold: no reader, no
     * frame, no audio track known.
     */
    private String coldCamera(String id, String url) {
        SourceSpec spec = new SourceSpec(id + "/main", url, null, null, true);
        current = spec.path();
        SPECS.put(id, spec);
        Stream stream = ingest.stream(spec);
        assertEquals(0, stream.readerCount());
        assertEquals(0, stream.gopCacheBytes());
        assertNull(stream.audioTrack());
        return id;
    }

    /**
     * The FLV header's TypeFlags (byte 4) say audio and video: mpegts.js, for one, sets up no audio decoder for a
     * stream whose header says video only (ffprobe finds the audio tags either way).
     */
    private static void assertFlvHeaderAnnouncesAudio(Path flv) throws Exception {
        byte[] head = new byte[5];
        try (InputStream in = Files.newInputStream(flv)) {
            assertEquals(5, in.readNBytes(head, 0, 5));
        }
        assertEquals("FLV", new String(head, 0, 3, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(0x05, head[4], "TypeFlags: audio (0x04) and video (0x01)");
    }

    /** Copies four seconds of the HLS stream with ffmpeg (no re-encoding) and probes the copy. */
    private void assertHls(String id, String format, Path copy) throws Exception {
        String playlist = "http://127.0.0.1:" + gateway.port() + "/live/" + id + "/index.m3u8?profile=main"
                + format + "&token=" + TOKENS.issue(id, "tester");
        var run = EncodedSamples.run(List.of("ffmpeg", "-v", "error", "-y", "-i", playlist,
                "-t", "4", "-c", "copy", copy.toString()));
        assertEquals(0, run.exitCode(), run.output());
        ProbedMedia p = ProbedMedia.of(copy);
        p.assertStreams("h264", "aac", "44100", "2");
        p.assertInStep(IN_STEP_SECONDS);
    }

    /** The FLV header flags audio, and ffprobe finds H.264 and AAC in step. */
    private static void assertFlvWithAac(Path flv) throws Exception {
        assertFlvHeaderAnnouncesAudio(flv);
        ProbedMedia p = ProbedMedia.of(flv);
        p.assertStreams("h264", "aac", "44100", "2");
        p.assertInStep(IN_STEP_SECONDS);
    }

    /**
     * Records fMP4 over WebSocket from {@code httpUrl} into {@code mp4}: its description names avc1 and AAC, and
     * ffprobe finds H.264 and AAC in step. Returns the description.
     */
    private static JsonObject recordFmp4WithAac(String httpUrl, Path mp4) throws Exception {
        List<String> texts = LiveOutputsIT.recordWebSocket(httpUrl.replace("http:", "ws:"), mp4, 400_000);
        JsonObject description = new JsonObject(texts.get(0));
        assertTrue(description.getString("codecs").matches("avc1\\.[0-9A-F]{6},mp4a\\.40\\.2"), texts.get(0));
        ProbedMedia p = ProbedMedia.of(mp4);
        p.assertStreams("h264", "aac", "44100", "2");
        p.assertInStep(IN_STEP_SECONDS);
        return description;
    }

    private String live(String cameraId, String suffix, String query) {
        return "http://127.0.0.1:" + gateway.port() + "/live/" + cameraId + suffix + "?profile=main" + query
                + "&token=" + TOKENS.issue(cameraId, "tester");
    }
}
