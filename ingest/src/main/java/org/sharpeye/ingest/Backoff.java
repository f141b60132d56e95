package org.sharpeye.ingest;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Capped exponential backoff with full jitter: the n-th retry waits a uniformly random time in
 * {@code [0, min(max, min * 2^n)]}, so a fleet that lost its network does not reconnect in lockstep.
 * Not thread-safe (a source's event loop).
 */
final class Backoff {

    private final long minMillis;
    private final long maxMillis;
    private int attempt;

    Backoff(Duration min, Duration max) {
        this.minMillis = Math.max(1, min.toMillis());
        this.maxMillis = Math.max(minMillis, max.toMillis());
    }

    /** The delay before the next attempt, in milliseconds. */
    long nextDelayMillis() {
        long cap = ceiling(attempt);
        attempt = Math.min(attempt + 1, 62);
        return ThreadLocalRandom.current().nextLong(cap + 1);
    }

    /** The upper bound of the n-th delay. */
    long ceiling(int n) {
        if (n >= 62 || minMillis << n >>> n != minMillis) {
            return maxMillis;
        }
        return Math.min(maxMillis, minMillis << n);
    }

    /** After a session that delivered frames: start again from the minimum. */
    void reset() {
        attempt = 0;
    }

    int attempt() {
        return attempt;
    }
}
