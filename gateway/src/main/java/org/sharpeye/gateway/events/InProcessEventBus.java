package org.sharpeye.gateway.events;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.sharpeye.registry.health.HealthEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The single-node {@link EventBus}: a list of subscribers called in turn; a failing one is logged and skipped. */
final class InProcessEventBus implements EventBus {
    private static final Logger log = LoggerFactory.getLogger(InProcessEventBus.class);
    private final CopyOnWriteArrayList<Consumer<HealthEvent>> subscribers = new CopyOnWriteArrayList<>();

    @Override
    public void publish(HealthEvent event) {
        for (Consumer<HealthEvent> s : subscribers) {
            try {
                s.accept(event);
            } catch (RuntimeException e) {
                log.warn("an event subscriber failed on {}", event.type(), e);
            }
        }
    }

    @Override
    public Subscription subscribe(Consumer<HealthEvent> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }
}
