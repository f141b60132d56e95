package org.sharpeye.gateway.cluster;

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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.sharpeye.registry.Actor;
import org.sharpeye.registry.Camera;
import org.sharpeye.registry.CameraProfile;
import org.sharpeye.registry.CameraTier;
import org.sharpeye.registry.DeviceId;
import org.sharpeye.registry.PasswordHasher;
import org.sharpeye.registry.Registry;
import org.sharpeye.registry.SecretBox;
import org.sharpeye.registry.Site;
import org.sharpeye.registry.SiteKind;
import org.sharpeye.registry.StreamMode;
import org.sharpeye.registry.Vendor;
import org.sharpeye.registry.ViewingPolicy;
import org.sharpeye.registry.store.RedisStore;

/**
 * {@code ./sharpeye bench cluster [--cameras 30] [--viewers 60] [--seconds 20] [--kills 20]}: a real redis-server,
 * camsim in its own JVM (always-on H.264 cameras, 2.2 Mbit/s) and SharpEye nodes as separate JVMs. Prints (1) the
 * cameras pulled and the HTTP-FLV viewers served at full rate, and the nodes' CPU, with 1 node and with 3 nodes
 * (viewers spread over the nodes, so most are relayed to the owner), and (2) the failover time, SIGKILL to the
 * camera playing again on another node, per camera, p50/p99/max over the kills (4 nodes: each round kills one and
 * restarts the one killed before; default lease 7 s, heartbeat 2 s).
 */
public final class ClusterBench {
    private static final String PASSWORD = "cluster-bench-password-1";
    private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    /** The shared camsim clip's bitrate (docs/camsim.md): a viewer is served if it gets 90 % of it. */
    private static final double CLIP_BITS_PER_SECOND = 2_164_000;

