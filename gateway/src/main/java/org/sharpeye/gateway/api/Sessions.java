package org.sharpeye.gateway.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.sharpeye.registry.Registry;
import org.sharpeye.registry.User;

/**
 * Bearer tokens of logged-in users: 256 random bits each, ending after {@link #IDLE} without use or {@link #MAX_AGE}
 * after login. A token resolves to the user as the registry has them now, so disabling a user or changing their role
 * takes effect on the next request. Sessions are kept in memory under the SHA-256 of their token (a restart of a
 * single node logs everyone out); in a cluster a {@link Replication} copies every login, logout and use to the other
 * nodes, so a token issued by one node is valid on all of them. Lookups never leave memory.
 */
public final class Sessions {
    /** A token unused this long ends. */
    public static final Duration IDLE = Duration.ofHours(8);
    /** A token ends this long after login whatever its use (a command-room shift and some). */
    public static final Duration MAX_AGE = Duration.ofHours(24);
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * Where sessions are copied to (the other nodes of a cluster). Each call must return at once. {@code key} is the
     * SHA-256 of the token (base64url); the token itself never leaves the node.
     */
    public interface Replication {
        /** A session began (or is re-sent with its latest use). */
        void saved(String key, Session session);

        /** A session ended by logout. */
        void revoked(String key);
    }

    private final Registry registry;
    private final Clock clock;
    private final Map<String, Session> byKey = new ConcurrentHashMap<>();
    /** Keys used since the last {@link #drainUses()}: their latest use is sent to the other nodes now and then. */
    private final Map<String, Boolean> used = new ConcurrentHashMap<>();
    private volatile Replication replication;

    public Sessions(Registry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** Copies every change from now on to {@code r} (a cluster node's replication). */
    public void replicateTo(Replication r) {
        this.replication = r;
    }

    /** A new token for {@code user}. */
    public String issue(User user) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Instant now = clock.instant();
        Session s = new Session(user.username(), now, now);
        String key = key(token);
        byKey.put(key, s);
        Replication r = replication;
        if (r != null) {
            r.saved(key, s);
        }
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
        String key = key(token);
        Session s = byKey.get(key);
        Instant now = clock.instant();
        if (s == null) {
            return Optional.empty();
        }
        if (expired(s, now)) {
            byKey.remove(key);
            return Optional.empty();
        }
        Optional<User> user = registry.accounts().user(s.username()).filter(User::enabled);
        if (user.isEmpty()) {
            byKey.remove(key);
            return Optional.empty();
        }
        byKey.replace(key, s, new Session(s.username(), s.issued(), now));
        if (replication != null) {
            used.put(key, Boolean.TRUE);
        }
        return user;
    }

    /** Ends a token. */
    public void revoke(String token) {
        if (token != null) {
            String key = key(token);
            byKey.remove(key);
            Replication r = replication;
            if (r != null) {
                r.revoked(key);
            }
        }
    }

    /** The number of live tokens (after dropping expired ones). */
    public int size() {
        sweep(clock.instant());
        return byKey.size();
    }

    // ---- the replication side

    /** A session another node saved (or used since): kept unless this node knows of a later use. */
    public void replicated(String key, Session s) {
        byKey.merge(key, s, (mine, theirs) -> theirs.lastUsed().isAfter(mine.lastUsed()) ? theirs : mine);
    }

    /** A session another node ended. */
    public void replicatedRevocation(String key) {
        byKey.remove(key);
    }

    /** The sessions used here since the last call, with their latest use (sent to the other nodes periodically). */
    public Map<String, Session> drainUses() {
        Map<String, Session> out = new HashMap<>();
        for (String key : used.keySet()) {
            used.remove(key);
            Session s = byKey.get(key);
            if (s != null) {
                out.put(key, s);
            }
        }
        sweep(clock.instant());
        return out;
    }

    /** Whether {@code s} has ended by now. */
    public static boolean expired(Session s, Instant now) {
        return now.isAfter(s.lastUsed().plus(IDLE)) || now.isAfter(s.issued().plus(MAX_AGE));
    }

    private void sweep(Instant now) {
        byKey.values().removeIf(s -> expired(s, now));
    }

    /** The SHA-256 of a token, base64url: what sessions are kept and replicated under. */
    static String key(String token) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
