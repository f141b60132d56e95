package org.sharpeye.gateway.wall;

import io.vertx.core.Vertx;
import org.sharpeye.gateway.events.EventBus;
import org.sharpeye.registry.Registry;
import org.sharpeye.registry.health.Alert;
import org.sharpeye.registry.health.HealthEvent;
import org.sharpeye.registry.wall.WallBook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alarm linkage (报警联动): when an alert opens, its camera pops onto the alarm tile of every wall whose site
 * contains the camera ({@link WallBook#popAlarm}, which announces {@code wall.updated} and {@code wall.alarm}).
 * Takes alerts from the event bus and does the store work on a worker, never on the publisher's thread.
 */
final class AlarmLinkage implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AlarmLinkage.class);
    private final EventBus.Subscription subscription;

    AlarmLinkage(Vertx vertx, EventBus bus, Registry registry, WallBook book) {
        this.subscription = bus.subscribe(e -> {
            if (HealthEvent.ALERT_OPENED.equals(e.type()) && e.data() instanceof Alert a) {
                vertx.executeBlocking(() -> registry.camera(a.cameraId()).map(c -> book.popAlarm(c, a.id()).size())
                        .orElse(0), false)
                        .onFailure(err -> log.warn("alarm linkage of alert {} failed", a.id(), err));
            }
        });
    }

    @Override
    public void close() {
        subscription.close();
    }
}
