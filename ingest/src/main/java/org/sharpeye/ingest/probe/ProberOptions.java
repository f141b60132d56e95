package org.sharpeye.ingest.probe;

import java.time.Duration;
import java.util.Objects;

/**
 * How the prober paces itself.
 *
 * @param cycle every idle camera profile is probed once per cycle, starts spread evenly over it; default 60 s
 * @param maxConcurrent probes in flight at most; a due probe waits for a free place; default 64
 * @param connectTimeout TCP connect; default 2 s (shorter than the cycle, so a dead camera shows within it)
 * @param responseTimeout wait for each RTSP answer; default 3 s
 * @param maxRedirects 3xx answers followed, as ingest does; default 3
 */
public record ProberOptions(Duration cycle, int maxConcurrent, Duration connectTimeout, Duration responseTimeout,
                            int maxRedirects) {

    public static final ProberOptions DEFAULT = new ProberOptions(Duration.ofSeconds(60), 64, Duration.ofSeconds(2),
            Duration.ofSeconds(3), 3);

    public ProberOptions {
        Objects.requireNonNull(cycle, "cycle");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(responseTimeout, "responseTimeout");
        if (cycle.toMillis() < 100 || maxConcurrent < 1 || connectTimeout.toMillis() < 1
                || responseTimeout.toMillis() < 1 || maxRedirects < 0) {
            throw new IllegalArgumentException("cycle >= 100 ms, maxConcurrent >= 1, positive timeouts");
        }
        if (connectTimeout.plus(responseTimeout).compareTo(cycle) >= 0) {
            throw new IllegalArgumentException("the timeouts must be shorter than the cycle");
        }
    }

    public ProberOptions withCycle(Duration value) {
        return new ProberOptions(value, maxConcurrent, connectTimeout, responseTimeout, maxRedirects);
    }

    public ProberOptions withMaxConcurrent(int value) {
        return new ProberOptions(cycle, value, connectTimeout, responseTimeout, maxRedirects);
    }

    public ProberOptions withTimeouts(Duration connect, Duration response) {
        return new ProberOptions(cycle, maxConcurrent, connect, response, maxRedirects);
    }
}
