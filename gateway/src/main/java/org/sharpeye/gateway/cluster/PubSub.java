package org.sharpeye.gateway.cluster;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A subscription to one Redis pub/sub channel that survives the server: when its connection ends (a Redis restart, a
 * Sentinel failover) it reconnects with capped exponential backoff (0.5 s to 10 s) and subscribes again. Messages
 * published while it was away are lost, as pub/sub promises nothing more; {@code onSubscribed} runs after each
 * (re)subscription, so that the owner can re-read what it may have missed.
 */
public final class PubSub implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PubSub.class);
    private static final long MIN_BACKOFF_MS = 500;
    private static final long MAX_BACKOFF_MS = 10_000;

    private final Vertx vertx;
    private final Redis redis;
    private final String channel;
    private final Consumer<String> onMessage;
    private final Runnable onSubscribed;
    private volatile RedisConnection connection;
    private volatile boolean closed;
    private long backoffMs = MIN_BACKOFF_MS;
    private boolean failedBefore;

    private PubSub(Vertx vertx, Redis redis, String channel, Consumer<String> onMessage, Runnable onSubscribed) {
        this.vertx = vertx;
        this.redis = redis;
        this.channel = channel;
        this.onMessage = onMessage;
        this.onSubscribed = onSubscribed;
    }

    /** Subscribes now and keeps subscribed until closed; {@code onMessage} runs on a Vert.x event loop. */
    public static PubSub subscribe(Vertx vertx, Redis redis, String channel, Consumer<String> onMessage,
                                   Runnable onSubscribed) {
        PubSub p = new PubSub(vertx, redis, channel, onMessage, onSubscribed);
        vertx.runOnContext(v -> p.connect());
        return p;
    }

    private void connect() {
        if (closed) {
            return;
        }
        redis.connect().compose(c -> {
            c.handler(m -> {
                if (m.size() == 3 && "message".equals(m.get(0).toString())) {
                    try {
                        onMessage.accept(m.get(2).toString());
                    } catch (RuntimeException e) {
                        log.warn("a message on {} could not be handled", channel, e);
                    }
                }
            });
            c.exceptionHandler(e -> lost(c, e.getMessage()));
            c.endHandler(v -> lost(c, "connection closed"));
            return c.send(Request.cmd(Command.SUBSCRIBE).arg(channel)).map(r -> c);
        }).onSuccess(c -> {
            connection = c;
            backoffMs = MIN_BACKOFF_MS;
            if (failedBefore) {
                log.info("subscribed to {} again", channel);
                failedBefore = false;
            }
            if (closed) {
                c.close();
                return;
            }
            onSubscribed.run();
        }).onFailure(e -> retry(e.getMessage()));
    }

    private void lost(RedisConnection c, String why) {
        if (connection == c) {
            connection = null;
            c.close();
            retry(why);
        }
    }

    private void retry(String why) {
        if (closed) {
            return;
        }
        if (!failedBefore) {
            log.warn("subscription to {} lost ({}); reconnecting", channel, why);
            failedBefore = true;
        }
        long delay = backoffMs;
        backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        vertx.setTimer(delay, id -> connect());
    }

    /** Whether the subscription is up now. */
    public boolean subscribed() {
        return connection != null;
    }

    @Override
    public void close() {
        closed = true;
        RedisConnection c = connection;
        connection = null;
        if (c != null) {
            c.close();
        }
    }
}
