package org.sharpeye.gateway.events;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.sharpeye.gateway.api.AuthHandler;
import org.sharpeye.registry.Registry;
import org.sharpeye.registry.User;
import org.sharpeye.registry.health.HealthEvent;
import org.sharpeye.registry.health.HealthMonitor;
import org.sharpeye.registry.wall.WallAccess;
import org.sharpeye.registry.wall.WallEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event stream of DESIGN.md: WebSocket {@code /events} and SSE {@code /events/stream}, each carrying the
 * {@link EventJson} of every event about a camera the user may see, or about a wall of a site the user may see
 * (checked per event, so a permission change applies at once). Browsers cannot set headers on WebSocket or EventSource, so the token comes as
 * {@code access_token} (RFC 6750 section 2.3), which {@link AuthHandler} accepts. A client that cannot keep up
 * loses events (counted) rather than holding memory: a WebSocket whose write queue is full is skipped.
 */
final class EventStreams {
    private static final Logger log = LoggerFactory.getLogger(EventStreams.class);
    /** SSE comment line every 15 s keeps proxies from closing an idle stream. */
    private static final long SSE_KEEPALIVE_MS = 15_000;
    private final EventBus bus;
    private final HealthMonitor monitor;
    private final Registry registry;
    private final AtomicLong dropped = new AtomicLong();

    EventStreams(EventBus bus, HealthMonitor monitor, Registry registry) {
        this.bus = bus;
        this.monitor = monitor;
        this.registry = registry;
    }

    void mount(Router router, String base) {
        router.get(base + "/events").handler(this::webSocket);
        router.get(base + "/events/stream").handler(this::sse);
    }

    /** Events dropped for clients that could not keep up. */
    long dropped() {
        return dropped.get();
    }

    private Predicate<HealthEvent> filterFor(User user) {
        // wall and tour events go to whoever may see the wall's site, health events to whoever may see the camera
        return e -> e.data() instanceof WallEvent ? WallAccess.canSee(user, e.siteId(), registry.sites())
                : monitor.canSee(user, e.cameraId());
    }

    private void webSocket(RoutingContext ctx) {
        User user = AuthHandler.user(ctx);
        Predicate<HealthEvent> visible = filterFor(user);
        ctx.request().toWebSocket().onSuccess(ws -> {
            Context context = Vertx.currentContext();
            EventBus.Subscription sub = bus.subscribe(e -> {
                if (visible.test(e)) {
                    String text = EventJson.write(e);
                    context.runOnContext(v -> send(ws, text));
                }
            });
            ws.closeHandler(v -> sub.close());
            ws.exceptionHandler(err -> sub.close());
            ws.textMessageHandler(msg -> {
                // the stream is one-way; client messages are ignored
            });
        }).onFailure(err -> log.debug("event WebSocket upgrade failed: {}", err.toString()));
    }

    private void send(ServerWebSocket ws, String text) {
        if (ws.isClosed()) {
            return;
        }
        if (ws.writeQueueFull()) {
            dropped.incrementAndGet();
            return;
        }
        ws.writeTextMessage(text);
    }

    private void sse(RoutingContext ctx) {
        User user = AuthHandler.user(ctx);
        Predicate<HealthEvent> visible = filterFor(user);
        HttpServerResponse r = ctx.response();
        r.setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-store")
                .putHeader("X-Accel-Buffering", "no");
        r.write(": sharpeye events\n\n");
        Context context = Vertx.currentContext();
        EventBus.Subscription sub = bus.subscribe(e -> {
            if (visible.test(e)) {
                // SSE framing (WHATWG HTML 9.2): the JSON holds no raw newlines, so one data line suffices
                String frame = "id: " + e.id() + "\nevent: " + e.type() + "\ndata: " + EventJson.write(e) + "\n\n";
                context.runOnContext(v -> {
                    if (r.ended() || r.closed()) {
                        return;
                    }
                    if (r.writeQueueFull()) {
                        dropped.incrementAndGet();
                        return;
                    }
                    r.write(frame);
                });
            }
        });
        long timer = ctx.vertx().setPeriodic(SSE_KEEPALIVE_MS, id -> {
            if (!r.ended() && !r.closed()) {
                r.write(": keepalive\n\n");
            }
        });
        r.closeHandler(v -> {
            sub.close();
            ctx.vertx().cancelTimer(timer);
        });
    }
}
