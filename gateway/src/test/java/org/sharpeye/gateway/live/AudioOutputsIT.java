package org.sharpeye.gateway.live;

import io.vertx.core.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sharpeye.ingest.Ingest;
import org.sharpeye.ingest.SourceSpec;
import org.sharpeye.media.AudioTrack;
import org.sharpeye.media.Codec;
import org.sharpeye.media.DiscardingSink;
import org.sharpeye.media.ProbedMedia;
import org.sharpeye.media.Reader;
import org.sharpeye.media.Stream;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Audio end to end: a camera with H.264 and AAC (44.1 kHz stereo) or G.711 A-law, served by Debian's GStreamer RTSP
 * server, pulled by ingest and served by the gateway. Debian's ffprobe finds both streams in HTTP-FLV, fMP4 over
 * WebSocket, and HLS with fMP4 and with MPEG-TS segments, with the audio's codec, rate and channels, and audio
 * packet times in step with the video's; G.711 is in FLV and left out of fMP4.
 */
class AudioOutputsIT {

    private static final String AAC_CAMERA = "audio-aac";
    private static final String PCMA_CAMERA = "audio-pcma";
    /**
     * Audio is timed by its arrival against the video: GStreamer's capture and encoder delays differ a little, and on
     * a loaded machine its audio arrives up to a few hundred ms behind (0.32 s seen at load 20). A timing bug still
     * shows: a wrong clock rate (48 kHz read as 44.1 kHz) drifts over a second across these 15 s recordings.
     */
    private static final double IN_STEP_SECONDS = 0.5;

    private static GstAudioCamera camera;
    private static LiveServer server;
    private static Ingest ingest;
    private static ExecutorService keeperThread;
    private static final List<Reader> KEEPERS = new ArrayList<>();
    private static final LiveTokens TOKENS = LiveTokens.random();

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        camera = GstAudioCamera.start();
        Map<String, SourceSpec> specs = Map.of(
                AAC_CAMERA, new SourceSpec(AAC_CAMERA + "/main", camera.url("/h264-aac"), null, null, true),
                PCMA_CAMERA, new SourceSpec(PCMA_CAMERA + "/main", camera.url("/h264-pcma"), null, null, true));
        server = LiveServer.start((id, profile) -> Future.succeededFuture(
                        Optional.ofNullable(profile.equals("main") ? specs.get(id) : null)),
                new LiveAccess(TOKENS, v -> { }, java.time.Clock.systemUTC()));
        ingest = server.ingest();
        // Keep both cameras pulled and wait for their audio, so that every viewer below starts on a warm stream
        // with audio in its GOP cache (ColdAudioIT covers the first viewer of a cold camera).
        keeperThread = Executors.newSingleThreadExecutor();
        for (SourceSpec spec : specs.values()) {
            Stream stream = ingest.stream(spec);
            KEEPERS.add(stream.addReader("keeper", keeperThread, new DiscardingSink()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (stream.audioTrack() == null || stream.gopCacheBytes() == 0) {
                assertTrue(System.nanoTime() < deadline, "no audio from " + spec.path());
                Thread.sleep(50); // polls the stream's observable state until its first audio frame
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        KEEPERS.forEach(Reader::close);
        if (server != null) {
            server.close();
        }
        if (keeperThread != null) {
            keeperThread.shutdownNow();
        }
        if (camera != null) {
            camera.close();
        }
    }

    @Test
    void theStreamKnowsItsAudioTrack() {
        AudioTrack aac = ingest.stream(new SourceSpec(AAC_CAMERA + "/main", camera.url("/h264-aac"), null, null,
                true)).audioTrack();
        assertEquals(Codec.AAC, aac.codec());
        assertEquals(44100, aac.sampleRate());
        assertEquals(2, aac.channels());
    }

    @Test
    void httpFlvCarriesAac() throws Exception {
        Path flv = HttpCapture.firstBytes(live(AAC_CAMERA, ".flv"), dir.resolve("aac.flv"), 400_000);
        ProbedMedia p = ProbedMedia.of(flv);
        p.assertStreams("h264", "aac", "44100", "2");
        p.assertInStep(IN_STEP_SECONDS);
    }

    @Test
    void httpFlvCarriesG711() throws Exception {
        Path flv = HttpCapture.firstBytes(live(PCMA_CAMERA, ".flv"), dir.resolve("alaw.flv"), 400_000);
        ProbedMedia p = ProbedMedia.of(flv);
        p.assertStreams("h264", "pcm_alaw", "8000", "1");
        p.assertInStep(IN_STEP_SECONDS);
    }

    @Test
    void fmp4OverWebSocketCarriesAacAndSaysSo() throws Exception {
        Path mp4 = dir.resolve("aac.mp4");
        List<String> texts = LiveOutputsIT.recordWebSocket(live(AAC_CAMERA, ".mp4").replace("http:", "ws:"), mp4,
                400_000);
        assertEquals(1, texts.size(), texts.toString());
        var description = new io.vertx.core.json.JsonObject(texts.get(0));
        assertTrue(description.getString("codecs").matches("avc1\\.[0-9A-F]{6},mp4a\\.40\\.2"), texts.get(0));
        assertTrue(description.getBoolean("audio"), texts.get(0));
        ProbedMedia p = ProbedMedia.of(mp4);
        p.assertStreams("h264", "aac", "44100", "2");
        p.assertInStep(IN_STEP_SECONDS);
    }

    @Test
    void fmp4LeavesG711Out() throws Exception {
        Path mp4 = dir.resolve("alaw.mp4");
        List<String> texts = LiveOutputsIT.recordWebSocket(live(PCMA_CAMERA, ".mp4").replace("http:", "ws:"), mp4,
                200_000);
        var description = new io.vertx.core.json.JsonObject(texts.get(0));
        assertFalse(description.getString("codecs").contains("mp4a"), texts.get(0));
        assertFalse(description.getBoolean("audio"), texts.get(0));
        String streams = ProbedMedia.of(mp4).streams();
        assertTrue(streams.contains("codec_name=h264") && !streams.contains("codec_type=audio"), streams);
    }

    @Test
    void hlsWithFmp4SegmentsCarriesAac() throws Exception {
        assertHls("", dir.resolve("hls.mp4"));
    }

    @Test
    void hlsWithTsSegmentsCarriesAac() throws Exception {
        assertHls("&format=ts", dir.resolve("hls.ts"));
    }

    /** Copies four seconds of the HLS stream with ffmpeg (no re-encoding) and probes the copy. */
    private void assertHls(String format, Path copy) throws Exception {
        String playlist = "http://127.0.0.1:" + server.port() + "/live/" + AAC_CAMERA + "/index.m3u8?profile=main"
                + format + "&token=" + TOKENS.issue(AAC_CAMERA, "tester");
        var run = org.sharpeye.media.EncodedSamples.run(List.of("ffmpeg", "-v", "error", "-y", "-i", playlist,
                "-t", "4", "-c", "copy", copy.toString()));
        assertEquals(0, run.exitCode(), run.output());
        ProbedMedia p = ProbedMedia.of(copy);
        p.assertStreams("h264", "aac", "44100", "2");
        p.assertInStep(IN_STEP_SECONDS);
    }

    private String live(String cameraId, String suffix) {
        return "http://127.0.0.1:" + server.port() + "/live/" + cameraId + suffix + "?profile=main&token="
                + TOKENS.issue(cameraId, "tester");
    }
}
