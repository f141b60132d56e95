package org.sharpeye.gateway.api;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.sharpeye.registry.Registry;
import org.sharpeye.registry.User;

/**
 * Bearer tokens of logged-in users: 256 random bits each, kept in memory (a restart logs everyone out), ending after
 * {@link #IDLE} without use or {@link #MAX_AGE} after login. A token resolves to the user as the registry has them
 * now, so disabling a user or changing their role takes effect on the next request.
 */
public final class Sessions {
    /** A token unused this long ends. */
    public static final Duration IDLE = Duration.ofHours(8);
    /** A token ends this long after login whatever its use (a command-room shift and some). */
    public static final Duration MAX_AGE = Duration.ofHours(24);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Registry registry;
    private final Clock clock;
    private final Map<String, Session> byToken = new ConcurrentHashMap<>();

    public Sessions(Registry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** A new token for {@code user}. */
    public String issue(User user) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Instant now = clock.instant();
        byToken.put(token, new Session(user.username(), now, now));
        sweep(now);
        return token;
    }

    /** When a token issued now ends at the latest. */
    public Instant expiryOfNewToken() {
        return clock.instant().plus(MAX_AGE);
    }

    /** The user a token belongs to, if the token is live and the user still exists and is enabled. */
    public Optional<User> resolve(String token) {
        if (token == null) {
            return Optional.empty();
        }
        Session s = byToken.get(token);
        Instant now = clock.instant();
        if (s == null) {
            return Optional.empty();
        }
        if (expired(s, now)) {
            byToken.remove(token);
            return Optional.empty();
        }
        Optional<User> user = registry.accounts().user(s.username()).filter(User::enabled);
        if (user.isEmpty()) {
            byToken.remove(token);
            return Optional.empty();
        }
        byToken.replace(token, s, new Session(s.username(), s.issued(), now));
        return user;
    }

    /** Ends a token. */
    public void revoke(String token) {
        if (token != null) {
            byToken.remove(token);
        }
    }

    /** The number of live tokens (after dropping expired ones). */
    public int size() {
        sweep(clock.instant());
        return byToken.size();
    }

    private static boolean expired(Session s, Instant now) {
        return now.isAfter(s.lastUsed().plus(IDLE)) || now.isAfter(s.issued().plus(MAX_AGE));
    }

    private void sweep(Instant now) {
        byToken.values().removeIf(s -> expired(s, now));
    }
}
