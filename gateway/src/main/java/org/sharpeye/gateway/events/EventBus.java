package org.sharpeye.gateway.events;

import java.util.function.Consumer;
import org.sharpeye.registry.health.HealthEvent;

/**
 * Carries health events from the node that judged them to every subscriber: in process now; the cluster issue can
 * back it with Redis pub/sub (publish the JSON of {@link EventJson} on a channel, subscribers decode it).
 */
public interface EventBus {

    /** An in-process bus: subscribers are called on the publisher's thread, in subscription order. */
    static EventBus inProcess() {
        return new InProcessEventBus();
    }

    /** Delivers {@code event} to every subscriber; never blocks on a slow one (each must not block). */
    void publish(HealthEvent event);

    /** Adds a subscriber; closing the returned handle removes it. */
    Subscription subscribe(Consumer<HealthEvent> subscriber);

    /** A subscription to close when the subscriber goes away. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
