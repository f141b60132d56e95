package org.sharpeye.gateway.live;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sharpeye.camsim.CamSim;
import org.sharpeye.camsim.CamSimConfig;
import org.sharpeye.camsim.CameraSpec;
import org.sharpeye.camsim.ClipEncoder;
import org.sharpeye.ingest.SourceSpec;
import org.sharpeye.media.Codec;
import org.sharpeye.media.EncodedSamples;
import org.sharpeye.media.FfmpegDecode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every live output end to end: a camsim camera pulled over RTSP by ingest and served by the gateway as HTTP-FLV,
 * WS-FLV, fMP4 over WebSocket and HLS (fMP4 and MPEG-TS segments), checked by Debian's ffprobe and ffmpeg as
 * independent clients.
 */
class LiveOutputsIT {

    private static final String H264_CAMERA = "34152200001320000001";
    private static final String PROTECTED_CAMERA = "34152200001320000002";
    private static final String H265_CAMERA = "34152200001320000010";

    private static CamSim camsim;
    private static LiveServer server;
    private static final LiveTokens TOKENS = LiveTokens.random();
    private static final List<ViewRecord> VIEWS = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        camsim = CamSim.start(new CamSimConfig(List.of(
                CameraSpec.hikvisionLike(H264_CAMERA, "城关镇政府门口", "127.6.0.1", 0, Codec.H264),
                CameraSpec.hikvisionLike(PROTECTED_CAMERA, "城关镇十字路口", "127.6.0.2", 0, Codec.H264)
                        .withCredentials("admin", "p@ss:w/rd%1"),
                CameraSpec.hikvisionLike(H265_CAMERA, "城关镇汽车站", "127.6.0.3", 0, Codec.H265)),
                0, CamSimConfig.DEFAULT_CLIP_CACHE_BYTES, new ClipEncoder(CamSimConfig.DEFAULT_CLIP_CACHE_BYTES)));
        Map<String, String[]> credentials = Map.of(PROTECTED_CAMERA, new String[] {"admin", "p@ss:w/rd%1"});
        LiveSources sources = (id, profile) -> {
            if (!id.equals(H264_CAMERA) && !id.equals(PROTECTED_CAMERA) && !id.equals(H265_CAMERA)) {
                return io.vertx.core.Future.succeededFuture(Optional.empty());
            }
            String[] cred = credentials.getOrDefault(id, new String[] {null, null});
            Optional<SourceSpec> spec = Optional.of(
                    new SourceSpec(id + "/" + profile, camsim.url(id, profile), cred[0], cred[1], true));
            // like the registry's sources, whose credentials are read from the store on a worker thread: the answer
            // comes after the request has been read (a slow store read, here 100 ms)
            return id.equals(PROTECTED_CAMERA) ? server.vertx().executeBlocking(() -> {
                Thread.sleep(100);
                return spec;
            }, false) : io.vertx.core.Future.succeededFuture(spec);
        };
        server = LiveServer.start(sources, new LiveAccess(TOKENS, VIEWS::add, java.time.Clock.systemUTC()));
    }

    @AfterAll
    static void stop() throws Exception {
        LiveServer.close(server, camsim);
    }

    private static String url(String camera, String profile) {
        return "http://127.0.0.1:" + server.port() + "/live/" + camera + ".flv?profile=" + profile + token(camera);
    }

    private static String token(String camera) {
        return "&token=" + TOKENS.issue(camera, "tester");
    }

    @Test
    void ffprobeSeesH264AtTheCameraResolutionOnBothProfiles() throws Exception {
        assertProbe(url(H264_CAMERA, "main"), 1280, 720);
        assertProbe(url(H264_CAMERA, "sub"), 640, 360);
    }

    @Test
    void aCameraWithDigestCredentialsIsPulledWithThem() throws Exception {
        long before = camsim.sessionsOpened(PROTECTED_CAMERA, "sub");
        assertProbe(url(PROTECTED_CAMERA, "sub"), 640, 360);
        assertTrue(camsim.sessionsOpened(PROTECTED_CAMERA, "sub") > before || camsim.playingSessions(PROTECTED_CAMERA,
                "sub") > 0, "the stream came from the protected camera itself");
    }

    @Test
    void ffmpegDecodesTenSecondsWithoutAnError() throws Exception {
        FfmpegDecode.assertClean(url(H264_CAMERA, "main"), "-t", "10");
    }

    @Test
    void manyViewersShareOneRtspSession() throws Exception {
        long before = camsim.sessionsOpened(H264_CAMERA, "sub");
        List<Process> viewers = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                viewers.add(new ProcessBuilder("ffmpeg", "-v", "error", "-i", url(H264_CAMERA, "sub"), "-t", "4",
                        "-f", "null", "-").redirectErrorStream(true).start());
            }
            for (Process p : viewers) {
                assertTrue(p.waitFor(60, TimeUnit.SECONDS));
                assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes()));
            }
        } finally {
            viewers.forEach(Process::destroyForcibly);
        }
        assertTrue(camsim.sessionsOpened(H264_CAMERA, "sub") - before <= 1,
                "three viewers opened more than one session at the camera");
    }

    @Test
    void unknownCameraAndBadRequestsGetAClearErrorAndNoMedia() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        var notFound = http.send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + server.port() + "/live/99999999999999999999.flv?x=1"
                        + token("99999999999999999999"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, notFound.statusCode());
        assertTrue(notFound.body().contains("no such camera"), notFound.body());
        var badProfile = http.send(HttpRequest.newBuilder(URI.create(url(H264_CAMERA, "4k"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, badProfile.statusCode());
        var traversal = http.send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + server.port() + "/live/..%2F..%2Fetc%2Fpasswd.flv?x=1" + token("x"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(traversal.statusCode() >= 400 && traversal.statusCode() < 500, "got " + traversal.statusCode());
    }

    @Test
    void wsFlvCarriesAPlayableFlvStream(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("ws.flv");
        List<String> texts = recordWebSocket(url(H264_CAMERA, "sub").replace("http:", "ws:"), file, 200_000);
        assertTrue(texts.isEmpty(), "WS-FLV sends binary messages only");
        assertDecodes(file, 640, 360);
    }

    @Test
    void fmp4OverWebSocketStartsWithItsCodecsThenDecodes(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("ws.mp4");
        String mp4 = "ws://127.0.0.1:" + server.port() + "/live/" + H264_CAMERA + ".mp4?profile=sub"
                + token(H264_CAMERA);
        List<String> texts = recordWebSocket(mp4, file, 200_000);
        assertEquals(1, texts.size(), "one description message");
        var description = new io.vertx.core.json.JsonObject(texts.get(0));
        assertEquals("mse", description.getString("type"));
        assertTrue(description.getString("codecs").startsWith("avc1."), texts.get(0));
        assertTrue(description.getString("mimeType").startsWith("video/mp4; codecs="), texts.get(0));
        assertDecodes(file, 640, 360);
    }

    @Test
    void aWebSocketViewerIsServedWhenTheCameraIsLookedUpOnAWorker(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("worker.mp4");
        String mp4 = "ws://127.0.0.1:" + server.port() + "/live/" + PROTECTED_CAMERA + ".mp4?profile=sub"
                + token(PROTECTED_CAMERA);
        List<String> texts = recordWebSocket(mp4, file, 100_000);
        assertEquals(1, texts.size(), texts.toString());
        assertDecodes(file, 640, 360);
    }

    @Test
    void hlsWithFmp4SegmentsDecodes() throws Exception {
        String playlist = "http://127.0.0.1:" + server.port() + "/live/" + H264_CAMERA + "/index.m3u8?profile=sub"
                + token(H264_CAMERA);
        FfmpegDecode.assertClean(playlist, "-t", "4");
        var text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(playlist)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, text.statusCode());
        assertTrue(text.body().contains("#EXT-X-MAP:URI=\"init-"), text.body());
        assertTrue(text.body().contains(".m4s?profile=sub&token="), "segment URIs carry the query: " + text.body());
    }

    @Test
    void hlsWithTsSegmentsDecodes() throws Exception {
        String playlist = "http://127.0.0.1:" + server.port() + "/live/" + H264_CAMERA
                + "/index.m3u8?profile=sub&format=ts" + token(H264_CAMERA);
        var probe = EncodedSamples.run(List.of("ffprobe", "-v", "error", "-show_entries",
                "stream=codec_name,width,height", "-of", "default=nw=1", playlist));
        assertEquals(0, probe.exitCode(), probe.output());
        assertTrue(probe.output().contains("codec_name=h264") && probe.output().contains("width=640"), probe.output());
        var segment = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + server.port() + "/live/" + H264_CAMERA + "/segment-999999.ts?profile=sub&format=ts"
                        + token(H264_CAMERA)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, segment.statusCode());
    }

    /** Records a WebSocket's binary messages into {@code file} until {@code bytes} arrived; returns its text messages. */
    static List<String> recordWebSocket(String url, java.nio.file.Path file, long bytes) throws Exception {
        List<String> texts = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (var out = java.nio.file.Files.newOutputStream(file)) {
            var done = new java.util.concurrent.CompletableFuture<Void>();
            var received = new java.util.concurrent.atomic.AtomicLong();
            HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(url),
                    new java.net.http.WebSocket.Listener() {
                        private final StringBuilder text = new StringBuilder();

                        @Override
                        public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket ws,
                                CharSequence data, boolean last) {
                            text.append(data);
                            if (last) {
                                texts.add(text.toString());
                                text.setLength(0);
                            }
                            ws.request(1);
                            return null;
                        }

                        @Override
                        public java.util.concurrent.CompletionStage<?> onBinary(java.net.http.WebSocket ws,
                                java.nio.ByteBuffer data, boolean last) {
                            byte[] b = new byte[data.remaining()];
                            data.get(b);
                            try {
                                out.write(b);
                            } catch (java.io.IOException e) {
                                done.completeExceptionally(e);
                            }
                            if (received.addAndGet(b.length) > bytes && !done.isDone()) {
                                done.complete(null);
                                ws.sendClose(java.net.http.WebSocket.NORMAL_CLOSURE, "enough");
                            }
                            ws.request(1);
                            return null;
                        }
                    }).get(30, TimeUnit.SECONDS);
            done.get(60, TimeUnit.SECONDS);
        }
        return texts;
    }

    private static void assertDecodes(java.nio.file.Path file, int width, int height) throws Exception {
        var probe = EncodedSamples.run(List.of("ffprobe", "-v", "error", "-show_entries",
                "stream=codec_name,width,height", "-of", "default=nw=1", file.toString()));
        assertEquals(0, probe.exitCode(), probe.output());
        assertTrue(probe.output().contains("codec_name=h264") && probe.output().contains("width=" + width)
                && probe.output().contains("height=" + height), probe.output());
        FfmpegDecode.assertClean(file);
    }

    @Test
    void fmp4IsOnlyServedOverWebSocket() throws Exception {
        var plain = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + server.port() + "/live/" + H264_CAMERA + ".mp4?x=1" + token(H264_CAMERA)))
                .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, plain.statusCode());
    }

    @Test
    void anH265CameraIsServedAsEnhancedFlvFmp4AndHls(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        // Debian's ffmpeg 5.1 cannot read H.265 in FLV (enhanced FLV came later): use the ffprobe 8 JavaCV ships.
        String ffprobe8 = org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.ffprobe.class);
        var flv = EncodedSamples.run(List.of(ffprobe8, "-v", "error", "-show_entries", "stream=codec_name,width,height",
                "-of", "default=nw=1", url(H265_CAMERA, "sub")));
        assertEquals(0, flv.exitCode(), flv.output());
        assertTrue(flv.output().contains("codec_name=hevc") && flv.output().contains("width=640"), flv.output());
        java.nio.file.Path file = dir.resolve("hevc.mp4");
        List<String> texts = recordWebSocket("ws://127.0.0.1:" + server.port() + "/live/" + H265_CAMERA
                + ".mp4?profile=sub" + token(H265_CAMERA), file, 150_000);
        assertTrue(texts.get(0).contains("hvc1."), texts.get(0));
        var mp4 = EncodedSamples.run(List.of("ffprobe", "-v", "error", "-show_entries", "stream=codec_name",
                "-of", "default=nw=1", file.toString()));
        assertTrue(mp4.output().contains("codec_name=hevc"), mp4.output());
        var hls = EncodedSamples.run(List.of("ffmpeg", "-v", "error", "-i", "http://127.0.0.1:" + server.port()
                + "/live/" + H265_CAMERA + "/index.m3u8?profile=sub" + token(H265_CAMERA), "-t", "3", "-f", "null",
                "-"));
        assertEquals(0, hls.exitCode(), hls.output());
    }

    @Test
    void codecH264TranscodesAnH265CameraForBrowsersThatCannotPlayIt() throws Exception {
        String transcoded = url(H265_CAMERA, "sub") + "&codec=h264";
        var probe = EncodedSamples.run(List.of("ffprobe", "-v", "error", "-show_entries",
                "stream=codec_name,width,height", "-of", "default=nw=1", transcoded));
        assertEquals(0, probe.exitCode(), probe.output());
        assertTrue(probe.output().contains("codec_name=h264") && probe.output().contains("width=640")
                && probe.output().contains("height=360"), probe.output());
        FfmpegDecode.assertClean(transcoded, "-t", "4");
        // An H.264 camera asked for codec=h264 is served as it is, not transcoded again.
        var h264 = EncodedSamples.run(List.of("ffprobe", "-v", "error", "-show_entries", "stream=codec_name",
                "-of", "default=nw=1", url(H264_CAMERA, "sub") + "&codec=h264"));
        assertTrue(h264.output().contains("codec_name=h264"), h264.output());
    }

    @Test
    void noTokenABadTokenOrAnotherCamerasTokenGetsNoMedia() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + server.port() + "/live/" + H264_CAMERA;
        var none = http.send(HttpRequest.newBuilder(URI.create(base + ".flv")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(401, none.statusCode());
        assertEquals("application/json", none.headers().firstValue("Content-Type").orElse(""));
        String good = TOKENS.issue(H264_CAMERA, "tester");
        String forged = good.substring(0, good.length() - 2) + (good.endsWith("AA") ? "BB" : "AA");
        String otherCamera = TOKENS.issue(PROTECTED_CAMERA, "tester");
        LiveTokens otherKey = LiveTokens.random();
        for (String bad : List.of(forged, otherCamera, otherKey.issue(H264_CAMERA, "tester"), "garbage", "a.b.c")) {
            for (String path : List.of(".flv?token=", "/index.m3u8?token=", "/init-1.mp4?token=")) {
                var r = http.send(HttpRequest.newBuilder(URI.create(base + path + bad)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(403, r.statusCode(), path + bad);
                assertTrue(new String(r.body()).startsWith("{\"error\""), "no media bytes for " + path + bad);
            }
        }
        byte[] key = new byte[32];
        var tenMinutesAgo = new LiveTokens(key, java.time.Clock.offset(java.time.Clock.systemUTC(),
                java.time.Duration.ofMinutes(-10)), java.time.Duration.ofMinutes(5));
        var now = new LiveTokens(key, java.time.Clock.systemUTC(), java.time.Duration.ofMinutes(5));
        String old = tenMinutesAgo.issue(H264_CAMERA, "tester");
        assertTrue(tenMinutesAgo.verify(old, H264_CAMERA).isPresent(), "valid when it was issued");
        assertTrue(now.verify(old, H264_CAMERA).isEmpty(), "expired five minutes later");
    }

    @Test
    void everyViewIsRecordedWithItsBytesAndClient() throws Exception {
        int before = VIEWS.size();
        var decode = EncodedSamples.run(List.of("ffmpeg", "-v", "error", "-i", url(H264_CAMERA, "sub"),
                "-t", "2", "-f", "null", "-"));
        assertEquals(0, decode.exitCode(), decode.output());
        long deadline = System.currentTimeMillis() + 10_000;
        while (VIEWS.size() == before && System.currentTimeMillis() < deadline) {
            Thread.sleep(50); // the view is recorded by the connection's close handler: poll until it ran
        }
        ViewRecord view = VIEWS.get(VIEWS.size() - 1);
        assertEquals("tester", view.username());
        assertEquals(H264_CAMERA, view.cameraId());
        assertEquals("sub", view.profile());
        assertEquals("flv", view.output());
        assertTrue(view.clientAddress().contains("127.0.0.1"), view.clientAddress());
        assertTrue(view.bytes() > 50_000, "bytes " + view.bytes());
        assertTrue(!view.end().isBefore(view.start()));
    }

    private static void assertProbe(String url, int width, int height) throws Exception {
        var probe = EncodedSamples.run(List.of("ffprobe", "-v", "error", "-show_entries",
                "stream=codec_name,width,height", "-of", "default=nw=1", url));
        assertEquals(0, probe.exitCode(), probe.output());
        assertTrue(probe.output().contains("codec_name=h264"), probe.output());
        assertTrue(probe.output().contains("width=" + width), probe.output());
        assertTrue(probe.output().contains("height=" + height), probe.output());
    }
}
