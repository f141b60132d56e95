package org.sharpeye.gateway.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import org.sharpeye.gateway.Gateway;
import org.sharpeye.gateway.api.RegistryApi;
import org.sharpeye.gateway.events.EventBus;
import org.sharpeye.gateway.events.HealthApi;
import org.sharpeye.gateway.events.IngestHealthFeed;
import org.sharpeye.gateway.events.WebhookOptions;
import org.sharpeye.gateway.live.LiveAccess;
import org.sharpeye.gateway.live.LiveTokens;
import org.sharpeye.gateway.live.RegistryLiveSources;
import org.sharpeye.gateway.metrics.HealthFeeds;
import org.sharpeye.ingest.Ingest;
import org.sharpeye.ingest.IngestOptions;
import org.sharpeye.ingest.SourceState;
import org.sharpeye.ingest.SourceStatus;
import org.sharpeye.ingest.probe.ProbeTarget;
import org.sharpeye.ingest.probe.Prober;
import org.sharpeye.ingest.probe.ProberOptions;
import org.sharpeye.registry.Accounts;
import org.sharpeye.registry.Actor;
import org.sharpeye.registry.Camera;
import org.sharpeye.registry.CameraProfile;
import org.sharpeye.registry.CameraQuery;
import org.sharpeye.registry.CameraStatus;
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
import org.sharpeye.registry.health.HealthMonitor;
import org.sharpeye.registry.health.HealthOptions;
import org.sharpeye.registry.store.InMemoryStore;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@code ./sharpeye bench health}: detection latency, from a fault injected in camsim (the control API's answer) to
 * the event received by a WebSocket client of {@code /api/v1/events}, for
 * <ol>
 *   <li>a stalled watched camera: an HTTP-FLV viewer pulls it through the gateway, camsim fault {@code stall};
 *       ingest's stall gap (default 5 s) finds it; goal: gap + 1 s;</li>
 *   <li>an unreachable idle camera: nobody watches it, the prober checks it (OPTIONS + DESCRIBE) once per cycle,
 *       camsim fault {@code gone} (connects time out); goal: one cycle + 2 s.</li>
 * </ol>
 * camsim runs in its own JVM; here runs a node wired as {@code SharpEye} wires one (registry, health monitor, ingest
 * with its health feed, prober, gateway with the registry and health APIs, default options except the probe cycle).
 * Each trial uses its own camera (no camera fails twice, so none is flapping); faults are set at random moments
 * spread over {@code --spread} seconds (watched) or two probe cycles (idle), independent of the probe slots.
 * Arguments: {@code --trials 20 --cycle 10 --spread 10}.
 */
public final class HealthBench {
    private static final String COUNTY = "341522";
    private static final String TOWNSHIP = "341522101";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final List<String> NOTES = new java.util.concurrent.CopyOnWriteArrayList<>();

    private HealthBench() {
    }

    public static void main(String[] args) throws Exception {
        org.sharpeye.media.BufferChecks.offForProduction(); // as a node runs (SharpEye.main)
        int trials = intArg(args, "--trials", 20);
        int cycleSeconds = intArg(args, "--cycle", 10);
        int spreadSeconds = intArg(args, "--spread", 10);
        IngestOptions ingestOptions = IngestOptions.defaults();
        ProberOptions probeOptions = ProberOptions.DEFAULT.withCycle(Duration.ofSeconds(cycleSeconds));
        System.err.printf("camsim with %d cameras ...%n", 2 * trials);
        try (CamSimProcess camsim = CamSimProcess.start(2 * trials, "127.61.0.1");
             Node node = Node.start(camsim, probeOptions, ingestOptions);
             Events events = Events.connect(node)) {
            List<String> ids = node.cameraIds();
            List<String> watched = ids.subList(0, trials);
            List<String> idle = ids.subList(trials, 2 * trials);

            System.err.println("waiting for the first probe cycle (every camera ONLINE) ...");
            node.awaitAll(ids, id -> node.health.health(id).status() == CameraStatus.ONLINE,
                    Duration.ofSeconds(3L * cycleSeconds + 30));

            System.err.printf("watched: %d viewers, stall faults over %d s ...%n", trials, spreadSeconds);
            List<Trial> stalled;
            try (ViewerFleet viewers = new ViewerFleet(node.gateway.port(), trials,
                    i -> "/live/" + watched.get(i) + ".flv?token=" + node.tokens.issue(watched.get(i), "bench"))) {
                node.viewed.addAll(watched);
                node.awaitAll(watched, node::playing, Duration.ofSeconds(60));
                Thread.sleep(2000); // every stream past its first frames before its fault
                stalled = run(camsim, node, events, watched, "stall", spreadSeconds * 1000L,
                        Duration.ofSeconds(60));
                node.viewed.clear();
            }
            NOTES.add(String.format("probes of cameras a viewer was pulling (stalled ones between retries): %d ok, "
                    + "%d failed; health ignores them while ingest judges the stream", node.probedViewedOk.get(),
                    node.probedViewedFailed.get()));
            System.err.printf("idle: gone faults over two %d s cycles ...%n", cycleSeconds);
            List<Trial> gone = run(camsim, node, events, idle, "gone", 2000L * cycleSeconds,
                    Duration.ofSeconds(3L * cycleSeconds + 30));

            double gap = ingestOptions.stallGap().toMillis() / 1000.0;
            System.out.println("| camera | fault | trials | event | p50 | p99 | max | goal |");
            System.out.println("|---|---|---:|---|---:|---:|---:|---|");
            String stallGoal = String.format("stall gap %.0f s + 1 s = %.0f s", gap, gap + 1);
            String idleGoal = String.format("cycle %d s + 2 s = %d s", cycleSeconds, cycleSeconds + 2);
            row("watched (1 viewer)", "stall", stalled, true, stallGoal);
            row("watched (1 viewer)", "stall", stalled, false, stallGoal);
            row("idle (probed)", "gone", gone, true, idleGoal);
            row("idle (probed)", "gone", gone, false, idleGoal);
            System.out.println();
            System.out.println("reasons reported: watched " + reasons(stalled) + ", idle " + reasons(gone));
            NOTES.forEach(System.out::println);
        }
    }

    /** One fault on one camera: when it was set, and when the WebSocket client heard of it. */
    private record Trial(String cameraId, long faultAt, Long statusAt, String reason, Long alertAt) {
    }

    /** Sets {@code fault} on each camera at a random moment within {@code spreadMillis}, then awaits its events. */
    private static List<Trial> run(CamSimProcess camsim, Node node, Events events, List<String> cameras,
            String fault, long spreadMillis, Duration wait) throws Exception {
        // one thread per trial: each sleeps to its moment, sets the fault, then waits for its own events
        ExecutorService pool = Executors.newFixedThreadPool(cameras.size());
        try {
            List<CompletableFuture<Trial>> trials = new ArrayList<>();
            for (String id : cameras) {
                long delay = ThreadLocalRandom.current().nextLong(spreadMillis);
                trials.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        Thread.sleep(delay); // the fault's random moment
                        long sent = System.nanoTime();
                        setFault(camsim, node.camsimId(id), fault);
                        long faultAt = System.nanoTime();
                        Events.Received s = events.await(e -> e.at() - sent > 0 && e.is("camera.status", id)
                                && "OFFLINE".equals(e.json().path("status").path("status").asText()), wait);
                        Events.Received a = events.await(e -> e.at() - sent > 0 && e.is("alert.opened", id), wait);
                        return new Trial(id, faultAt, s == null ? null : s.at(),
                                s == null ? "none" : s.json().path("status").path("reason").asText(),
                                a == null ? null : a.at());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, pool));
            }
            List<Trial> out = new ArrayList<>();
            for (CompletableFuture<Trial> t : trials) {
                out.add(t.get(spreadMillis + wait.toMillis() * 2 + 10_000, TimeUnit.MILLISECONDS));
            }
            // a fault that lasts must not look mended meanwhile (e.g. a probe between a stalled stream's retries)
            long resolvedEarly = out.stream().filter(t -> events.count(e -> e.at() - t.faultAt() > 0
                    && e.is("alert.resolved", t.cameraId())) > 0).count();
            NOTES.add(String.format("%s: %d of %d cameras had their alert resolved while the fault lasted", fault,
                    resolvedEarly, out.size()));
            for (String id : cameras) {
                clearFault(camsim, node.camsimId(id));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void row(String camera, String fault, List<Trial> trials, boolean status, String goal) {
        long[] lat = trials.stream().filter(t -> (status ? t.statusAt() : t.alertAt()) != null)
                .mapToLong(t -> ((status ? t.statusAt() : t.alertAt()) - t.faultAt()) / 1_000_000).sorted()
                .toArray();
        String event = status ? "camera.status OFFLINE" : "alert.opened";
        if (lat.length == 0) {
            System.out.printf("| %s | %s | %d | %s | - | - | - | %s (none detected) |%n", camera, fault,
                    trials.size(), event, goal);
            return;
        }
        System.out.printf("| %s | %s | %d (%d detected) | %s | %.2f s | %.2f s | %.2f s | %s |%n", camera, fault,
                trials.size(), lat.length, event, lat[(lat.length - 1) / 2] / 1000.0,
                lat[(int) Math.min(lat.length - 1, Math.ceil(lat.length * 0.99) - 1)] / 1000.0,
                lat[lat.length - 1] / 1000.0, goal);
    }

    private static Map<String, Integer> reasons(List<Trial> trials) {
        Map<String, Integer> m = new TreeMap<>();
        trials.forEach(t -> m.merge(t.reason(), 1, Integer::sum));
        return m;
    }

    private static void setFault(CamSimProcess camsim, String camsimId, String fault) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(faultUri(camsim, camsimId))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"fault\":\"" + fault + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("camsim refused the fault: " + r.statusCode() + " " + r.body());
        }
    }

    private static void clearFault(CamSimProcess camsim, String camsimId) throws Exception {
        HTTP.send(HttpRequest.newBuilder(faultUri(camsim, camsimId)).timeout(Duration.ofSeconds(10)).DELETE()
                .build(), HttpResponse.BodyHandlers.discarding());
    }

    private static URI faultUri(CamSimProcess camsim, String camsimId) {
        return URI.create("http://127.0.0.1:" + camsim.controlPort() + "/cameras/" + camsimId + "/fault");
    }

    /** A node wired as {@code SharpEye} wires one, over an in-memory registry holding camsim's cameras. */
    private static final class Node implements AutoCloseable {
        final Registry registry;
        final HealthMonitor health;
        final Ingest ingest;
        final IngestHealthFeed feed;
        final Vertx vertx;
        final HealthApi healthApi;
        final Prober prober;
        final Gateway gateway;
        final LiveTokens tokens = LiveTokens.random();
        final String adminPassword = Accounts.generatePassword();
        private final Map<String, String> camsimIds = new LinkedHashMap<>();
        /** Cameras a bench viewer holds, and how often the prober probed one of them meanwhile. */
        final java.util.Set<String> viewed = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final java.util.concurrent.atomic.AtomicInteger probedViewedOk = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger probedViewedFailed =
                new java.util.concurrent.atomic.AtomicInteger();

        private Node(CamSimProcess camsim, ProberOptions probeOptions, IngestOptions ingestOptions)
                throws Exception {
            registry = Registry.open(new InMemoryStore(), SecretBox.random(), ViewingPolicy.defaults(),
                    new PasswordHasher(4), Clock.systemUTC());
            Actor a = Actor.system();
            registry.createSite(new Site(COUNTY, "霍邱县", SiteKind.COUNTY, null, "34152200", 0), a);
            registry.createSite(new Site(TOWNSHIP, "城关镇", SiteKind.TOWNSHIP, COUNTY, "34152201", 0), a);
            int serial = 0;
            for (Map.Entry<String, String> e : camsim.mainUrls().entrySet()) {
                String id = DeviceId.of("34152201", 0, 132, 0, ++serial);
                registry.createCamera(new Camera(id, "bench " + e.getKey(), TOWNSHIP, CameraTier.CLASS_I,
                        List.of(new CameraProfile(CameraProfile.MAIN, e.getValue())), Vendor.HIKVISION, "DS-2CD",
                        URI.create(e.getValue()).getHost(), 32.3, 116.2, "城关镇人民路 " + serial + " 号", null, null,
                        null, 30, List.of(), null, true, StreamMode.ON_DEMAND, 24, 0), null, a);
                camsimIds.put(id, e.getKey());
            }
            registry.ensureAdmin(adminPassword);
            health = HealthMonitor.start(registry, registry.store(), HealthOptions.defaults(), Clock.systemUTC());
            vertx = org.sharpeye.gateway.NodeVertx.create();
            ingest = Ingest.create(ingestOptions, org.sharpeye.gateway.NodeVertx.loops(vertx)); // as a node runs
            feed = IngestHealthFeed.start(health, ingest);
            ingest.onObservation(feed);
            RegistryApi api = RegistryApi.create(vertx, registry);
            healthApi = HealthApi.create(vertx, registry, health, EventBus.inProcess(), WebhookOptions.defaults());
            prober = Prober.start(1, probeOptions, this::probeTargets, this::watched,
                    HealthFeeds.probes(health).andThen(r -> {
                        if (viewed.contains(r.cameraId())) {
                            (r.ok() ? probedViewedOk : probedViewedFailed).incrementAndGet();
                        }
                    }));
            gateway = Gateway.create(vertx, ingest, new RegistryLiveSources(registry),
                    new LiveAccess(tokens, v -> { }, Clock.systemUTC()), router -> {
                        api.mount(router);
                        healthApi.mount(router, RegistryApi.BASE);
                    });
            gateway.listen("127.0.0.1", 0).await(30, TimeUnit.SECONDS);
        }

        static Node start(CamSimProcess camsim, ProberOptions probeOptions, IngestOptions ingestOptions)
                throws Exception {
            return new Node(camsim, probeOptions, ingestOptions);
        }

        List<String> cameraIds() {
            return List.copyOf(camsimIds.keySet());
        }

        String camsimId(String cameraId) {
            return camsimIds.get(cameraId);
        }

        /** As the node does: each enabled camera's main profile (camsim's cameras need no credentials). */
        private List<ProbeTarget> probeTargets() {
            List<ProbeTarget> targets = new ArrayList<>();
            for (Camera c : registry.cameras(null, CameraQuery.all(Integer.MAX_VALUE)).items()) {
                c.profile(CameraProfile.MAIN).ifPresent(p -> targets.add(new ProbeTarget(c.id(), p.name(),
                        URI.create(p.url()), null)));
            }
            return targets;
        }

        /** As the node does: a camera being pulled (connecting or playing) is judged from its frames. */
        private boolean watched(ProbeTarget t) {
            SourceStatus s = ingest.status(t.cameraId() + "/" + t.profile());
            return s != null && (s.state() == SourceState.PLAYING || s.state() == SourceState.CONNECTING);
        }

        boolean playing(String cameraId) {
            SourceStatus s = ingest.status(cameraId + "/" + CameraProfile.MAIN);
            return s != null && s.state() == SourceState.PLAYING
                    && health.health(cameraId).status() == CameraStatus.ONLINE;
        }

        /** Polls (setup only, not measured) until every camera passes {@code ready}. */
        void awaitAll(List<String> ids, Predicate<String> ready, Duration within) throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            while (!ids.stream().allMatch(ready)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("not ready in " + within + ": "
                            + ids.stream().filter(ready.negate()).map(health::health).toList());
                }
                Thread.sleep(100);
            }
        }

        @Override
        public void close() throws Exception {
            prober.close();
            feed.close();
            ingest.close();
            healthApi.close();
            gateway.close().await(10, TimeUnit.SECONDS);
            vertx.close().await(10, TimeUnit.SECONDS);
            health.close();
            registry.close();
        }
    }

    /** A WebSocket client of {@code /api/v1/events} logged in as the admin, keeping each event's arrival time. */
    private static final class Events implements AutoCloseable {
        record Received(JsonNode json, long at) {
            boolean is(String type, String cameraId) {
                return type.equals(json.path("type").asText()) && cameraId.equals(json.path("cameraId").asText());
            }
        }

        private final List<Received> received = new ArrayList<>();
        private WebSocket socket;

        static Events connect(Node node) throws Exception {
            String base = "http://127.0.0.1:" + node.gateway.port();
            HttpResponse<String> login = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/login"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"username\":\"admin\",\"password\":\"" + node.adminPassword + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (login.statusCode() != 200) {
                throw new IllegalStateException("login failed: " + login.statusCode() + " " + login.body());
            }
            String token = RegistryJson.mapper().readTree(login.body()).get("token").asText();
            Events events = new Events();
            events.socket = HTTP.newWebSocketBuilder().buildAsync(URI.create(base.replaceFirst("^http", "ws")
                    + "/api/v1/events?access_token=" + token), new WebSocket.Listener() {
                        private final StringBuilder text = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                            text.append(data);
                            if (last) {
                                long at = System.nanoTime();
                                try {
                                    events.add(new Received(RegistryJson.mapper().readTree(text.toString()), at));
                                } catch (Exception e) {
                                    System.err.println("not JSON: " + text);
                                }
                                text.setLength(0);
                            }
                            w.request(1);
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
            return events;
        }

        private synchronized void add(Received r) {
            received.add(r);
            notifyAll();
        }

        /** The first event matching {@code match}, or null after {@code within}. */
        synchronized Received await(Predicate<Received> match, Duration within) throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            int seen = 0;
            while (true) {
                for (; seen < received.size(); seen++) {
                    if (match.test(received.get(seen))) {
                        return received.get(seen);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }

        synchronized long count(Predicate<Received> match) {
            return received.stream().filter(match).count();
        }

        @Override
        public void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
    }

    private static int intArg(String[] args, String name, int def) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return def;
    }
}
