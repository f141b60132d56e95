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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sharpeye.gateway.api.RegistryApi;
import org.sharpeye.registry.Actor;
import org.sharpeye.registry.Camera;
import org.sharpeye.registry.CameraProfile;
import org.sharpeye.registry.CameraTier;
import org.sharpeye.registry.Credentials;
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
import org.sharpeye.registry.health.HealthMonitor;
import org.sharpeye.registry.health.HealthObservation;
import org.sharpeye.registry.health.HealthOptions;
import org.sharpeye.registry.health.HealthReason;
import org.sharpeye.registry.health.HealthSource;
import org.sharpeye.registry.health.Webhook;
import org.sharpeye.registry.store.InMemoryStore;

/**
 * The health routes that change things by hand, through a real HTTP server on loopback: alert transitions, maintenance
 * windows and webhooks are written to the audit log with who, when and the client's address (read back through
 * {@code GET /api/v1/audit}); webhooks and windows are listed and deleted within the user's sites; secrets never
 * come back. Faults are fed to the monitor as observations (the camsim path is covered by {@link HealthEventsIT}).
 */
class HealthAdminRoutesTest {
    private static final String PASSWORD = "user-password-1";
    private static final String SECRET = "webhook-secret-0123456789";
    private static final String COUNTY = "341522";
    private static final String OTHER_COUNTY = "341523";
    private static final String T1 = "341522101";
    private static final String T2 = "341522102";
    private static final String CAM_1 = DeviceId.of("34152201", 0, 132, 0, 1);
    private static final String CAM_2 = DeviceId.of("34152202", 0, 132, 0, 2);

    /** The keyring after step one of a rotation: k2 added last (active), k1 still there for what it sealed. */
    private static final String K1 = "k1=" + java.util.Base64.getEncoder().encodeToString(SecretBox.randomKey());
    private static final String K2 = "k2=" + java.util.Base64.getEncoder().encodeToString(SecretBox.randomKey());

