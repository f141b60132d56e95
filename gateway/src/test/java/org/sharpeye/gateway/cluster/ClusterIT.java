package org.sharpeye.gateway.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sharpeye.media.LeakDetection;
import org.sharpeye.registry.Actor;
import org.sharpeye.registry.Camera;
import org.sharpeye.registry.CameraProfile;
import org.sharpeye.registry.CameraTier;
import org.sharpeye.registry.DeviceId;
import org.sharpeye.registry.PasswordHasher;
import org.sharpeye.registry.Registry;
import org.sharpeye.registry.RegistryJson;
import org.sharpeye.registry.SecretBox;
import org.sharpeye.registry.Site;
import org.sharpeye.registry.SiteKind;
import org.sharpeye.registry.StreamMode;
import org.sharpeye.registry.Vendor;
import org.sharpeye.registry.ViewingPolicy;
import org.sharpeye.registry.health.Alert;
import org.sharpeye.registry.health.AlertKind;
import org.sharpeye.registry.store.DocumentKind;
import org.sharpeye.registry.store.RedisStore;
import org.sharpeye.registry.store.StoredDocument;

/**
 * Three SharpEye nodes (separate JVMs) over a real redis-server, camsim in its own JVM with always-on cameras (all
 * pulled). Each camera is pulled by exactly one node, the one rendezvous hashing names; SIGKILL one node and the
 * survivors pull its cameras again, a viewer on a survivor resumes, its open alert is continued, not doubled; the node
 * comes back and takes back exactly its own cameras; Redis restarts and the nodes recover by themselves. camsim's
 * session counts are sampled throughout: no camera ever has two sessions. 300 cameras (the figure; about a
 * minute on 2 cores); {@code -Dcluster.cameras=30} for a slower machine.
 */
