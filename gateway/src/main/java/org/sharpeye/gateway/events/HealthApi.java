package org.sharpeye.gateway.events;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.List;
import org.sharpeye.registry.Registry;
import org.sharpeye.registry.health.HealthMonitor;

/**
 * The gateway side of health: the REST routes ({@code /cameras/{id}/status}, {@code /alerts...},
 * {@code /maintenance-windows}, {@code /webhooks}, {@code /stats/online-rate}), the event stream (WebSocket
 * {@code /events}, SSE {@code /events/stream}) and webhook delivery, all fed by one {@link EventBus}. Mount it after
 * {@code RegistryApi.mount(router)}, whose AuthHandler then guards these routes too.
 */
public final class HealthApi implements AutoCloseable {
    private final EventBus bus;
    private final HealthRoutes routes;
    private final EventStreams streams;
    private final WebhookDispatcher webhooks;
    private final List<EventBus.Subscription> subscriptions;

    private HealthApi(Vertx vertx, Registry registry, HealthMonitor monitor, EventBus bus, WebhookOptions options,
            Clock clock) {
        this.bus = bus;
        this.routes = new HealthRoutes(registry, monitor, clock);
        this.streams = new EventStreams(bus, monitor, registry);
        this.webhooks = new WebhookDispatcher(vertx, registry, monitor, options);
        // Webhooks take the events of this node's monitor, not the bus: in a cluster the bus carries every node's
        // events to every node, and each alert must be delivered once (by the node whose monitor raised it).
        monitor.onEvent(webhooks::offer);
        this.subscriptions = List.of();
    }

    /**
     * The API over {@code monitor}; the monitor's events go onto {@code bus} (give {@link EventBus#inProcess()} on a
     * single node), and webhooks and streams take them from there.
     */
    public static HealthApi create(Vertx vertx, Registry registry, HealthMonitor monitor, EventBus bus,
            WebhookOptions options) {
        HealthApi api = new HealthApi(vertx, registry, monitor, bus, options, Clock.systemUTC());
        monitor.onEvent(bus::publish);
        return api;
    }

    /** Adds the routes under {@code base} (normally {@code /api/v1}). */
    public void mount(Router router, String base) {
        BodyHandler body = BodyHandler.create().setBodyLimit(64 * 1024).setHandleFileUploads(false);
        routes.mount(router, base, body);
        streams.mount(router, base);
    }

    /** The bus the events travel on. */
    public EventBus bus() {
        return bus;
    }

    /** Webhook events given up so far (webhook id, event id, attempts, last error), oldest first. */
    public List<String> webhookFailures() {
        return webhooks.failures().stream()
                .map(f -> f.webhookId() + " " + f.eventId() + " " + f.attempts() + " " + f.lastError()).toList();
    }

    /** Events dropped for stream clients that could not keep up. */
    public long droppedStreamEvents() {
        return streams.dropped();
    }

    @Override
    public void close() {
        subscriptions.forEach(EventBus.Subscription::close);
        webhooks.close();
    }
}