    private ClusterBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Integer> o = new LinkedHashMap<>(Map.of("cameras", 30, "viewers", 60, "seconds", 20,
                "kills", 20));
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), Integer.parseInt(args[i + 1]));
        }
        int cameras = o.get("cameras");
        Path dir = Files.createTempDirectory("sharpeye-cluster-bench-");
        String keyring = "k1=" + Base64.getEncoder().encodeToString(SecretBox.randomKey());
        Map<String, String> env = Map.of("SHARPEYE_SECRET_KEYS", keyring, "SHARPEYE_LIVE_TOKEN_KEY",
                Base64.getEncoder().encodeToString(SecretBox.randomKey()), "SHARPEYE_ADMIN_PASSWORD", PASSWORD);
        System.out.println("cluster bench: " + o + ", logs in " + dir);
        List<NodeProcess> nodes = new ArrayList<>();
        try (RedisServer redis = RedisServer.start(dir.resolve("redis"));
             CamSimFleet camsim = CamSimFleet.start(cameras, "127.5.0.1", dir.resolve("camsim.log"));
             Registry seeder = Registry.open(RedisStore.open(redis.url()), SecretBox.parse(keyring),
                     ViewingPolicy.defaults(), new PasswordHasher(4), Clock.systemUTC())) {
            seeder.createSite(new Site("341522", "霍邱县", SiteKind.COUNTY, null, "34152200", 0), Actor.system());
            seeder.createSite(new Site("341522101", "城关镇", SiteKind.TOWNSHIP, "341522", "34152201", 0),
                    Actor.system());
            seeder.ensureAdmin(PASSWORD);
            nodes.add(NodeProcess.start("n1", dir, redis.url(), env));
            nodes.get(0).awaitReady(Duration.ofSeconds(120));
            Map<String, String> ids = new LinkedHashMap<>(); // registry id -> camsim id
            int serial = 1;
            for (Map.Entry<String, String> c : camsim.mainUrls().entrySet()) {
                String id = DeviceId.of("34152201", 0, 132, 0, serial++);
                seeder.createCamera(new Camera(id, "camera " + c.getKey(), "341522101", CameraTier.CLASS_I,
                        List.of(new CameraProfile(CameraProfile.MAIN, c.getValue())), Vendor.HIKVISION, "DS-2CD",
                        "127.0.0.1", null, null, null, null, null, null, 30, List.of(), null, true,
                        StreamMode.ALWAYS_ON, 24, 0), null, Actor.system());
                ids.put(id, c.getKey());
            }
            load(1, nodes, camsim, ids, o.get("viewers"), o.get("seconds"));
            for (String id : List.of("n2", "n3")) {
                nodes.add(NodeProcess.start(id, dir, redis.url(), env));
            }
            for (NodeProcess n : nodes) {
                n.awaitReady(Duration.ofSeconds(120));
            }
            awaitLeases(redis, ids, List.of("n1", "n2", "n3"));
            load(3, nodes, camsim, ids, o.get("viewers"), o.get("seconds"));
            nodes.add(NodeProcess.start("n4", dir, redis.url(), env));
            nodes.get(3).awaitReady(Duration.ofSeconds(120));
            failover(nodes, redis, camsim, ids, o.get("kills"));
        } finally {
            for (NodeProcess n : nodes) {
                n.close();
            }
        }
    }

    private static void load(int nodeCount, List<NodeProcess> nodes, CamSimFleet camsim, Map<String, String> ids,
                             int viewers, int seconds) throws Exception {
        awaitAllPlaying(camsim, ids.size());
        List<String> cameraIds = List.copyOf(ids.keySet());
        List<AtomicLong> received = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        List<InputStream> bodies = Collections.synchronizedList(new ArrayList<>());
        Map<NodeProcess, String> bearers = new LinkedHashMap<>();
        for (NodeProcess n : nodes) {
            bearers.put(n, login(n));
        }
        for (int v = 0; v < viewers; v++) {
            NodeProcess n = nodes.get(v % nodes.size());
            String camera = cameraIds.get(v % cameraIds.size());
            String url = n.url() + "/live/" + camera + ".flv?token=" + liveToken(n, bearers.get(n), camera);
            AtomicLong bytes = new AtomicLong();
            received.add(bytes);
            Thread t = new Thread(() -> {
                try {
                    InputStream in = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                            HttpResponse.BodyHandlers.ofInputStream()).body();
                    bodies.add(in);
                    byte[] buf = new byte[64 * 1024];
                    int r;
                    while ((r = in.read(buf)) >= 0) {
                        bytes.addAndGet(r);
                    }
                } catch (IOException | InterruptedException e) {
                    // ended by the bench
                }
            });
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        Thread.sleep(3000); // let every viewer get its first GOP before measuring
        long[] start = received.stream().mapToLong(AtomicLong::get).toArray();
        Map<NodeProcess, Double> cpu0 = new LinkedHashMap<>();
        for (NodeProcess n : nodes) {
            cpu0.put(n, n.cpuSeconds());
        }
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L); // the measuring window
        double elapsed = (System.nanoTime() - t0) / 1e9;
        int served = 0;
        double total = 0;
        for (int i = 0; i < received.size(); i++) {
            double bps = (received.get(i).get() - start[i]) * 8 / elapsed;
            total += bps;
            if (bps >= 0.9 * CLIP_BITS_PER_SECOND) {
                served++;
            }
        }
        StringBuilder cpu = new StringBuilder();
        for (NodeProcess n : nodes) {
            cpu.append(String.format(" %s %.0f%%", n.id(), 100 * (n.cpuSeconds() - cpu0.get(n)) / elapsed));
        }
        int pulled = (int) camsim.sessions().values().stream().filter(s -> s.playing() == 1).count();
        System.out.printf("%d node(s): %d/%d cameras pulled once, %d/%d viewers served at >= 90%% of 2.16 Mbit/s "
                        + "(%.0f Mbit/s in total), node CPU (of one core):%s%n", nodeCount, pulled, ids.size(),
                served, viewers, total / 1e6, cpu);
        for (InputStream b : bodies) {
            b.close();
        }
        for (Thread t : threads) {
            t.join(5000);
        }
    }

    private static void failover(List<NodeProcess> nodes, RedisServer redis, CamSimFleet camsim,
                                 Map<String, String> ids, int kills) throws Exception {
        List<Long> times = new ArrayList<>();
        NodeProcess down = null;
        List<String> all = nodes.stream().map(NodeProcess::id).toList();
        for (int k = 0; k < kills; k++) {
            List<String> live = new ArrayList<>(all);
            if (down != null) {
                live.remove(down.id());
            }
            awaitLeases(redis, ids, live);
            awaitAllPlaying(camsim, ids.size());
            NodeProcess pick = nodes.get((k * 3 + 1) % nodes.size());
            NodeProcess victim = pick == down ? nodes.get((nodes.indexOf(pick) + 1) % nodes.size()) : pick;
            List<String> its = ids.keySet().stream().filter(c -> victim.id().equals(Rendezvous.owner(c, live)))
                    .toList();
            Map<String, CamSimFleet.Sessions> before = camsim.sessions();
            long killedAt = System.nanoTime();
            victim.kill();
            if (down != null) {
                down.restart();
            }
            Map<String, Long> back = new LinkedHashMap<>();
            long deadline = killedAt + TimeUnit.SECONDS.toNanos(120);
            while (back.size() < its.size() && System.nanoTime() < deadline) {
                Map<String, CamSimFleet.Sessions> now = camsim.sessions();
                long at = System.nanoTime();
                for (String c : its) {
                    String sim = ids.get(c);
                    if (!back.containsKey(c) && now.get(sim).opened() > before.get(sim).opened()
                            && now.get(sim).playing() == 1) {
                        back.put(c, (at - killedAt) / 1_000_000);
                    }
                }
                Thread.sleep(100); // sampling camsim's session counts
            }
            times.addAll(back.values());
            System.out.printf("kill %d: %s owned %d cameras, %d back, slowest after %d ms%n", k + 1, victim.id(),
                    its.size(), back.size(), back.values().stream().mapToLong(Long::longValue).max().orElse(-1));
            if (down != null) {
                down.awaitReady(Duration.ofSeconds(120));
            }
            down = victim;
        }
        Collections.sort(times);
        if (!times.isEmpty()) {
            System.out.printf("failover over %d kills (%d camera moves): p50 %d ms, p99 %d ms, max %d ms%n", kills,
                    times.size(), times.get(times.size() / 2), times.get(Math.min(times.size() - 1,
                            (int) Math.ceil(times.size() * 0.99) - 1)), times.get(times.size() - 1));
        }
    }

    private static void awaitLeases(RedisServer redis, Map<String, String> ids, List<String> live) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            List<String> keys = List.copyOf(ids.keySet());
            String[] cmd = new String[keys.size() + 1];
            cmd[0] = "MGET";
            for (int i = 0; i < keys.size(); i++) {
                cmd[i + 1] = ClusterKeys.lease(keys.get(i));
            }
            try (Resp r = redis.client()) {
                List<?> holders = (List<?>) r.call(cmd);
                boolean ok = true;
                for (int i = 0; i < keys.size() && ok; i++) {
                    ok = Rendezvous.owner(keys.get(i), live).equals(holders.get(i));
                }
                if (ok) {
                    return;
                }
            }
            Thread.sleep(200); // polling the leases
        }
        throw new IllegalStateException("leases did not settle on " + live);
    }

    private static void awaitAllPlaying(CamSimFleet camsim, int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (camsim.sessions().values().stream().filter(s -> s.playing() == 1).count() == n) {
                return;
            }
            Thread.sleep(200); // polling camsim
        }
        throw new IllegalStateException("not every camera is playing");
    }

    private static String login(NodeProcess node) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(node.url() + "/api/v1/auth/login"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"admin\",\"password\":\"" + PASSWORD + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(r.body()).path("token").asText();
    }

    private static String liveToken(NodeProcess node, String bearer, String camera) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(node.url() + "/api/v1/cameras/" + camera
                        + "/live")).header("Authorization", "Bearer " + bearer)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(r.body()).path("token").asText();
    }
}