@ExtendWith(LeakDetection.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
    private static final int CAMERAS = Integer.getInteger("cluster.cameras", 300);
    private static final String PASSWORD = "cluster-admin-password-1";
    private static final String KEYRING = "k1=" + Base64.getEncoder().encodeToString(SecretBox.randomKey());
    private static final String LIVE_KEY = Base64.getEncoder().encodeToString(SecretBox.randomKey());
    private static final String SITE = "341522101";
    private static final Duration LEASE = Duration.ofSeconds(7);
    /** Lease + heartbeat + reconnect, with room for a machine shared with other builds. */
    private static final Duration FAILOVER_BUDGET = LEASE.plusSeconds(20);
    private static final Duration AWAIT = Duration.ofSeconds(90);
    private static final List<String> NODE_IDS = List.of("n1", "n2", "n3");

    private static Path dir;
    private static RedisServer redis;
    private static CamSimFleet camsim;
    private static Registry seeder;
    private static final Map<String, NodeProcess> nodes = new LinkedHashMap<>();
    /** registry camera id -> camsim id. */
    private static final Map<String, String> camsimIds = new LinkedHashMap<>();
    private static final Map<String, Integer> maxPlaying = new ConcurrentHashMap<>();
    private static volatile Map<String, CamSimFleet.Sessions> latest = Map.of();
    private static final AtomicInteger samples = new AtomicInteger();
    private static volatile boolean sampling = true;
    private static Thread sampler;
    private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private static final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private static Thread eventReader;
    private static Resp eventConnection;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createDirectories(Path.of("target", "cluster-it-" + System.currentTimeMillis())).toAbsolutePath();
        redis = RedisServer.start(dir.resolve("redis"));
        camsim = CamSimFleet.start(CAMERAS, "127.3.0.1", dir.resolve("camsim.log"));
        seeder = Registry.open(RedisStore.open(redis.url()), SecretBox.parse(KEYRING), ViewingPolicy.defaults(),
                new PasswordHasher(4), Clock.systemUTC());
        seeder.createSite(new Site("341522", "霍邱县", SiteKind.COUNTY, null, "34152200", 0), Actor.system());
        seeder.createSite(new Site(SITE, "城关镇", SiteKind.TOWNSHIP, "341522", "34152201", 0), Actor.system());
        seeder.ensureAdmin(PASSWORD);
        Map<String, String> env = Map.of("SHARPEYE_SECRET_KEYS", KEYRING, "SHARPEYE_LIVE_TOKEN_KEY", LIVE_KEY,
                "SHARPEYE_ADMIN_PASSWORD", PASSWORD);
        for (String id : NODE_IDS) {
            nodes.put(id, NodeProcess.start(id, dir, redis.url(), env));
        }
        for (NodeProcess n : nodes.values()) {
            n.awaitReady(Duration.ofSeconds(120));
        }
        subscribeToEvents();
        // the cameras arrive once every node is up, so each is pulled first by its rendezvous owner
        int serial = 1;
        for (Map.Entry<String, String> c : camsim.mainUrls().entrySet()) {
            String id = DeviceId.of("34152201", 0, 132, 0, serial++);
            seeder.createCamera(new Camera(id, "camera " + c.getKey(), SITE, CameraTier.CLASS_I,
                    List.of(new CameraProfile(CameraProfile.MAIN, c.getValue())), Vendor.HIKVISION, "DS-2CD",
                    "127.0.0.1", 32.3, 116.2, null, null, null, null, 30, List.of(), null, true, StreamMode.ALWAYS_ON,
                    24, 0), null, Actor.system());
            camsimIds.put(id, c.getKey());
        }
        sampler = new Thread(ClusterIT::sample, "camsim-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Polls camsim's session counts all along, keeping each camera's highest count of playing sessions. */
    private static void sample() {
        while (sampling) {
            try {
                Map<String, CamSimFleet.Sessions> now = camsim.sessions();
                now.forEach((id, s) -> maxPlaying.merge(id, s.playing(), Math::max));
                latest = now;
                samples.incrementAndGet();
                Thread.sleep(200); // the sampling period
            } catch (IOException e) {
                // camsim busy; sample again
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void subscribeToEvents() throws Exception {
        eventConnection = redis.client();
        eventConnection.call("SUBSCRIBE", ClusterKeys.EVENTS);
        eventConnection.timeout(0);
        eventReader = new Thread(() -> {
            try {
                while (true) {
                    Object m = eventConnection.read();
                    if (m instanceof List<?> l && l.size() == 3 && "message".equals(l.get(0))) {
                        events.add(new ObjectMapper().readTree((String) l.get(2)));
                    }
                }
            } catch (IOException closed) {
                // the test is over, or Redis restarted (events after that are not needed)
            }
        }, "event-reader");
        eventReader.setDaemon(true);
        eventReader.start();
    }

    @AfterAll
    static void stop() throws Exception {
        sampling = false;
        if (eventConnection != null) {
            eventConnection.close();
        }
        List<String> leaks = new ArrayList<>();
        for (NodeProcess n : nodes.values()) {
            n.close();
            leaks.addAll(n.leaks());
        }
        if (seeder != null) {
            seeder.close();
        }
        if (camsim != null) {
            camsim.close();
        }
        if (redis != null) {
            redis.close();
        }
        assertEquals(List.of(), leaks, "Netty reported leaks in a node");
    }

    @Test
    @Order(1)
    void everyCameraIsPulledOnceByItsRendezvousOwner() throws Exception {
        await("every camera pulled once", () -> allPlayingOnce());
        await("every lease held by its rendezvous owner", () -> leasesMatch(NODE_IDS));
        Map<String, Long> perNode = new HashMap<>();
        leases().values().forEach(n -> perNode.merge(n, 1L, Long::sum));
        assertEquals(Set.copyOf(NODE_IDS), perNode.keySet(), "every node owns some cameras: " + perNode);
        assertNeverPulledTwice();
    }

    @Test
    @Order(2)
    void aLoginOnOneNodeIsValidOnTheOthers() throws Exception {
        String bearer = login(nodes.get("n1"));
        for (String other : List.of("n2", "n3")) {
            await("n1's login accepted by " + other, () -> http.send(HttpRequest.newBuilder(
                            URI.create(nodes.get(other).url() + "/api/v1/cameras?limit=1"))
                    .header("Authorization", "Bearer " + bearer).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode() == 200);
        }
        HttpResponse<String> logout = http.send(HttpRequest.newBuilder(URI.create(nodes.get("n1").url()
                        + "/api/v1/auth/logout")).header("Authorization", "Bearer " + bearer)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(logout.statusCode() < 300, logout.statusCode() + " " + logout.body());
        await("the logout reaches n2", () -> http.send(HttpRequest.newBuilder(
                        URI.create(nodes.get("n2").url() + "/api/v1/cameras?limit=1"))
                .header("Authorization", "Bearer " + bearer).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode() == 401);
    }

    @Test
    @Order(3)
    void aKilledNodesCamerasArePulledAgainByTheSurvivorsAndAViewerResumes() throws Exception {
        List<String> n3Cameras = camerasOf("n3", NODE_IDS);
        assertTrue(n3Cameras.size() >= 2, "n3 owns " + n3Cameras);
        String faulty = n3Cameras.get(0);
        String watched = n3Cameras.get(1);

        // a fault n3 raises an alert for; the event reaches n1's SSE clients
        List<String> sse = new CopyOnWriteArrayList<>();
        String bearer = login(nodes.get("n1"));
        Thread sseReader = new Thread(() -> {
            try {
                http.send(HttpRequest.newBuilder(URI.create(nodes.get("n1").url()
                        + "/api/v1/events/stream?access_token=" + bearer)).build(),
                        HttpResponse.BodyHandlers.ofLines()).body().forEach(sse::add);
            } catch (IOException | java.io.UncheckedIOException | InterruptedException e) {
                // the stream ended with the test
            }
        }, "sse-reader");
        sseReader.setDaemon(true);
        sseReader.start();
        camsim.fault(camsimIds.get(faulty), "refuse");
        // a refused camera first shows its session reset (UNREACHABLE), then REFUSED on every retry
        await("n3 opened a REFUSED alert for " + faulty, () -> activeAlerts(faulty).stream()
                .anyMatch(a -> a.kind() == AlertKind.REFUSED));
        String alertId = activeAlerts(faulty).get(0).id();
        Set<String> alertsBeforeKill = alerts(faulty).stream().map(Alert::id).collect(Collectors.toSet());
        await("n1's SSE client sees n3's alert", () -> sse.stream().anyMatch(l -> l.contains(alertId)
                && l.contains("alert.opened")));
        sseReader.interrupt();

        // a viewer on n1 of a camera n3 pulls: relayed from n1 to n3
        Viewer viewer = new Viewer(nodes.get("n1").url() + "/live/" + watched + ".flv?token="
                + liveToken(nodes.get("n1"), watched));
        viewer.start();
        await("the viewer on n1 receives video", () -> viewer.bytes.get() > 100_000);

        Map<String, CamSimFleet.Sessions> before = latest;
        long bytesAtKill = viewer.bytes.get();
        int connectionsAtKill = viewer.connections.get();
        long killedAt = System.nanoTime();
        nodes.get("n3").kill();
        List<String> survivors = List.of("n1", "n2");
        Map<String, Long> backAfterMs = new ConcurrentHashMap<>();
        await("n3's cameras pulled again by n1 and n2", () -> {
            Map<String, CamSimFleet.Sessions> now = latest;
            for (String c : n3Cameras) {
                if (c.equals(faulty)) {
                    continue;
                }
                String sim = camsimIds.get(c);
                if (now.get(sim).opened() > before.get(sim).opened() && now.get(sim).playing() == 1) {
                    backAfterMs.putIfAbsent(c, (System.nanoTime() - killedAt) / 1_000_000);
                }
            }
            return backAfterMs.size() == n3Cameras.size() - 1;
        });
        long worst = backAfterMs.values().stream().mapToLong(Long::longValue).max().orElse(0);
        System.out.println("failover: " + backAfterMs.size() + " cameras back after at most " + worst + " ms");
        assertTrue(worst <= FAILOVER_BUDGET.toMillis(), "failover took " + worst + " ms");
        await("the survivors hold n3's leases", () -> leasesMatch(survivors));
        for (String c : camsimIds.keySet()) {
            if (!n3Cameras.contains(c)) {
                String sim = camsimIds.get(c);
                assertEquals(before.get(sim).opened(), latest.get(sim).opened(), c + " (not n3's) was moved");
            }
        }

        // the new owner continues n3's alert: no second one, none lost; lifting the fault resolves that same alert
        String newOwner = Rendezvous.owner(faulty, survivors);
        await(newOwner + " judged " + faulty, () -> events.stream().anyMatch(e -> newOwner.equals(e.path("node")
                .asText()) && faulty.equals(e.path("cameraId").asText()) && "camera.status".equals(
                e.path("type").asText())));
        assertEquals(List.of(alertId), activeAlerts(faulty).stream().map(Alert::id).toList());
        camsim.clearFault(camsimIds.get(faulty));
        await("the alert is resolved by " + newOwner, () -> activeAlerts(faulty).isEmpty());
        assertEquals(alertsBeforeKill, alerts(faulty).stream().map(Alert::id).collect(Collectors.toSet()),
                "no alert opened since the kill, none lost: " + alerts(faulty));
        await("every camera pulled once", () -> allPlayingOnce());
        assertNeverPulledTwice();

        // the viewer on n1 resumed through the camera's new owner
        await("the viewer resumes", () -> viewer.connections.get() > connectionsAtKill
                && viewer.bytes.get() > bytesAtKill + 100_000);
        viewer.stop();
    }

    @Test
    @Order(4)
    void aNodeComingBackTakesBackExactlyItsOwnCameras() throws Exception {
        Map<String, CamSimFleet.Sessions> before = latest;
        Set<String> expected = new TreeSet<>(camerasOf("n3", NODE_IDS));
        nodes.get("n3").restart();
        nodes.get("n3").awaitReady(Duration.ofSeconds(120));
        await("n3 holds its leases again", () -> leasesMatch(NODE_IDS));
        await("every camera pulled once", () -> allPlayingOnce() && movedSince(before).containsAll(expected));
        assertEquals(expected, movedSince(before), "the cameras that moved");
        assertNeverPulledTwice();
    }

    @Test
    @Order(5)
    void theNodesRecoverFromARedisRestart() throws Exception {
        redis.restart();
        await("three live nodes again", () -> liveNodes().equals(Set.copyOf(NODE_IDS)));
        await("every lease held by its rendezvous owner", () -> leasesMatch(NODE_IDS));
        await("every camera pulled once", () -> allPlayingOnce());
        assertNeverPulledTwice();
        assertTrue(samples.get() > 20, "camsim sampled " + samples.get() + " times");

        // registry changes reach the nodes again: a camera disabled now is given up by its owner
        Camera c = seeder.camera(camsimIds.keySet().iterator().next()).orElseThrow();
        seeder.updateCamera(new Camera(c.id(), c.name(), c.siteId(), c.tier(), c.profiles(), c.vendor(), c.model(),
                c.ip(), c.latitude(), c.longitude(), c.address(), c.owningUnit(), c.maintenanceContact(),
                c.installDate(), c.retentionDays(), c.tags(), c.groupIds(), false, c.mode(), c.expectedOnlineHours(),
                c.version()), c.version(), null, Actor.system());
        String sim = camsimIds.get(c.id());
        await("the disabled camera is no longer pulled", () -> latest.get(sim).playing() == 0
                && !leases().containsKey(c.id()));
    }

    // ---- helpers

    private static boolean allPlayingOnce() {
        Map<String, CamSimFleet.Sessions> now = latest;
        return now.size() == CAMERAS && now.values().stream().allMatch(s -> s.playing() == 1);
    }

    private static void assertNeverPulledTwice() {
        Map<String, Integer> twice = new TreeMap<>();
        maxPlaying.forEach((id, n) -> {
            if (n > 1) {
                twice.put(id, n);
            }
        });
        assertEquals(Map.of(), twice, "cameras with more than one session at once");
    }

    private static Set<String> movedSince(Map<String, CamSimFleet.Sessions> before) {
        Set<String> moved = new TreeSet<>();
        Map<String, CamSimFleet.Sessions> now = latest;
        camsimIds.forEach((id, sim) -> {
            if (now.get(sim).opened() > before.get(sim).opened()) {
                moved.add(id);
            }
        });
        return moved;
    }

    private static List<String> camerasOf(String node, List<String> live) {
        return camsimIds.keySet().stream().filter(c -> node.equals(Rendezvous.owner(c, live))).toList();
    }

    /** camera id -> node holding its lease. */
    private static Map<String, String> leases() throws IOException {
        List<String> ids = List.copyOf(camsimIds.keySet());
        String[] cmd = new String[ids.size() + 1];
        cmd[0] = "MGET";
        for (int i = 0; i < ids.size(); i++) {
            cmd[i + 1] = ClusterKeys.lease(ids.get(i));
        }
        try (Resp r = redis.client()) {
            List<?> holders = (List<?>) r.call(cmd);
            Map<String, String> out = new HashMap<>();
            for (int i = 0; i < ids.size(); i++) {
                if (holders.get(i) != null) {
                    out.put(ids.get(i), (String) holders.get(i));
                }
            }
            return out;
        }
    }

    private static boolean leasesMatch(List<String> live) throws IOException {
        Map<String, String> l = leases();
        return camsimIds.keySet().stream().allMatch(c -> Rendezvous.owner(c, live).equals(l.get(c)));
    }

    private static Set<String> liveNodes() throws IOException {
        try (Resp r = redis.client()) {
            return new TreeSet<>(((List<?>) r.call("HKEYS", ClusterKeys.NODES)).stream().map(String::valueOf)
                    .toList());
        }
    }

    private static List<Alert> alerts(String cameraId) throws IOException {
        try (RedisStore store = RedisStore.open(redis.url())) {
            List<Alert> out = new ArrayList<>();
            for (StoredDocument d : store.loadAll(DocumentKind.ALERT)) {
                Alert a = RegistryJson.read(d.json(), Alert.class);
                if (a.cameraId().equals(cameraId)) {
                    out.add(a);
                }
            }
            return out;
        }
    }

    private static List<Alert> activeAlerts(String cameraId) throws IOException {
        return alerts(cameraId).stream().filter(a -> a.state().active()).toList();
    }

    private static String login(NodeProcess node) throws Exception {
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(node.url() + "/api/v1/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\",\"password\":\"" + PASSWORD
                        + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, login.statusCode(), login.body());
        return new ObjectMapper().readTree(login.body()).path("token").asText();
    }

    private static String liveToken(NodeProcess node, String cameraId) throws Exception {
        String bearer = login(node);
        HttpResponse<String> live = http.send(HttpRequest.newBuilder(
                        URI.create(node.url() + "/api/v1/cameras/" + cameraId + "/live"))
                .header("Authorization", "Bearer " + bearer).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, live.statusCode(), live.body());
        return new ObjectMapper().readTree(live.body()).path("token").asText();
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private static void await(String what, Check check) throws Exception {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (check.ok()) {
                    return;
                }
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(200); // polling an observable condition with a deadline
        }
        throw new AssertionError("not within " + AWAIT + ": " + what + (last == null ? "" : " (" + last + ")"));
    }

    /** An HTTP-FLV client that reconnects (after half a second) whenever its stream ends, as a player does. */
    private static final class Viewer {
        final AtomicLong bytes = new AtomicLong();
        final AtomicInteger connections = new AtomicInteger();
        private final String url;
        private volatile boolean running = true;
        private volatile InputStream body;
        private Thread thread;

        Viewer(String url) {
            this.url = url;
        }

        void start() {
            thread = new Thread(() -> {
                byte[] buf = new byte[64 * 1024];
                while (running) {
                    try {
                        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                                HttpResponse.BodyHandlers.ofInputStream());
                        body = r.body();
                        if (r.statusCode() == 200) {
                            connections.incrementAndGet();
                            int n;
                            while (running && (n = body.read(buf)) >= 0) {
                                bytes.addAndGet(n);
                            }
                        }
                        body.close();
                    } catch (IOException | InterruptedException e) {
                        // the stream broke: reconnect
                    }
                    try {
                        Thread.sleep(500); // a player's reconnect delay
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "viewer");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws IOException {
            running = false;
            InputStream b = body;
            if (b != null) {
                b.close();
            }
        }
    }
}