    private InMemoryStore store;
    private Registry registry;
    private HealthMonitor monitor;
    private Vertx vertx;
    private HealthApi api;
    private HttpServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        store = new InMemoryStore();
        registry = Registry.open(store, SecretBox.parse(K1 + "\n" + K2), ViewingPolicy.defaults(),
                new PasswordHasher(4), Clock.systemUTC());
        Actor a = Actor.system();
        registry.createSite(new Site(COUNTY, "霍邱县", SiteKind.COUNTY, null, "34152200", 0), a);
        registry.createSite(new Site(OTHER_COUNTY, "金寨县", SiteKind.COUNTY, null, "34152300", 0), a);
        registry.createSite(new Site(T1, "城关镇", SiteKind.TOWNSHIP, COUNTY, "34152201", 0), a);
        registry.createSite(new Site(T2, "新店镇", SiteKind.TOWNSHIP, COUNTY, "34152202", 0), a);
        for (String id : List.of(CAM_1, CAM_2)) {
            registry.createCamera(new Camera(id, "camera " + id.substring(16), id.equals(CAM_1) ? T1 : T2,
                    CameraTier.CLASS_I, List.of(new CameraProfile("main", "rtsp://127.0.0.1:9/" + id)),
                    Vendor.HIKVISION, "DS-2CD", "127.0.0.1", 32.3, 116.2, "人民路 1 号", null, null, null, 30, List.of(),
                    null, true, StreamMode.ON_DEMAND, 24, 0), null, a);
        }
        registry.ensureAdmin(PASSWORD);
        registry.accounts().create(new User("zhao", Role.COUNTY_OPERATOR, COUNTY, true, 0), PASSWORD, a);
        registry.accounts().create(new User("qian", Role.COUNTY_OPERATOR, OTHER_COUNTY, true, 0), PASSWORD, a);
        registry.accounts().create(new User("wang", Role.TOWNSHIP_OFFICER, T1, true, 0), PASSWORD, a);
        registry.accounts().create(new User("fix", Role.MAINTENANCE, T1, true, 0), PASSWORD, a);
        monitor = HealthMonitor.start(registry, store, HealthOptions.defaults().withTickInterval(null),
                Clock.systemUTC());
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        RegistryApi.create(vertx, registry).mount(router);
        api = HealthApi.create(vertx, registry, monitor, EventBus.inProcess(), WebhookOptions.defaults());
        api.mount(router, RegistryApi.BASE);
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        api.close();
        vertx.close().await(10, TimeUnit.SECONDS);
        monitor.close();
        registry.close();
    }

    @Test
    void alertTransitionsByHandAreAuditedWithWhoWhenAndTheClientAddress() throws Exception {
        String admin = login("admin");
        String officer = login("wang");
        Instant before = Instant.now();
        monitor.observe(HealthObservation.offline(CAM_1, "main", HealthSource.PROBE, HealthReason.STALLED,
                "no RTP for 5 s", null, Instant.now()));
        monitor.sync().join();
        String alertId = json(send("GET", "/api/v1/alerts?state=open", officer, null)).get("items").get(0)
                .get("id").asText();

        assertEquals(200, send("POST", "/api/v1/alerts/" + alertId + "/ack", officer, null).statusCode());
        assertEquals(409, send("POST", "/api/v1/alerts/" + alertId + "/ack", officer, null).statusCode(),
                "a refused transition changes nothing and is not audited");
        assertEquals(200, send("POST", "/api/v1/alerts/" + alertId + "/assign", admin, "{\"user\":\"fix\"}")
                .statusCode());
        assertEquals(200, send("POST", "/api/v1/alerts/" + alertId + "/resolve", officer,
                "{\"note\":\"replaced the PoE injector\"}").statusCode());
        assertEquals(200, send("POST", "/api/v1/alerts/" + alertId + "/verify", admin, null).statusCode());

        List<JsonNode> entries = audit(admin, "alert", alertId);
        assertEquals(4, entries.size(), entries.toString());
        Set<String> transitions = new TreeSet<>();
        for (JsonNode e : entries) {
            JsonNode was = RegistryJson.mapper().readTree(e.get("before").asText());
            JsonNode is = RegistryJson.mapper().readTree(e.get("after").asText());
            String t = was.get("state").asText() + "->" + is.get("state").asText();
            transitions.add(t + " by " + e.get("actor").asText());
            assertEquals("UPDATE", e.get("action").asText());
            assertEquals("127.0.0.1", e.get("remoteAddress").asText(), "from where: the client's address");
            Instant at = Instant.parse(e.get("at").asText());
            assertFalse(at.isBefore(before.minusSeconds(1)) || at.isAfter(Instant.now()), "when: " + at);
            if (t.equals("ACKNOWLEDGED->RESOLVED") || t.equals("ASSIGNED->RESOLVED")) {
                assertEquals("replaced the PoE injector", is.get("note").asText());
                assertEquals("fix", is.get("assignee").asText());
            }
        }
        assertEquals(new TreeSet<>(List.of("OPEN->ACKNOWLEDGED by wang", "ACKNOWLEDGED->ASSIGNED by admin",
                "ASSIGNED->RESOLVED by wang", "RESOLVED->VERIFIED by admin")), transitions);
    }

    @Test
    void webhooksAreListedWithoutSecretsAndDeletedWithinTheUsersSitesAndAudited() throws Exception {
        String admin = login("admin");
        String zhao = login("zhao");
        String qian = login("qian");
        String ours = json(send("POST", "/api/v1/webhooks", zhao, hook(T1, "/ours"))).get("id").asText();
        String theirs = json(send("POST", "/api/v1/webhooks", qian, hook(OTHER_COUNTY, "/theirs"))).get("id")
                .asText();

        HttpResponse<String> all = send("GET", "/api/v1/webhooks", admin, null);
        assertEquals(200, all.statusCode(), all.body());
        assertEquals(Set.of(ours, theirs), ids(json(all)));
        assertFalse(all.body().contains(SECRET) || all.body().contains("secret"), "secrets never come back");
        JsonNode mine = json(send("GET", "/api/v1/webhooks", zhao, null));
        assertEquals(Set.of(ours), ids(mine), "a county operator sees its county's webhooks only");
        assertEquals(T1, mine.get("items").get(0).get("siteId").asText());
        assertEquals("http://127.0.0.1:9/ours", mine.get("items").get(0).get("url").asText());
        assertEquals(403, send("GET", "/api/v1/webhooks", login("wang"), null).statusCode());

        assertEquals(404, send("DELETE", "/api/v1/webhooks/" + theirs, zhao, null).statusCode(),
                "another county's webhook is not revealed");
        assertEquals(403, send("DELETE", "/api/v1/webhooks/" + ours, login("wang"), null).statusCode());
        assertEquals(204, send("DELETE", "/api/v1/webhooks/" + ours, zhao, null).statusCode());
        assertEquals(404, send("DELETE", "/api/v1/webhooks/" + ours, zhao, null).statusCode(), "already gone");
        assertEquals(Set.of(theirs), ids(json(send("GET", "/api/v1/webhooks", admin, null))));
        assertEquals(1, monitor.webhooks().size());

        List<JsonNode> entries = audit(admin, "webhook", ours);
        assertEquals(List.of("CREATE", "DELETE"), entries.stream().map(e -> e.get("action").asText()).sorted()
                .toList());
        for (JsonNode e : entries) {
            assertEquals("zhao", e.get("actor").asText());
            assertEquals("127.0.0.1", e.get("remoteAddress").asText());
            assertFalse(e.toString().contains(SECRET), "the secret is not audited: " + e);
        }
        assertTrue(audit(admin, "webhook", theirs).get(0).get("after").asText().contains("/theirs"));
    }

    @Test
    void resealAfterAKeyRotationSealsCredentialsAndWebhookSecretsWithTheNewKeySoTheOldOneCanGo() throws Exception {
        // Sealed before the rotation, when k1 was the only key.
        Registry before = Registry.open(store, SecretBox.parse(K1), ViewingPolicy.defaults(), new PasswordHasher(4),
                Clock.systemUTC());
        String cam3 = DeviceId.of("34152201", 0, 132, 0, 3);
        before.createCamera(new Camera(cam3, "camera 3", T1, CameraTier.CLASS_I,
                List.of(new CameraProfile("main", "rtsp://127.0.0.1:9/3")), Vendor.HIKVISION, "DS-2CD", "127.0.0.1",
                32.3, 116.2, "人民路 3 号", null, null, null, 30, List.of(), null, true, StreamMode.ON_DEMAND, 24, 0),
                new Credentials("admin", "cam-pass-1"), Actor.system());
        HealthMonitor beforeMonitor = HealthMonitor.start(before, store,
                HealthOptions.defaults().withTickInterval(null), Clock.systemUTC());
        beforeMonitor.addWebhook(new Webhook("old-hook", T1, "http://127.0.0.1:9/old", SECRET, "admin"),
                Actor.system()).join();
        beforeMonitor.close();
        before.close();

        assertEquals(403, send("POST", "/api/v1/secrets/reseal", login("zhao"), null).statusCode());
        String admin = login("admin");
        HttpResponse<String> r = send("POST", "/api/v1/secrets/reseal", admin, null);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(1, json(r).get("credentials").asInt(), r.body());
        assertEquals(1, json(r).get("webhookSecrets").asInt(), r.body());
        JsonNode again = json(send("POST", "/api/v1/secrets/reseal", admin, null));
        assertEquals(0, again.get("credentials").asInt() + again.get("webhookSecrets").asInt(), "nothing left");

        // Step three: k1 leaves the keyring; both secrets still open.
        Registry after = Registry.open(store, SecretBox.parse(K2), ViewingPolicy.defaults(), new PasswordHasher(4),
                Clock.systemUTC());
        assertEquals(new Credentials("admin", "cam-pass-1"), after.credentials(cam3).orElseThrow());
        HealthMonitor afterMonitor = HealthMonitor.start(after, store, HealthOptions.defaults().withTickInterval(null),
                Clock.systemUTC());
        try {
            assertEquals(SECRET, afterMonitor.webhooks().stream().filter(w -> w.id().equals("old-hook")).findFirst()
                    .orElseThrow().secret());
        } finally {
            afterMonitor.close();
            after.close();
        }
        List<JsonNode> entries = audit(admin, "webhook", "old-hook");
        assertTrue(entries.stream().anyMatch(e -> e.get("action").asText().equals("UPDATE")
                && e.get("actor").asText().equals("admin")), entries.toString());
        assertFalse(entries.toString().contains(SECRET), "the secret is not audited");
    }

    @Test
    void maintenanceWindowsCurrentAndFutureAreListedByWhatTheUserSeesAndDeletedByEditors() throws Exception {
        String admin = login("admin");
        String officer = login("wang");
        Instant now = Instant.now();
        String onT1 = window(admin, "\"siteId\":\"" + T1 + "\"", now.plusSeconds(3600), now.plusSeconds(7200));
        String onT2 = window(admin, "\"siteId\":\"" + T2 + "\"", now.minusSeconds(60), now.plusSeconds(3600));
        String onCam1 = window(admin, "\"cameraId\":\"" + CAM_1 + "\"", now.minusSeconds(60), now.plusSeconds(600));
        String onCounty = window(admin, "\"siteId\":\"" + COUNTY + "\"", now.minusSeconds(60), now.plusSeconds(60));
        String past = window(admin, "\"siteId\":\"" + T1 + "\"", now.minusSeconds(7200), now.minusSeconds(3600));

        JsonNode everything = json(send("GET", "/api/v1/maintenance-windows", admin, null));
        assertEquals(Set.of(onT1, onT2, onCam1, onCounty), ids(everything), "ended windows are not listed");
        assertEquals(4, everything.get("items").size());
        assertEquals(onT1, everything.get("items").get(3).get("id").asText(), "earliest first");
        assertEquals(Set.of(onT1, onCam1, onCounty), ids(json(send("GET", "/api/v1/maintenance-windows", officer,
                null))), "城关镇 sees its own windows and the county's, not 新店镇's");

        assertEquals(404, send("DELETE", "/api/v1/maintenance-windows/" + onT2, officer, null).statusCode(),
                "out of sight");
        assertEquals(403, send("DELETE", "/api/v1/maintenance-windows/" + onCam1, officer, null).statusCode(),
                "a township officer only views");
        assertEquals(204, send("DELETE", "/api/v1/maintenance-windows/" + onCam1, login("zhao"), null)
                .statusCode());
        assertEquals(404, send("DELETE", "/api/v1/maintenance-windows/" + onCam1, admin, null).statusCode());
        assertEquals(Set.of(onT1, onT2, onCounty), ids(json(send("GET", "/api/v1/maintenance-windows", admin,
                null))));
        assertEquals(400, send("DELETE", "/api/v1/maintenance-windows/not%20an%20id", admin, null).statusCode());

        List<JsonNode> entries = audit(admin, "maintenance-window", onCam1);
        assertEquals(2, entries.size(), entries.toString());
        JsonNode deleted = entries.stream().filter(e -> e.get("action").asText().equals("DELETE")).findFirst()
                .orElseThrow();
        assertEquals("zhao", deleted.get("actor").asText());
        assertEquals("127.0.0.1", deleted.get("remoteAddress").asText());
        assertTrue(deleted.get("before").asText().contains(CAM_1));
        JsonNode created = entries.stream().filter(e -> e.get("action").asText().equals("CREATE")).findFirst()
                .orElseThrow();
        assertEquals("admin", created.get("actor").asText());
        assertEquals(1, audit(admin, "maintenance-window", past).size(), "creating a past window is audited too");
    }

    // ----

    private String window(String token, String target, Instant from, Instant to) throws Exception {
        HttpResponse<String> r = send("POST", "/api/v1/maintenance-windows", token, "{" + target + ",\"from\":\""
                + from + "\",\"to\":\"" + to + "\",\"note\":\"works\"}");
        assertEquals(201, r.statusCode(), r.body());
        return json(r).get("id").asText();
    }

    private static String hook(String siteId, String path) {
        return "{\"siteId\":\"" + siteId + "\",\"url\":\"http://127.0.0.1:9" + path + "\",\"secret\":\"" + SECRET
                + "\"}";
    }

    /** The audit entries of one target, read through the API as an admin. */
    private List<JsonNode> audit(String adminToken, String kind, String targetId) throws Exception {
        HttpResponse<String> r = send("GET", "/api/v1/audit?limit=1000", adminToken, null);
        assertEquals(200, r.statusCode(), r.body());
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode e : json(r).get("items")) {
            if (kind.equals(e.path("targetKind").asText()) && targetId.equals(e.path("targetId").asText())) {
                out.add(e);
            }
        }
        return out;
    }

    private static Set<String> ids(JsonNode list) {
        Set<String> ids = new TreeSet<>();
        list.get("items").forEach(i -> ids.add(i.get("id").asText()));
        return ids;
    }

    private String login(String user) throws Exception {
        HttpResponse<String> r = send("POST", "/api/v1/auth/login", null, "{\"username\":\"" + user
                + "\",\"password\":\"" + PASSWORD + "\"}");
        assertEquals(200, r.statusCode(), r.body());
        return json(r).get("token").asText();
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
                .timeout(Duration.ofSeconds(30)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return RegistryJson.mapper().readTree(r.body());
    }
}
