package org.sharpeye.gateway.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.sharpeye.gateway.api.Session;
import org.sharpeye.gateway.api.Sessions;
import org.sharpeye.registry.RegistryJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Login sessions shared by every node: each login and logout is written to the Redis hash {@code {sharpeye}:sessions}
 * (under the SHA-256 of the token, never the token) and announced on the channel of the same name, from which every
 * node updates its in-memory copy; each node re-reads the whole hash when it (re)subscribes, and sends the latest use
 * of its sessions every {@link #USE_FLUSH}, so that the idle timeout counts use on any node. A login is thus valid on
 * every node within a pub/sub delivery (milliseconds), and requests never wait for Redis.
 */
public final class SessionReplication implements Sessions.Replication, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SessionReplication.class);
    /** How often the latest use of this node's sessions is shared. */
    static final Duration USE_FLUSH = Duration.ofSeconds(60);

    private final Vertx vertx;
    private final Redis redis;
    private final Sessions sessions;
    private final PubSub subscription;
    private final long timer;

    private SessionReplication(Vertx vertx, Redis redis, Sessions sessions) {
        this.vertx = vertx;
        this.redis = redis;
        this.sessions = sessions;
        this.subscription = PubSub.subscribe(vertx, redis, ClusterKeys.SESSIONS, this::received, this::loadAll);
        this.timer = vertx.setPeriodic(USE_FLUSH.toMillis(), id -> sessions.drainUses().forEach(this::saved));
    }

    /** Replicates {@code sessions} through {@code redis} from now on. */
    public static SessionReplication start(Vertx vertx, Redis redis, Sessions sessions) {
        SessionReplication r = new SessionReplication(vertx, redis, sessions);
        sessions.replicateTo(r);
        return r;
    }

    @Override
    public void saved(String key, Session s) {
        String json = encode(s);
        redis.send(Request.cmd(Command.HSET).arg(ClusterKeys.SESSIONS).arg(key).arg(json))
                .compose(r -> redis.send(Request.cmd(Command.PUBLISH).arg(ClusterKeys.SESSIONS)
                        .arg("+" + key + " " + json)))
                .onFailure(e -> log.warn("a session could not be shared with the other nodes: {}", e.getMessage()));
    }

    @Override
    public void revoked(String key) {
        redis.send(Request.cmd(Command.HDEL).arg(ClusterKeys.SESSIONS).arg(key))
                .compose(r -> redis.send(Request.cmd(Command.PUBLISH).arg(ClusterKeys.SESSIONS).arg("-" + key)))
                .onFailure(e -> log.warn("a logout could not be shared with the other nodes: {}", e.getMessage()));
    }

    private void received(String message) {
        if (message.startsWith("-")) {
            sessions.replicatedRevocation(message.substring(1));
        } else if (message.startsWith("+")) {
            int space = message.indexOf(' ');
            if (space > 1) {
                sessions.replicated(message.substring(1, space), decode(message.substring(space + 1)));
            }
        }
    }

    /** Reads every shared session (on each subscription: what was announced while away is there), drops ended ones. */
    private void loadAll() {
        redis.send(Request.cmd(Command.HGETALL).arg(ClusterKeys.SESSIONS)).onSuccess(r -> {
            Instant now = Instant.now();
            Map<String, String> all = new java.util.HashMap<>();
            if (r.getKeys() != null && !r.getKeys().isEmpty()) { // RESP3: a map
                r.getKeys().forEach(k -> all.put(k, r.get(k).toString()));
            } else { // RESP2: key, value, key, value...
                for (int i = 0; i + 1 < r.size(); i += 2) {
                    all.put(r.get(i).toString(), r.get(i + 1).toString());
                }
            }
            for (Map.Entry<String, String> e : all.entrySet()) {
                String key = e.getKey();
                Session s = decode(e.getValue());
                if (Sessions.expired(s, now)) {
                    redis.send(Request.cmd(Command.HDEL).arg(ClusterKeys.SESSIONS).arg(key));
                } else {
                    sessions.replicated(key, s);
                }
            }
        }).onFailure(e -> log.warn("shared sessions could not be read: {}", e.getMessage()));
    }

    private static String encode(Session s) {
        ObjectNode n = RegistryJson.mapper().createObjectNode();
        n.put("username", s.username());
        n.put("issued", s.issued().toString());
        n.put("lastUsed", s.lastUsed().toString());
        return n.toString();
    }

    private static Session decode(String json) {
        JsonNode n = RegistryJson.read(json, JsonNode.class);
        return new Session(n.path("username").asText(), Instant.parse(n.path("issued").asText()),
                Instant.parse(n.path("lastUsed").asText()));
    }

    @Override
    public void close() {
        vertx.cancelTimer(timer);
        subscription.close();
    }
}
