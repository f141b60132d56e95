package org.sharpeye.gateway.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sharpeye.camsim.CamSim;
import org.sharpeye.camsim.CamSimConfig;
import org.sharpeye.camsim.CameraSpec;
import org.sharpeye.camsim.ClipEncoder;
import org.sharpeye.camsim.Fault;
import org.sharpeye.camsim.FaultSpec;
import org.sharpeye.gateway.api.RegistryApi;
import org.sharpeye.ingest.Ingest;
import org.sharpeye.ingest.IngestOptions;
import org.sharpeye.ingest.SourceSpec;
import org.sharpeye.media.Codec;
import org.sharpeye.registry.Actor;
import org.sharpeye.registry.Camera;
import org.sharpeye.registry.CameraProfile;
import org.sharpeye.registry.CameraStatus;
import org.sharpeye.registry.CameraTier;
import org.sharpeye.registry.DeviceId;
import org.sharpeye.registry.PasswordHasher;
import org.sharpeye.registry.Registry;
import org.sharpeye.registry.RegistryJson;
import org.sharpeye.registry.Role;
import org.sharpeye.registry.SecretBox;
import org.sharpeye.registry.Site;
import org.sharpeye.registry.SiteKind;
import org.sharpeye.registry.StreamMode;
import org.sharpeye.registry.User;
import org.sharpeye.registry.Vendor;
import org.sharpeye.registry.ViewingPolicy;
import org.sharpeye.registry.health.AlertKind;
import org.sharpeye.registry.health.AlertState;
import org.sharpeye.registry.health.HealthMonitor;
import org.sharpeye.registry.health.HealthOptions;
import org.sharpeye.registry.store.InMemoryStore;

/**
 * Health end to end with real parts: camsim cameras pulled by ingest, the health monitor, the gateway's REST routes,
 * WebSocket and SSE clients, and a webhook receiver (a real Vert.x HTTP server) on loopback.
 */
class HealthEventsIT {
    private static final String PASSWORD = "user-password-1";
    private static final String SECRET = "webhook-secret-0123456789";
    private static final String T1 = "341522101";
    private static final String T2 = "341522102";
    private static final String CAM_A = DeviceId.of("34152201", 0, 132, 0, 1);
    private static final String CAM_B = DeviceId.of("34152202", 0, 132, 0, 2);
    private static final String CAM_C = DeviceId.of("34152201", 0, 132, 0, 3);
    private static final long AWAIT_MS = 30_000;

    private static CamSim sim;
    private static Ingest ingest;
    private static Registry registry;
    private static HealthMonitor monitor;
    private static Vertx vertx;
    private static HttpServer server;
    private static HttpServer receiver;
    private static HealthApi api;
    private static IngestHealthFeed feed;
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private static final AtomicInteger failFirst = new AtomicInteger(2);

    private record Delivery(String idempotencyKey, String signature, String body, int answered) {
    }

