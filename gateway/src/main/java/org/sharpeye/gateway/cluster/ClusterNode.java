package org.sharpeye.gateway.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's part in the cluster: it announces itself with a heartbeat that expires, reads the live set, and owns
 * the cameras that rendezvous hashing gives it over the live nodes, each under a lease in Redis that it renews on
 * every heartbeat. A camera it takes is handed to the {@link Duty} (pull it, judge its health); one it must give up
 * (a node joined and wins it, it was deleted or disabled) is dropped first and its lease released after, so no camera
 * is ever pulled by two nodes that both believe they own it. A node that cannot reach Redis drops every camera
 * before its leases can expire, so that the survivors may take them; it re-announces itself and re-acquires by
 * itself when Redis is back. All of it runs on one thread of its own, which may block on Redis.
 */
public final class ClusterNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClusterNode.class);
    /** Lease keys per script call: bounded so that one call never holds Redis for long. */
    private static final int CHUNK = 1000;
    private static final long REDIS_TIMEOUT_MS = 5_000;
    /** How soon after a peer's heartbeat or lease runs out the node looks again (Redis expires keys on access). */
    private static final long EXPIRY_SLACK_MS = 25;
    /** How soon a round that failed is retried while the node still holds leases it could save. */
    private static final long RETRY_MS = 500;

    /** What a node does with the cameras it owns. Called on the cluster thread; must not block for long. */
    public interface Duty {
        /** This node owns {@code cameraIds} now: pull the always-on ones, judge their health. */
        void take(Set<String> cameraIds);

        /** This node no longer owns {@code cameraIds}: stop pulling them now. */
        void drop(Set<String> cameraIds);
    }

    /** The node that owns a camera, and where its gateway is. */
    public record Owner(String nodeId, String url) {
    }

    /** What the node needs: its id, its advertised URL, the heartbeat period and the lease. */
    public record Settings(String nodeId, String advertiseUrl, Duration heartbeat, Duration lease) {
    }

    private final Vertx vertx;
    private final Redis redis;
    private final Settings settings;
    private final Supplier<Collection<String>> cameras;
    private final Duty duty;
    private final ScheduledExecutorService thread;
    private final Set<String> owned = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean tickQueued = new AtomicBoolean();
    private volatile Map<String, String> live = Map.of();
    private volatile boolean closed;
    private PubSub membership;
    /** System.nanoTime() until which this node's leases are surely still its own (sent time + lease - heartbeat). */
    private long safeUntil;
    private boolean redisDown;
    /** Soonest time (ms from now) a peer's heartbeat or a wanted lease runs out, as seen by the current round. */
    private long nextExpiryMs;

    private ClusterNode(Vertx vertx, Redis redis, Settings settings, Supplier<Collection<String>> cameras, Duty duty) {
        this.vertx = vertx;
        this.redis = redis;
        this.settings = settings;
        this.cameras = cameras;
        this.duty = duty;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cluster");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Joins the cluster: the first heartbeat and lease round run before this returns (so the node starts with its
     * cameras if Redis answers), then one every heartbeat, and at once when another node joins or leaves.
     * {@code cameras} gives the ids of the enabled cameras of the registry.
     */
    public static ClusterNode start(Vertx vertx, Redis redis, Settings settings, Supplier<Collection<String>> cameras,
                                    Duty duty) {
        ClusterNode n = new ClusterNode(vertx, redis, settings, cameras, duty);
        n.refuseADuplicateId();
        try {
            n.thread.submit(n::tick).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("first cluster round did not complete: {}", e.toString());
        }
        long ms = settings.heartbeat().toMillis();
        n.thread.scheduleWithFixedDelay(n::tick, ms, ms, TimeUnit.MILLISECONDS);
        n.membership = PubSub.subscribe(vertx, redis, ClusterKeys.MEMBERSHIP, message -> {
            if (!message.endsWith(" " + settings.nodeId())) {
                n.tickSoon();
            }
        }, n::tickSoon);
        n.announce("joined");
        return n;
    }

    /**
     * Two live processes with one node id would share its leases and pull the same cameras: a node whose id is live
     * under another URL does not start. (The same URL is this node restarted before its heartbeat expired.)
     */
    private void refuseADuplicateId() {
        Response r;
        try {
            r = await(redis.send(Request.cmd(Command.EVAL).arg(ClusterScripts.HEARTBEAT).arg(2)
                    .arg(ClusterKeys.NODES).arg(ClusterKeys.NODES_EXPIRY).arg("").arg("").arg(0)));
        } catch (RuntimeException e) {
            return; // Redis not answering yet: the rounds will retry
        }
        for (int i = 0; i + 2 < r.size(); i += 3) {
            if (settings.nodeId().equals(r.get(i).toString())
                    && !settings.advertiseUrl().equals(r.get(i + 1).toString())) {
                thread.shutdownNow();
                throw new IllegalStateException("cluster.nodeId " + settings.nodeId() + " is in use by the live node at "
                        + r.get(i + 1) + "; every node needs its own id (or wait " + settings.lease().toSeconds()
                        + " s after that node stopped)");
            }
        }
    }

    /** This node's id. */
    public String nodeId() {
        return settings.nodeId();
    }

    /** Whether this node owns {@code cameraId} now. */
    public boolean owns(String cameraId) {
        return owned.contains(cameraId);
    }

    /** The cameras this node owns now. */
    public Set<String> owned() {
        return Set.copyOf(owned);
    }

    /** The live nodes as of the last heartbeat: id -> advertised URL. */
    public Map<String, String> liveNodes() {
        return live;
    }

    /** Who owns {@code cameraId} now (empty: nobody, e.g. while a dead owner's lease runs out). Never blocks. */
    public Future<Optional<Owner>> owner(String cameraId) {
        if (owned.contains(cameraId)) {
            return Future.succeededFuture(Optional.of(new Owner(settings.nodeId(), settings.advertiseUrl())));
        }
        return redis.send(Request.cmd(Command.EVAL).arg(ClusterScripts.OWNER).arg(2).arg(ClusterKeys.lease(cameraId))
                        .arg(ClusterKeys.NODES))
                .map(r -> r == null || r.size() < 2 || r.get(1).toString().isEmpty() ? Optional.empty()
                        : Optional.of(new Owner(r.get(0).toString(), r.get(1).toString())));
    }

    private void tickSoon() {
        if (!closed && tickQueued.compareAndSet(false, true)) {
            thread.execute(this::tick);
        }
    }

    /** One round: heartbeat, live set, then give up what is no longer ours and take or renew what is. */
    private void tick() {
        tickQueued.set(false);
        if (closed) {
            return;
        }
        long sent = System.nanoTime();
        nextExpiryMs = Long.MAX_VALUE;
        try {
            Map<String, String> nodes = heartbeat();
            live = nodes;
            Set<String> desired = new HashSet<>();
            for (String camera : cameras.get()) {
                if (settings.nodeId().equals(Rendezvous.owner(camera, nodes.keySet()))) {
                    desired.add(camera);
                }
            }
            List<String> giveUp = new ArrayList<>();
            for (String camera : owned) {
                if (!desired.contains(camera)) {
                    giveUp.add(camera);
                }
            }
            if (!giveUp.isEmpty()) {
                dropQuietly(giveUp);
                release(giveUp);
                announce("released");
                log.info("handed over {} camera(s) to other nodes", giveUp.size());
            }
            Set<String> held = acquire(desired);
            Set<String> taken = new HashSet<>();
            for (String camera : held) {
                if (owned.add(camera)) {
                    taken.add(camera);
                }
            }
            List<String> lost = new ArrayList<>();
            for (String camera : owned) {
                if (!held.contains(camera)) { // lost the lease (expired while Redis was away, taken since)
                    lost.add(camera);
                }
            }
            dropQuietly(lost);
            if (!taken.isEmpty()) {
                takeQuietly(taken);
                log.info("took {} camera(s); owning {} with {} live node(s)", taken.size(), owned.size(),
                        nodes.size());
            }
            safeUntil = sent + settings.lease().toNanos() - settings.heartbeat().toNanos();
            if (redisDown) {
                log.info("Redis answers again; {} live node(s), owning {} camera(s)", nodes.size(), owned.size());
                redisDown = false;
            }
            lookAgainAtExpiry(sent);
        } catch (RuntimeException e) {
            if (!redisDown) {
                log.warn("cluster round failed ({}); retrying every {} s", e.getMessage(),
                        settings.heartbeat().toSeconds());
                redisDown = true;
            }
            if (!owned.isEmpty() && System.nanoTime() - safeUntil > 0) {
                log.warn("leases not renewed in time: dropping {} camera(s) so that other nodes may take them",
                        owned.size());
                dropQuietly(List.copyOf(owned));
            } else if (!owned.isEmpty() && !closed) {
                // a short Redis hiccup must not cost the cameras: renew again soon, not a heartbeat later
                thread.schedule(this::tickSoon, RETRY_MS, TimeUnit.MILLISECONDS);
            }
        }
    }

    /**
     * A peer that died stops beating and renewing: its heartbeat and its leases run out at a known time, so the
     * next round is run then (plus a little), not up to a heartbeat later. While every peer beats on time its
     * heartbeat outlives the next regular round and nothing extra is scheduled.
     */
    private void lookAgainAtExpiry(long roundStarted) {
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - roundStarted);
        long inMs = nextExpiryMs - elapsedMs + EXPIRY_SLACK_MS;
        if (nextExpiryMs != Long.MAX_VALUE && inMs < settings.heartbeat().toMillis() && !closed) {
            thread.schedule(this::tickSoon, Math.max(EXPIRY_SLACK_MS, inMs), TimeUnit.MILLISECONDS);
        }
    }

    private Map<String, String> heartbeat() {
        Response r = await(redis.send(Request.cmd(Command.EVAL).arg(ClusterScripts.HEARTBEAT).arg(2)
                .arg(ClusterKeys.NODES).arg(ClusterKeys.NODES_EXPIRY).arg(settings.nodeId())
                .arg(settings.advertiseUrl()).arg(settings.lease().toMillis())));
        Map<String, String> nodes = new TreeMap<>();
        for (int i = 0; i + 2 < r.size(); i += 3) {
            String id = r.get(i).toString();
            nodes.put(id, r.get(i + 1).toString());
            if (!settings.nodeId().equals(id)) {
                nextExpiryMs = Math.min(nextExpiryMs, Math.max(0, r.get(i + 2).toLong()));
            }
        }
        return Map.copyOf(nodes);
    }

    private Set<String> acquire(Collection<String> desired) {
        List<String> all = List.copyOf(desired);
        Set<String> held = new HashSet<>();
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            Request q = Request.cmd(Command.EVAL).arg(ClusterScripts.ACQUIRE).arg(chunk.size());
            chunk.forEach(c -> q.arg(ClusterKeys.lease(c)));
            q.arg(settings.nodeId()).arg(settings.lease().toMillis());
            Response r = await(redis.send(q));
            for (int i = 0; i < chunk.size(); i++) {
                if (settings.nodeId().equals(r.get(2 * i).toString())) {
                    held.add(chunk.get(i));
                } else {
                    // rendezvous names this node but another still holds the lease (a dead owner's, running out)
                    nextExpiryMs = Math.min(nextExpiryMs, Math.max(0, r.get(2 * i + 1).toLong()));
                }
            }
        }
        return held;
    }

    private void release(List<String> cameraIds) {
        for (int from = 0; from < cameraIds.size(); from += CHUNK) {
            List<String> chunk = cameraIds.subList(from, Math.min(cameraIds.size(), from + CHUNK));
            Request q = Request.cmd(Command.EVAL).arg(ClusterScripts.RELEASE).arg(chunk.size());
            chunk.forEach(c -> q.arg(ClusterKeys.lease(c)));
            q.arg(settings.nodeId());
            await(redis.send(q));
        }
    }

    private void takeQuietly(Set<String> cameras) {
        try {
            duty.take(cameras);
        } catch (RuntimeException e) {
            log.warn("taking {} camera(s) failed", cameras.size(), e);
        }
    }

    private void dropQuietly(Collection<String> cameras) {
        if (cameras.isEmpty()) {
            return;
        }
        owned.removeAll(cameras);
        try {
            duty.drop(Set.copyOf(cameras));
        } catch (RuntimeException e) {
            log.warn("dropping {} camera(s) failed", cameras.size(), e);
        }
    }

    private void announce(String what) {
        redis.send(Request.cmd(Command.PUBLISH).arg(ClusterKeys.MEMBERSHIP).arg(what + " " + settings.nodeId()))
                .onFailure(e -> log.debug("could not announce {}: {}", what, e.getMessage()));
    }

    private static Response await(Future<Response> f) {
        try {
            return f.await(REDIS_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
        }
    }

    /**
     * Leaves the cluster in order: stops pulling every camera, releases their leases, leaves the live set and tells
     * the other nodes, who take the cameras over at once rather than when the leases would have expired.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (membership != null) {
            membership.close();
        }
        try {
            thread.submit(() -> {
                List<String> mine = List.copyOf(owned);
                dropQuietly(mine);
                try {
                    release(mine);
                    await(redis.send(Request.cmd(Command.EVAL).arg(ClusterScripts.LEAVE).arg(2)
                            .arg(ClusterKeys.NODES).arg(ClusterKeys.NODES_EXPIRY).arg(settings.nodeId())));
                    await(redis.send(Request.cmd(Command.PUBLISH).arg(ClusterKeys.MEMBERSHIP)
                            .arg("left " + settings.nodeId())));
                    log.info("left the cluster; handed over {} camera(s)", mine.size());
                } catch (RuntimeException e) {
                    log.warn("could not release leases on leaving ({}); they expire in {} s", e.getMessage(),
                            settings.lease().toSeconds());
                }
            }).get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("leaving the cluster did not complete: {}", e.toString());
        }
        thread.shutdownNow();
    }
}
