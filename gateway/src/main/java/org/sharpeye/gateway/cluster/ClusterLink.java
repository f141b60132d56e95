package org.sharpeye.gateway.cluster;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.redis.client.Redis;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.sharpeye.gateway.SharpEyeConfig;
import org.sharpeye.gateway.api.Sessions;
import org.sharpeye.gateway.events.EventBus;
import org.sharpeye.gateway.events.RedisEventBus;
import org.sharpeye.gateway.live.RegistryLiveSources;
import org.sharpeye.ingest.Ingest;
import org.sharpeye.registry.Camera;
import org.sharpeye.registry.CameraQuery;
import org.sharpeye.registry.Registry;
import org.sharpeye.registry.RegistryException;
import org.sharpeye.registry.SecretBox;
import org.sharpeye.registry.VersionConflictException;
import org.sharpeye.registry.ViewingPolicy;
import org.sharpeye.registry.health.HealthMonitor;
import org.sharpeye.registry.store.RedisStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's link to the cluster (store.kind redis), as {@code SharpEye} wires it: the registry in Redis, the event bus
 * over Redis pub/sub, the node's membership and camera ownership, and the routing of live requests to the owner.
 */
public final class ClusterLink implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClusterLink.class);
    private final Vertx vertx;
    private final SharpEyeConfig.Cluster config;
    private final Redis redis;
    private final RedisEventBus events;
    private final RelayMarker marker;
    private ClusterNode node;
    private OwnerRouting routing;
    private SessionReplication sessionReplication;

    private ClusterLink(Vertx vertx, SharpEyeConfig.Cluster config, Redis redis, RelayMarker marker) {
        this.vertx = vertx;
        this.marker = marker;
        this.config = config;
        this.redis = redis;
        this.events = RedisEventBus.start(vertx, redis, config.nodeId());
    }

    /**
     * Connects to the cluster's Redis (the client reconnects by itself if the server goes away later).
     * {@code liveTokenKey} (the same on every node) also signs the viewer's address on the requests relayed to owners.
     */
    public static ClusterLink connect(Vertx vertx, SharpEyeConfig.Cluster config, String liveTokenKey) {
        Redis redis = Redis.createClient(vertx, RedisEndpoint.options(config.redisUrl()));
        log.info("node {} joins the cluster over {} as {}", config.nodeId(), RedisEndpoint.redacted(config.redisUrl()),
                config.advertiseUrl());
        return new ClusterLink(vertx, config, redis,
                new RelayMarker(liveTokenKey.getBytes(StandardCharsets.UTF_8), Clock.systemUTC()));
    }

    /**
     * The registry in Redis. Every node must seal camera credentials with the same keyring, so it must come from
     * {@code SHARPEYE_SECRET_KEYS} (a key file created per node would differ).
     */
    public static Registry registry(SharpEyeConfig.Cluster config, Map<String, String> env) {
        String keys = env.get(SecretBox.ENVIRONMENT_VARIABLE);
        if (keys == null || keys.isBlank()) {
            throw new SharpEyeConfig.ConfigException(List.of(SecretBox.ENVIRONMENT_VARIABLE + ": the redis store (a "
                    + "cluster) needs the keyring shared by every node, or no node could read the camera credentials "
                    + "another one sealed (see docs/registry.md)"));
        }
        RedisStore store;
        try {
            // its own Vert.x: a blocking store call made on a gateway event loop must not wait for that same loop
            store = RedisStore.open(RedisEndpoint.options(config.redisUrl()));
        } catch (RegistryException e) {
            throw new SharpEyeConfig.ConfigException(List.of("store.redisUrl: " + e.getMessage()));
        }
        return Registry.open(store, SecretBox.parse(keys), ViewingPolicy.defaults());
    }

    /**
     * The first admin, as {@link Registry#ensureAdmin}; nodes starting together may race to create it, and the loser
     * of the race sees the winner's admin once its registry has followed the change.
     */
    public static Optional<String> ensureAdmin(Registry registry, String password) {
        for (int attempt = 1; ; attempt++) {
            try {
                return registry.ensureAdmin(password);
            } catch (VersionConflictException e) {
                if (attempt >= 10) {
                    throw e;
                }
                registry.reload();
            }
        }
    }

    /** Starts the node's membership and camera ownership; its cameras are pulled and judged from now on. */
    public void join(Registry registry, Ingest ingest, RegistryLiveSources sources, HealthMonitor health) {
        node = ClusterNode.start(vertx, redis, new ClusterNode.Settings(config.nodeId(), config.advertiseUrl(),
                        Duration.ofSeconds(config.heartbeatSeconds()), Duration.ofSeconds(config.leaseSeconds())),
                () -> registry.cameras(null, CameraQuery.all(Integer.MAX_VALUE)).items().stream()
                        .filter(Camera::enabled).map(Camera::id).toList(),
                new CameraDuty(registry, ingest, sources, health));
    }

    /** Login sessions valid on every node: kept in memory here, replicated through Redis. */
    public Sessions sessions(Registry registry) {
        Sessions s = new Sessions(registry, java.time.Clock.systemUTC());
        sessionReplication = SessionReplication.start(vertx, redis, s);
        return s;
    }

    /** The event bus every node's events travel on. */
    public EventBus eventBus() {
        return events;
    }

    /** The node's membership and ownership (after {@link #join}). */
    public ClusterNode node() {
        return node;
    }

    /** The items of {@code all} whose camera this node owns (what its prober and health checks look at). */
    public <T> List<T> mine(List<T> all, Function<T, String> cameraId) {
        return all.stream().filter(t -> node != null && node.owns(cameraId.apply(t))).toList();
    }

    /** Routes live requests for other nodes' cameras to their owners, ahead of the local live routes. */
    public void mountRouting(Router router) {
        routing = OwnerRouting.mount(router, vertx, node, marker);
    }

    /** Hands this node's cameras over, leaves the cluster and closes the Redis client. */
    @Override
    public void close() {
        if (node != null) {
            node.close();
        }
        if (routing != null) {
            routing.close();
        }
        if (sessionReplication != null) {
            sessionReplication.close();
        }
        events.close();
        redis.close();
    }
}
