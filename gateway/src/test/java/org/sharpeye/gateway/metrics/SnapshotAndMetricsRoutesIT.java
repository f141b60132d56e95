package org.sharpeye.gateway.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sharpeye.gateway.api.RegistryApi;
import org.sharpeye.registry.Actor;
import org.sharpeye.registry.Camera;
import org.sharpeye.registry.CameraQuery;
import org.sharpeye.registry.PasswordHasher;
import org.sharpeye.registry.Registry;
import org.sharpeye.registry.RegistryJson;
import org.sharpeye.registry.Role;
import org.sharpeye.registry.SecretBox;
import org.sharpeye.registry.User;
import org.sharpeye.registry.ViewingPolicy;
import org.sharpeye.registry.demo.DemoCounty;
import org.sharpeye.registry.store.InMemoryStore;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real Vert.x server on loopback with the registry API, the snapshot route and /metrics: a snapshot is served to
 * a user who may view the camera (ffprobe reads it as mjpeg at the camera's size), 404 to one who may not and for
 * a camera without a snapshot, 401 without login; /metrics is valid exposition format.
 */
class SnapshotAndMetricsRoutesIT {

    private static final String ADMIN_PASSWORD = "admin-password-1";
    private static final String PASSWORD = "user-password-1";
    private static final int WIDTH = 352;
    private static final int HEIGHT = 288;

    private static Vertx vertx;
    private static HttpServer server;
    private static Registry registry;
    private static final Map<String, byte[]> snapshots = new ConcurrentHashMap<>();
    private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        registry = Registry.open(new InMemoryStore(), SecretBox.random(), ViewingPolicy.defaults(),
                new PasswordHasher(4), Clock.systemUTC());
        DemoCounty.populate(registry, 8554);
        registry.ensureAdmin(ADMIN_PASSWORD);
        registry.accounts().create(new User("li", Role.VILLAGE_VIEWER, "341522101201", true, 0), PASSWORD,
                Actor.system());
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        RegistryApi.create(vertx, registry).mount(router);
        SnapshotRoute.mount(router, RegistryApi.BASE, registry, id -> Optional.ofNullable(snapshots.get(id)));
        MetricsRoute.mount(router, SharpEyeMetricsTest.sample(false));
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static HttpResponse<byte[]> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
                .timeout(Duration.ofSeconds(10)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String login(String user, String password) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort()
                        + "/api/v1/auth/login")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + user + "\",\"password\":\""
                        + password + "\"}")).build();
        HttpResponse<String> response = client.send(r, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        JsonNode json = RegistryJson.mapper().readTree(response.body());
        return json.get("token").asText();
    }

    /** A real JPEG from Debian's ffmpeg, at a camera-like size. */
    private static byte[] ffmpegJpeg() throws Exception {
        Path file = Files.createTempFile("snap", ".jpg");
        try {
            Process p = new ProcessBuilder("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                    "testsrc=size=" + WIDTH + "x" + HEIGHT + ":rate=1", "-frames:v", "1", file.toString())
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "ffmpeg made a jpeg");
            return Files.readAllBytes(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static String ffprobe(byte[] jpeg) throws Exception {
        Path file = Files.createTempFile("served", ".jpg");
        try {
            Files.write(file, jpeg);
            Process p = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                    "stream=codec_name,width,height", "-of", "csv=p=0", file.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            return out;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void snapshotIsServedOnlyToThoseWhoMayView() throws Exception {
        List<Camera> all = registry.cameras(null, CameraQuery.all(1000)).items();
        User li = registry.accounts().user("li").orElseThrow();
        Camera visible = all.stream().filter(c -> registry.canView(li, c)).findFirst().orElseThrow();
        Camera hidden = all.stream().filter(c -> !registry.canView(li, c)).findFirst().orElseThrow();
        Camera without = all.stream().filter(c -> registry.canView(li, c) && !c.id().equals(visible.id()))
                .findFirst().orElseThrow();
        byte[] jpeg = ffmpegJpeg();
        snapshots.put(visible.id(), jpeg);
        snapshots.put(hidden.id(), jpeg);
        String token = login("li", PASSWORD);

        HttpResponse<byte[]> ok = get("/api/v1/cameras/" + visible.id() + "/snapshot.jpg", token);
        assertEquals(200, ok.statusCode());
        assertEquals("image/jpeg", ok.headers().firstValue("Content-Type").orElse(""));
        assertArrayEquals(jpeg, ok.body());
        assertEquals("mjpeg," + WIDTH + "," + HEIGHT, ffprobe(ok.body()));

        assertEquals(404, get("/api/v1/cameras/" + hidden.id() + "/snapshot.jpg", token).statusCode());
        assertEquals(404, get("/api/v1/cameras/" + without.id() + "/snapshot.jpg", token).statusCode());
        assertEquals(404, get("/api/v1/cameras/nosuchcamera/snapshot.jpg", token).statusCode());
        assertEquals(401, get("/api/v1/cameras/" + visible.id() + "/snapshot.jpg", null).statusCode());
        String admin = login("admin", ADMIN_PASSWORD);
        assertEquals(200, get("/api/v1/cameras/" + hidden.id() + "/snapshot.jpg", admin).statusCode());
    }

    @Test
    void metricsAreServedInTheTextFormat() throws Exception {
        HttpResponse<byte[]> r = get("/metrics", null);
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
                r.headers().toString());
        String text = new String(r.body(), StandardCharsets.UTF_8);
        SharpEyeMetricsTest.assertValidExposition(text);
        assertTrue(text.contains("sharpeye_cameras{"));
        assertTrue(text.contains("sharpeye_probe_duration_seconds_count{result=\"ok\"} 1"));
    }
}
