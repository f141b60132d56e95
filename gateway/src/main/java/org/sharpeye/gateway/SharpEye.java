package org.sharpeye.gateway;

import io.vertx.core.Vertx;
import org.sharpeye.camsim.CamSim;
import org.sharpeye.gateway.api.RegistryApi;
import org.sharpeye.gateway.cluster.ClusterLink;
import org.sharpeye.gateway.events.EventBus;
import org.sharpeye.gateway.events.HealthApi;
import org.sharpeye.gateway.events.IngestHealthFeed;
import org.sharpeye.gateway.events.WebhookOptions;
import org.sharpeye.gateway.live.LiveAccess;
import org.sharpeye.gateway.metrics.HealthFeeds;
import org.sharpeye.gateway.metrics.MetricsRoute;
import org.sharpeye.gateway.metrics.SharpEyeMetrics;
import org.sharpeye.gateway.metrics.SnapshotRoute;
import org.sharpeye.ingest.picture.PictureCheckOptions;
import org.sharpeye.ingest.picture.PictureChecker;
import org.sharpeye.ingest.probe.ProbeTarget;
import org.sharpeye.ingest.probe.Prober;
import org.sharpeye.ingest.probe.ProberOptions;
import org.sharpeye.gateway.live.LiveApi;
import org.sharpeye.gateway.live.LiveTokens;
import org.sharpeye.gateway.live.RegistryLiveSources;
import org.sharpeye.gateway.wall.IngestWarmer;
import org.sharpeye.gateway.wall.WallApi;
import org.sharpeye.gateway.live.ViewAudit;
import org.sharpeye.ingest.Ingest;
import org.sharpeye.ingest.IngestOptions;
import org.sharpeye.media.Codec;
import org.sharpeye.registry.Camera;
import org.sharpeye.registry.CameraQuery;
import org.sharpeye.registry.CameraTier;
import org.sharpeye.registry.Registry;
import org.sharpeye.registry.health.HealthMonitor;
import org.sharpeye.registry.health.HealthOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The process entry point: {@code demo}, {@code run --config FILE} and {@code camsim ...}. */
public final class SharpEye implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SharpEye.class);

    /** How long the live URLs the demo prints stay usable. */
    private static final Duration DEMO_URL_VALIDITY = Duration.ofHours(12);

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final LiveTokens liveTokens;
    private Gateway gateway;
    private int camsimControlPort = -1;
    private Vertx vertx;
    /** Cluster mode only: the node's Redis client and its membership; closed first, so it hands its cameras over. */
    private ClusterLink cluster;

    private SharpEye(String liveTokenKey) {
        this.liveTokens = liveTokenKey == null ? LiveTokens.random()
                : new LiveTokens(liveTokenKey.getBytes(StandardCharsets.UTF_8), Clock.systemUTC(),
                        LiveTokens.DEFAULT_TTL);
    }

    public static void main(String[] args) throws Exception {
        org.sharpeye.media.BufferChecks.offForProduction();
        String command = args.length == 0 ? "help" : args[0];
        String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        // FFmpeg (camsim's encoder, the transcoder) logs every encoder open and close on stderr; errors are enough.
        if (command.equals("demo") || command.equals("run")) {
            org.bytedeco.ffmpeg.global.avutil.av_log_set_level(org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR);
        }
        try {
            switch (command) {
                case "demo" -> runUntilStopped(SharpEye.demo(System.getenv()));
                case "run" -> runUntilStopped(SharpEye.node(configPath(rest), System.getenv()));
                case "camsim" -> org.sharpeye.camsim.CamSimMain.main(rest);
                default -> {
                    System.err.println("usage: sharpeye demo | run --config FILE | camsim [camsim options]");
                    System.exit(command.equals("help") ? 0 : 2);
                }
            }
        } catch (SharpEyeConfig.ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        } catch (RuntimeException e) {
            // a node that cannot start must exit, whatever threads its parts left behind
            log.error("SharpEye could not start", e);
            System.exit(1);
        }
    }

    /**
     * A node for real: the embedded registry in the data directory (one node), or the registry in Redis and this
     * node's part of the cluster (store.kind redis); then ingest and the gateway.
     */
    static SharpEye node(Path configFile, Map<String, String> env) {
        SharpEyeConfig config = SharpEyeConfig.load(configFile, env);
        SharpEye node = new SharpEye(config.liveTokenKey());
        try {
            Registry registry;
            if (config.clustered()) {
                node.cluster = ClusterLink.connect(node.vertx(), config.cluster(), config.liveTokenKey());
                registry = node.keep(ClusterLink.registry(config.cluster(), env));
            } else {
                registry = node.keep(Registry.embedded(config.dataDir()));
            }
            ClusterLink.ensureAdmin(registry, env.get("SHARPEYE_ADMIN_PASSWORD"))
                    .ifPresent(p -> System.out.println("First start: user 'admin' was created with password " + p
                            + "\nIt is shown only this once; change it after logging in."));
            node.startGateway(config, registry);
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        return node;
    }

    /** The demo: a simulated county served by an in-process camsim fleet, the registry in a temporary directory. */
    public static SharpEye demo(Map<String, String> env) {
        Map<String, String> demoEnv = new HashMap<>(env);
        demoEnv.putIfAbsent("SHARPEYE_HTTP_HOST", "127.0.0.1");
        SharpEye node = new SharpEye(null);
        Path dataDir = demoEnv.containsKey("SHARPEYE_DATA_DIR") ? Path.of(demoEnv.get("SHARPEYE_DATA_DIR"))
                : node.temporaryDirectory();
        demoEnv.put("SHARPEYE_DATA_DIR", dataDir.toString());
        SharpEyeConfig config = SharpEyeConfig.load(null, demoEnv);
        Registry registry = node.keep(Registry.embedded(config.dataDir()));
        String adminPassword = registry.ensureAdmin(env.get("SHARPEYE_ADMIN_PASSWORD"))
                .orElse("(from SHARPEYE_ADMIN_PASSWORD)");
        CamSim camsim = node.keep(Demo.start(registry));
        node.camsimControlPort = camsim.controlPort();
        node.startGateway(config, registry);
        System.out.println(banner(node.gateway.port(), config.httpHost(), adminPassword, registry, camsim,
                node.liveTokens));
        return node;
    }

    private void startGateway(SharpEyeConfig config, Registry registry) {
        // Closed in reverse: the health monitor writes its ledger before the registry closes the store.
        HealthMonitor health = keep(HealthMonitor.start(registry, registry.store(), HealthOptions.defaults(),
                Clock.systemUTC()));
        // Vert.x before ingest, so it closes after: ingest runs on its event loops (NodeVertx).
        Vertx vertx = vertx();
        Ingest ingest = keep(Ingest.create(IngestOptions.defaults()
                .withIdleTimeout(Duration.ofSeconds(config.idleTimeoutSeconds())), NodeVertx.loops(vertx)));
        IngestHealthFeed feed = IngestHealthFeed.start(health, ingest);
        resources.add(feed::close);
        ingest.onObservation(feed);
        // Cluster mode: this node's cameras are the ones it owns; it pulls the always-on ones and judges their health.
        if (cluster != null) {
            cluster.join(registry, ingest, new RegistryLiveSources(registry), health);
        }
        RegistryApi api = cluster == null ? RegistryApi.create(vertx, registry)
                : RegistryApi.create(vertx, registry, cluster.sessions(registry), Clock.systemUTC());
        HealthApi healthApi = HealthApi.create(vertx, registry, health,
                cluster != null ? cluster.eventBus() : EventBus.inProcess(), WebhookOptions.defaults());
        resources.add(healthApi::close);
        LiveAccess access = new LiveAccess(liveTokens, view -> vertx.executeBlocking(() -> {
            registry.recordLiveView(view.username(), view.cameraId(), view.clientAddress(), ViewAudit.details(view));
            return null;
        }, false).onFailure(e -> log.warn("could not record a live view of {}", view.cameraId(), e)), Clock.systemUTC());
        // Audit retention (default 180 days): pruned at start and daily, off the event loop.
        Runnable prune = () -> vertx.executeBlocking(registry::pruneAudit, false)
                .onSuccess(n -> log.info("audit retention: pruned {} entries", n))
                .onFailure(e -> log.warn("audit pruning failed", e));
        prune.run();
        vertx.setPeriodic(Duration.ofDays(1).toMillis(), id -> prune.run());
        // Idle cameras are probed (OPTIONS + DESCRIBE), playing ones have their pictures checked; both feed the
        // health monitor and /metrics.
        NodeHealth node = new NodeHealth(registry, health, ingest);
        SharpEyeMetrics metrics = new SharpEyeMetrics(node.metrics(access));
        Prober prober = Prober.start(1, ProberOptions.DEFAULT, cluster == null ? node::probeTargets
                        : () -> cluster.mine(node.probeTargets(), ProbeTarget::cameraId), node::watched,
                HealthFeeds.probes(health).andThen(metrics::observe));
        resources.add(prober::close);
        PictureChecker pictures = new PictureChecker(PictureCheckOptions.DEFAULT, node::pictureTargets,
                HealthFeeds.pictures(health).andThen(metrics::observe)).start();
        resources.add(pictures::close);
        // Walls and tours: events on the health bus (alarm linkage listens there), tours warm cameras through ingest.
        WallApi walls = WallApi.create(vertx, registry, healthApi.bus(),
                new IngestWarmer(ingest, new RegistryLiveSources(registry)));
        resources.add(walls::close);
        gateway = Gateway.create(vertx, ingest, new RegistryLiveSources(registry), access, router -> {
            if (cluster != null) {
                cluster.mountRouting(router);
            }
            MetricsRoute.mount(router, metrics);
            api.mount(router);
            healthApi.mount(router, RegistryApi.BASE);
            LiveApi.mount(router, RegistryApi.BASE, registry, access);
            SnapshotRoute.mount(router, RegistryApi.BASE, registry, pictures::snapshot);
            walls.mount(router, RegistryApi.BASE);
        });
        try {
            gateway.listen(config.httpHost(), config.httpPort()).await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            close();
            throw new IllegalStateException("cannot listen on " + config.httpHost() + ":" + config.httpPort()
                    + ": " + e.getMessage(), e);
        }
        resources.add(() -> gateway.close().await(10, TimeUnit.SECONDS));
    }

    private static String banner(int port, String host, String adminPassword, Registry registry, CamSim camsim,
                                 LiveTokens tokens) {
        List<Camera> cameras = registry.cameras(null, CameraQuery.all(Integer.MAX_VALUE)).items();
        Optional<Camera> classI = cameras.stream()
                .filter(c -> c.tier() == CameraTier.CLASS_I && Demo.codecOf(c) == Codec.H264).findFirst();
        Optional<Camera> classIII = cameras.stream().filter(c -> c.tier() == CameraTier.CLASS_III).findFirst();
        Optional<Camera> h265 = cameras.stream().filter(c -> Demo.codecOf(c) == Codec.H265).findFirst();
        String base = "http://" + host + ":" + port;
        StringBuilder b = new StringBuilder();
        b.append("\nSharpEye demo is running: a simulated county of ").append(cameras.size())
                .append(" cameras (").append(cameras.stream().filter(c -> c.tier() == CameraTier.CLASS_I).count())
                .append(" class I, ").append(cameras.stream().filter(c -> c.tier() == CameraTier.CLASS_III).count())
                .append(" class III), pulled on demand.\n");
        b.append("  Console:   ").append(base).append("/\n");
        b.append("  Login:     admin / ").append(adminPassword)
                .append("   (generated for this run; SHARPEYE_ADMIN_PASSWORD sets it)\n");
        b.append("  Live URLs need a token (POST /api/v1/cameras/{id}/live); these carry one for admin, valid ")
                .append(DEMO_URL_VALIDITY.toHours()).append(" h:\n");
        classI.ifPresent(c -> b.append("  Class I:   ffprobe '").append(liveUrl(base, c, tokens)).append("'   # ")
                .append(c.name()).append('\n'));
        classIII.ifPresent(c -> b.append("  Class III: ffplay '").append(liveUrl(base, c, tokens))
                .append("&profile=sub'   # ").append(c.name()).append('\n'));
        h265.ifPresent(c -> b.append("  H.265:     '").append(liveUrl(base, c, tokens))
                .append("'  (enhanced FLV: ffmpeg 6.1+; add &codec=h264 for an H.264 transcode)\n"));
        b.append("  camsim control API (faults): http://127.0.0.1:").append(camsim.controlPort()).append("/cameras\n");
        b.append("Press Ctrl-C to stop.");
        return b.toString();
    }

    private static String liveUrl(String base, Camera camera, LiveTokens tokens) {
        return base + "/live/" + camera.id() + ".flv?token=" + tokens.issue(camera.id(), "admin", DEMO_URL_VALIDITY);
    }

    private static Path configPath(String[] args) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--config")) {
                return Path.of(args[i + 1]);
            }
        }
        throw new SharpEyeConfig.ConfigException(List.of("run needs --config FILE (see deploy/sharpeye.yaml)"));
    }

    private static void runUntilStopped(SharpEye node) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "sharpeye-shutdown"));
        stopped.await();
    }

    private Vertx vertx() {
        if (vertx == null) {
            Vertx v = NodeVertx.create();
            resources.add(() -> v.close().await(10, TimeUnit.SECONDS));
            vertx = v;
        }
        return vertx;
    }

    private <T extends AutoCloseable> T keep(T resource) {
        resources.add(resource);
        return resource;
    }

    private Path temporaryDirectory() {
        try {
            Path dir = Files.createTempDirectory("sharpeye-demo-");
            resources.add(() -> deleteTree(dir));
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a temporary directory", e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The gateway's port (for tests). */
    public int port() {
        return gateway.port();
    }

    /** The demo's camsim control API port on 127.0.0.1 (for tests that inject faults), -1 outside the demo. */
    public int camsimControlPort() {
        return camsimControlPort;
    }

    /** Stops everything in reverse order of starting. */
    @Override
    public synchronized void close() {
        if (cluster != null) {
            cluster.close(); // first: stop pulling, release the leases, so the other nodes take over at once
            cluster = null;
        }
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                log.warn("stopping {} failed", resources.get(i), e);
            }
        }
        resources.clear();
    }
}
