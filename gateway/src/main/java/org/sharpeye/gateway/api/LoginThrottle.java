package org.sharpeye.gateway.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing: after {@code freeFailures} failed logins for a key (a username, or a client address) the
 * key is locked for one minute, doubling with each further failure up to 15 minutes. A success clears the key.
 */
public final class LoginThrottle {
    /** Failures allowed for a username before it is locked. */
    public static final int USER_FREE_FAILURES = 5;
    /** Failures allowed from one address (a command room may sit behind one NAT address). */
    public static final int ADDRESS_FREE_FAILURES = 20;
    private static final Duration FIRST_LOCK = Duration.ofMinutes(1);
    private static final Duration MAX_LOCK = Duration.ofMinutes(15);
    private static final int MAX_KEYS = 100_000;

    private record Failures(int count, Instant lockedUntil) {
    }

    private final Clock clock;
    private final int freeFailures;
    private final Map<String, Failures> byKey = new ConcurrentHashMap<>();

    public LoginThrottle(Clock clock, int freeFailures) {
        this.clock = clock;
        this.freeFailures = freeFailures;
    }

    /** How long {@code key} must still wait, if it is locked. */
    public Optional<Duration> lockedFor(String key) {
        Failures f = byKey.get(key);
        Instant now = clock.instant();
        if (f == null || f.lockedUntil() == null || !now.isBefore(f.lockedUntil())) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, f.lockedUntil()));
    }

    /** Counts a failed login for {@code key}. */
    public void failed(String key) {
        if (byKey.size() > MAX_KEYS) {
            byKey.values().removeIf(f -> f.lockedUntil() == null || f.lockedUntil().isBefore(clock.instant()));
        }
        byKey.compute(key, (k, f) -> {
            int count = f == null ? 1 : f.count() + 1;
            Instant until = null;
            if (count >= freeFailures) {
                long factor = 1L << Math.min(count - freeFailures, 10);
                Duration lock = FIRST_LOCK.multipliedBy(factor);
                until = clock.instant().plus(lock.compareTo(MAX_LOCK) > 0 ? MAX_LOCK : lock);
            }
            return new Failures(count, until);
        });
    }

    /** Clears {@code key} after a successful login. */
    public void succeeded(String key) {
        byKey.remove(key);
    }
}
