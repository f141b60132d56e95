package org.sharpeye.gateway.events;

import java.time.Duration;

/**
 * How webhooks are delivered.
 *
 * @param maxAttempts    attempts per event before it is given up and recorded (default 8)
 * @param firstBackoff   the wait after the first failure, doubled per failure (default 1 s)
 * @param maxBackoff     the longest wait between attempts (default 5 min)
 * @param queueSize      events waiting per webhook; when full a new event is dropped and recorded (default 1000)
 * @param requestTimeout one attempt's timeout (default 10 s)
 */
public record WebhookOptions(int maxAttempts, Duration firstBackoff, Duration maxBackoff, int queueSize,
        Duration requestTimeout) {

    public WebhookOptions {
        if (maxAttempts < 1 || queueSize < 1) {
            throw new IllegalArgumentException("maxAttempts and queueSize must be at least 1");
        }
    }

    /** The defaults. */
    public static WebhookOptions defaults() {
        return new WebhookOptions(8, Duration.ofSeconds(1), Duration.ofMinutes(5), 1000, Duration.ofSeconds(10));
    }
}
