package org.sharpeye.gateway.wall;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.sharpeye.gateway.api.RegistryApi;
import org.sharpeye.gateway.events.EventBus;
import org.sharpeye.registry.Registry;
import org.sharpeye.registry.health.HealthEvent;
import org.sharpeye.registry.wall.WallBook;
import org.sharpeye.registry.wall.WallEvent;

/**
 * Video walls and tours (WALLS-API.md): the {@code /walls} and {@code /tours} routes, the tour runner and alarm
 * linkage. Wall events travel on the same {@link EventBus} as health events (a {@link WallEvent} as the envelope's
 * data), so the event streams deliver them to every user who may see the wall's site. Mount it after
 * {@code RegistryApi.mount(router)}, whose AuthHandler then guards these routes.
 */
public final class WallApi implements AutoCloseable {
    private final WallBook book;
    private final TourRunner runner;
    private final AlarmLinkage alarms;

    private WallApi(Vertx vertx, Registry registry, EventBus bus, Warmer warmer, Clock clock, Duration prepare) {
        // records and events carry real time; only the tours' timing follows the given clock (tests move it)
        this.book = new WallBook(registry, Clock.systemUTC());
        this.runner = new TourRunner(vertx, book, e -> publish(bus, e), warmer, clock, prepare);
        book.onEvent(e -> publish(bus, e));
        book.onEvent(runner::changed);
        this.alarms = new AlarmLinkage(vertx, bus, registry, book);
        runner.start();
    }

    /**
     * Walls over {@code registry}'s store, events on {@code bus} (the health API's, so alerts reach alarm linkage),
     * {@code warmer} starting the next camera of a tour ahead of the switch, {@code prepare} before it; tours keep
     * time by {@code clock}.
     */
    public static WallApi create(Vertx vertx, Registry registry, EventBus bus, Warmer warmer, Clock clock,
            Duration prepare) {
        return new WallApi(vertx, registry, bus, warmer, clock, prepare);
    }

    /** As {@link #create(Vertx, Registry, EventBus, Warmer, Clock, Duration)} with the system clock, 2 s prepare. */
    public static WallApi create(Vertx vertx, Registry registry, EventBus bus, Warmer warmer) {
        return create(vertx, registry, bus, warmer, Clock.systemUTC(), TourRunner.DEFAULT_PREPARE);
    }

    /** Adds the routes under {@code base} (normally {@link RegistryApi#BASE}). */
    public void mount(Router router, String base) {
        BodyHandler body = BodyHandler.create().setBodyLimit(RegistryApi.BODY_LIMIT).setHandleFileUploads(false);
        new WallRoutes(book).mount(router, base, body);
        new TourRoutes(book, runner).mount(router, base, body);
    }

    /** The walls and tours. */
    public WallBook book() {
        return book;
    }

    private static void publish(EventBus bus, WallEvent e) {
        bus.publish(new HealthEvent(UUID.randomUUID().toString(), e.type(), java.time.Instant.now(), e.cameraId(),
                e.siteId(), e));
    }

    @Override
    public void close() {
        alarms.close();
        runner.close();
    }
}