    @BeforeAll
    static void start() throws Exception {
        sim = CamSim.start(new CamSimConfig(List.of(
                CameraSpec.hikvisionLike(CAM_A, "城关镇政府门口", "127.4.0.1", 0, Codec.H264).onlyProfiles("sub"),
                CameraSpec.hikvisionLike(CAM_B, "新店镇十字路口", "127.4.0.2", 0, Codec.H264).onlyProfiles("sub"),
                CameraSpec.hikvisionLike(CAM_C, "城关镇菜市场", "127.4.0.3", 0, Codec.H264).onlyProfiles("sub")),
                0, 0, ClipEncoder.shared(64L << 20)));
        sim.warmUp().join();
        InMemoryStore store = new InMemoryStore();
        registry = Registry.open(store, SecretBox.random(), ViewingPolicy.defaults(), new PasswordHasher(4),
                Clock.systemUTC());
        Actor a = Actor.system();
        registry.createSite(new Site("341522", "霍邱县", SiteKind.COUNTY, null, "34152200", 0), a);
        registry.createSite(new Site(T1, "城关镇", SiteKind.TOWNSHIP, "341522", "34152201", 0), a);
        registry.createSite(new Site(T2, "新店镇", SiteKind.TOWNSHIP, "341522", "34152202", 0), a);
        for (String id : List.of(CAM_A, CAM_B, CAM_C)) {
            registry.createCamera(new Camera(id, "camera " + id.substring(16), id.equals(CAM_B) ? T2 : T1,
                    CameraTier.CLASS_I, List.of(new CameraProfile("sub", sim.url(id, "sub"))), Vendor.HIKVISION,
                    "DS-2CD", "127.0.0.1", 32.3, 116.2, "城关镇人民路 1 号", null, null, null, 30, List.of(), null, true,
                    StreamMode.ALWAYS_ON, 24, 0), null, a);
        }
        registry.ensureAdmin(PASSWORD);
        registry.accounts().create(new User("wang", Role.TOWNSHIP_OFFICER, T1, true, 0), PASSWORD, a);
        registry.accounts().create(new User("fix", Role.MAINTENANCE, T1, true, 0), PASSWORD, a);

        monitor = HealthMonitor.start(registry, store, HealthOptions.defaults()
                .withFlapping(4, Duration.ofMinutes(10)).withTickInterval(Duration.ofMillis(200)), Clock.systemUTC());
        vertx = Vertx.vertx();
        receiver = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            int status = failFirst.getAndDecrement() > 0 ? 500 : 204;
            deliveries.add(new Delivery(req.getHeader("Idempotency-Key"), req.getHeader(WebhookSignature.HEADER),
                    body.toString(StandardCharsets.UTF_8), status));
            req.response().setStatusCode(status).end();
        })).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        Router router = Router.router(vertx);
        RegistryApi.create(vertx, registry).mount(router);
        api = HealthApi.create(vertx, registry, monitor, EventBus.inProcess(), new WebhookOptions(6,
                Duration.ofMillis(100), Duration.ofSeconds(1), 100, Duration.ofSeconds(5)));
        api.mount(router, RegistryApi.BASE);
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);

        ingest = Ingest.create(IngestOptions.defaults().withConnectTimeout(Duration.ofMillis(700))
                .withResponseTimeout(Duration.ofMillis(1500)).withStallGap(Duration.ofMillis(1500))
                .withBackoff(Duration.ofMillis(100), Duration.ofMillis(400)).withEventLoopThreads(1));
        feed = IngestHealthFeed.start(monitor, ingest);
        ingest.onObservation(feed);
        for (String id : List.of(CAM_A, CAM_B, CAM_C)) {
            ingest.stream(new SourceSpec(id + "/sub", sim.url(id, "sub"), null, null, false));
        }
        for (String id : List.of(CAM_A, CAM_B, CAM_C)) {
            awaitStatus(id, CameraStatus.ONLINE);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (ingest != null) {
            ingest.close();
        }
        if (feed != null) {
            feed.close();
        }
        if (api != null) {
            api.close();
        }
        if (vertx != null) {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
        if (monitor != null) {
            monitor.close();
        }
        if (registry != null) {
            registry.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void aStallOpensAnAlertThatIsAcknowledgedAndResolvesByItselfSeenOverWebSocketSseAndWebhook() throws Exception {
        String adminToken = login("admin");
        String officerToken = login("wang");
        String hook = post("/api/v1/webhooks", adminToken, "{\"siteId\":\"" + T1 + "\",\"url\":\"http://127.0.0.1:"
                + receiver.actualPort() + "/hook\",\"secret\":\"" + SECRET + "\"}").body();
        assertFalse(hook.contains(SECRET), "the secret is not shown back");
        // 新店镇's webhook points at a closed port: its events are retried, then given up and recorded
        assertEquals(201, post("/api/v1/webhooks", adminToken, "{\"siteId\":\"" + T2
                + "\",\"url\":\"http://127.0.0.1:1/down\",\"secret\":\"" + SECRET + "\"}").statusCode());
        EventClient officer = EventClient.webSocket(uri("/api/v1/events?access_token=" + officerToken));
        EventClient admin = EventClient.webSocket(uri("/api/v1/events?access_token=" + adminToken));
        EventClient officerSse = EventClient.sse(http, uri("/api/v1/events/stream?access_token=" + officerToken));
        try {
            long faultAt = System.nanoTime();
            sim.setFault(CAM_A, FaultSpec.of(Fault.STALL));
            JsonNode opened = officer.await(e -> e.path("type").asText().equals("alert.opened")
                    && e.path("cameraId").asText().equals(CAM_A));
            System.out.printf("stall injected -> alert.opened on the WebSocket: %d ms (stall gap 1500 ms)%n",
                    (System.nanoTime() - faultAt) / 1_000_000);
            JsonNode alert = opened.get("alert");
            assertEquals("STALLED", alert.get("kind").asText());
            assertEquals("OPEN", alert.get("state").asText());
            assertEquals(List.of("霍邱县", "城关镇"), RegistryJson.mapper().convertValue(
                    alert.get("camera").get("sitePath"), List.class));
            assertEquals("127.0.0.1", alert.get("camera").get("ip").asText());
            officerSse.await(e -> e.path("id").asText().equals(opened.get("id").asText()));
            String alertId = alert.get("id").asText();

            HttpResponse<String> ack = post("/api/v1/alerts/" + alertId + "/ack", officerToken, null);
            assertEquals(200, ack.statusCode(), ack.body());
            assertEquals("ACKNOWLEDGED", json(ack).get("state").asText());
            assertEquals(409, post("/api/v1/alerts/" + alertId + "/ack", officerToken, null).statusCode());

            // another township's camera fails too: the admin hears it, the officer must not
            sim.setFault(CAM_B, FaultSpec.of(Fault.STALL));
            String openedB = admin.await(e -> e.path("type").asText().equals("alert.opened")
                    && e.path("cameraId").asText().equals(CAM_B)).get("id").asText();

            sim.clearFaults(CAM_A);
            JsonNode resolved = officer.await(e -> e.path("type").asText().equals("alert.resolved")
                    && e.path("alert").path("id").asText().equals(alertId));
            assertEquals("system", resolved.get("alert").get("resolvedBy").asText());
            assertEquals("RESOLVED", json(get("/api/v1/alerts?state=resolved", officerToken)).get("items").get(0)
                    .get("state").asText());
            assertEquals("ONLINE", json(get("/api/v1/cameras/" + CAM_A + "/status", officerToken)).get("status")
                    .asText());
            assertEquals(404, get("/api/v1/cameras/" + CAM_B + "/status", officerToken).statusCode());

            for (EventClient c : List.of(officer, officerSse)) {
                for (JsonNode e : c.received()) {
                    assertFalse(e.toString().contains(CAM_B), "an officer of 城关镇 got an event of 新店镇: " + e);
                }
            }
            assertTrue(officer.received().size() >= 3, officer.received().toString());

            // the webhook: first answers 500 twice, so the opened event arrives three times with one key
            String openedId = opened.get("id").asText();
            long deadline = System.currentTimeMillis() + AWAIT_MS;
            while (deliveries.stream().noneMatch(d -> d.idempotencyKey().equals(openedId) && d.answered() == 204)
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(20); // poll with a deadline: the receiver has no event to await
            }
            List<Delivery> ofOpened = deliveries.stream().filter(d -> d.idempotencyKey().equals(openedId)).toList();
            assertTrue(ofOpened.size() >= 3, "retried after two 500s: " + deliveries);
            for (Delivery d : ofOpened) {
                assertTrue(WebhookSignature.verify(SECRET, d.body().getBytes(StandardCharsets.UTF_8), d.signature()),
                        "valid signature on every attempt");
                assertEquals(openedId, RegistryJson.mapper().readTree(d.body()).get("id").asText());
            }
            assertTrue(deliveries.stream().noneMatch(d -> d.body().contains(CAM_B)),
                    "the 城关镇 webhook gets nothing from 新店镇");
            deadline = System.currentTimeMillis() + AWAIT_MS;
            while (api.webhookFailures().stream().noneMatch(f -> f.contains(openedB))
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(20); // poll with a deadline: giving up is recorded, not signalled
            }
            List<String> givenUp = api.webhookFailures().stream().filter(f -> f.contains(openedB)).toList();
            assertEquals(1, givenUp.size(), api.webhookFailures().toString());
            assertTrue(givenUp.get(0).contains(" 6 "), "given up after 6 attempts: " + givenUp);
        } finally {
            sim.clearFaults(CAM_B);
            officer.close();
            admin.close();
            officerSse.close();
        }
    }

    @Test
    void aFlappingCameraGivesOneFlappingAlert() throws Exception {
        for (int i = 0; i < 3; i++) {
            sim.setFault(CAM_C, FaultSpec.of(Fault.STALL));
            awaitStatus(CAM_C, CameraStatus.OFFLINE);
            sim.clearFaults(CAM_C);
            awaitStatus(CAM_C, CameraStatus.ONLINE);
        }
        User admin = registry.accounts().user("admin").orElseThrow();
        var flapping = monitor.alerts(admin, null, null, AlertKind.FLAPPING).stream()
                .filter(a -> a.cameraId().equals(CAM_C)).toList();
        assertEquals(1, flapping.size(), monitor.alerts(admin, null, null, null).toString());
        assertTrue(flapping.get(0).state().active());
        var stalled = monitor.alerts(admin, null, null, AlertKind.STALLED).stream()
                .filter(a -> a.cameraId().equals(CAM_C)).toList();
        assertTrue(stalled.size() <= 2, "only the outages before flapping was seen opened alerts: " + stalled);
        for (var s : stalled) {
            assertEquals(AlertState.RESOLVED, s.state());
            assertEquals(flapping.get(0).id(), s.foldedInto(), "folded into the FLAPPING alert");
        }
    }

    @Test
    void maintenanceWindowsWebhooksAndOnlineRateAreCheckedAndFiltered() throws Exception {
        String adminToken = login("admin");
        String officerToken = login("wang");
        String window = "{\"siteId\":\"" + T2 + "\",\"from\":\"2026-01-01T00:00:00Z\",\"to\":\"2026-01-02T00:00:00Z\"}";
        assertEquals(403, post("/api/v1/maintenance-windows", officerToken, window).statusCode(),
                "a township officer only views");
        HttpResponse<String> created = post("/api/v1/maintenance-windows", adminToken, window);
        assertEquals(201, created.statusCode(), created.body());
        assertEquals(T2, json(created).get("siteId").asText());
        assertEquals(400, post("/api/v1/maintenance-windows", adminToken, "{\"siteId\":\"" + T2
                + "\",\"cameraId\":\"" + CAM_B + "\",\"from\":\"2026-01-01T00:00:00Z\","
                + "\"to\":\"2026-01-02T00:00:00Z\"}").statusCode(), "one of cameraId and siteId");
        assertEquals(400, post("/api/v1/webhooks", adminToken, "{\"siteId\":\"" + T1
                + "\",\"url\":\"ftp://x/\",\"secret\":\"" + SECRET + "\"}").statusCode());
        assertEquals(403, post("/api/v1/webhooks", officerToken, "{\"siteId\":\"" + T1
                + "\",\"url\":\"http://127.0.0.1:9/\",\"secret\":\"" + SECRET + "\"}").statusCode());

        JsonNode mine = json(get("/api/v1/stats/online-rate", officerToken));
        assertEquals(2, mine.get("total").get("cameras").asInt(), "城关镇 has cameras A and C: " + mine);
        JsonNode all = json(get("/api/v1/stats/online-rate?site=341522&tier=CLASS_I", adminToken));
        assertEquals(3, all.get("total").get("cameras").asInt());
        assertEquals(2, all.get("bySite").size());
        assertEquals(400, get("/api/v1/stats/online-rate?day=2026-13-01", adminToken).statusCode());
        JsonNode month = json(get("/api/v1/stats/online-rate?month=2026-01&camera=" + CAM_B, officerToken));
        assertEquals(0, month.get("total").get("cameras").asInt(), "another township's camera is not counted");
        assertEquals(401, http.send(HttpRequest.newBuilder(uri("/api/v1/alerts")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    // ----

    private static void awaitStatus(String cameraId, CameraStatus status) throws InterruptedException {
        long deadline = System.currentTimeMillis() + AWAIT_MS;
        while (monitor.health(cameraId).status() != status) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError(cameraId + " never became " + status + ": " + monitor.health(cameraId));
            }
            Thread.sleep(20); // poll with a deadline
        }
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.actualPort() + path);
    }

    private static String login(String user) throws Exception {
        return json(post("/api/v1/auth/login", null, "{\"username\":\"" + user + "\",\"password\":\"" + PASSWORD
                + "\"}")).get("token").asText();
    }

    private static HttpResponse<String> post(String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return RegistryJson.mapper().readTree(r.body());
    }
}
