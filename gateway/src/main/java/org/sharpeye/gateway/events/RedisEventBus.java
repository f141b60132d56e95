package org.sharpeye.gateway.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Instant;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.sharpeye.gateway.cluster.ClusterKeys;
import org.sharpeye.gateway.cluster.PubSub;
import org.sharpeye.registry.RegistryJson;
import org.sharpeye.registry.health.Alert;
import org.sharpeye.registry.health.CameraHealth;
import org.sharpeye.registry.health.HealthEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's {@link EventBus}: an event is delivered to this node's subscribers at once and published on the Redis
 * channel {@code {sharpeye}:events}, from which every other node delivers it to its own subscribers (each node skips
 * its own messages, so nothing is delivered twice). Every node's WebSocket and SSE clients thus see the events of
 * the cameras every node judges. While Redis is away, events still reach this node's clients; other nodes miss them
 * (pub/sub keeps nothing), and the subscription comes back by itself.
 */
public final class RedisEventBus implements EventBus, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisEventBus.class);
    private final Redis redis;
    private final String nodeId;
    private final CopyOnWriteArrayList<Consumer<HealthEvent>> subscribers = new CopyOnWriteArrayList<>();
    private final PubSub subscription;

    private RedisEventBus(Vertx vertx, Redis redis, String nodeId) {
        this.redis = redis;
        this.nodeId = nodeId;
        this.subscription = PubSub.subscribe(vertx, redis, ClusterKeys.EVENTS, this::received, () -> { });
    }

    /** A bus over {@code redis} for the node {@code nodeId}. */
    public static RedisEventBus start(Vertx vertx, Redis redis, String nodeId) {
        return new RedisEventBus(vertx, redis, nodeId);
    }

    @Override
    public void publish(HealthEvent event) {
        deliver(event);
        redis.send(Request.cmd(Command.PUBLISH).arg(ClusterKeys.EVENTS).arg(encode(nodeId, event)))
                .onFailure(e -> log.debug("event {} not published to other nodes: {}", event.id(), e.getMessage()));
    }

    @Override
    public Subscription subscribe(Consumer<HealthEvent> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    private void received(String message) {
        JsonNode n = RegistryJson.read(message, JsonNode.class);
        if (nodeId.equals(n.path("node").asText())) {
            return;
        }
        deliver(decode(n));
    }

    private void deliver(HealthEvent event) {
        for (Consumer<HealthEvent> s : subscribers) {
            try {
                s.accept(event);
            } catch (RuntimeException e) {
                log.warn("an event subscriber failed on {}", event.type(), e);
            }
        }
    }

    /** The message of {@code event} from {@code node}: the event's fields and its data as the store keeps it. */
    static String encode(String node, HealthEvent e) {
        ObjectNode n = RegistryJson.mapper().createObjectNode();
        n.put("node", node);
        n.put("id", e.id());
        n.put("type", e.type());
        n.put("at", e.at().toString());
        n.put("cameraId", e.cameraId());
        n.put("siteId", e.siteId());
        n.set("data", RegistryJson.mapper().valueToTree(e.data()));
        return n.toString();
    }

    static HealthEvent decode(JsonNode n) {
        String type = n.path("type").asText();
        Class<?> dataType = HealthEvent.CAMERA_STATUS.equals(type) ? CameraHealth.class : Alert.class;
        Object data = RegistryJson.read(n.path("data").toString(), dataType);
        return new HealthEvent(n.path("id").asText(), type, Instant.parse(n.path("at").asText()),
                n.path("cameraId").asText(null), n.path("siteId").asText(null), data);
    }

    @Override
    public void close() {
        subscription.close();
    }
}
