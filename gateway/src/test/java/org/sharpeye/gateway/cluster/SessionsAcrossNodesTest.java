package org.sharpeye.gateway.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sharpeye.gateway.api.Session;
import org.sharpeye.gateway.api.Sessions;
import org.sharpeye.registry.Registry;
import org.sharpeye.registry.User;

/** Two nodes' sessions linked as the Redis replication links them, without Redis (ClusterIT covers that). */
class SessionsAcrossNodesTest {
    private final Registry registry = Registry.inMemory();
    private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T08:00:00Z"), ZoneOffset.UTC);
    private final Sessions a = new Sessions(registry, clock);
    private final Sessions b = new Sessions(registry, clock);

    SessionsAcrossNodesTest() {
        registry.ensureAdmin("admin-password-1");
        a.replicateTo(to(b));
        b.replicateTo(to(a));
    }

    private static Sessions.Replication to(Sessions other) {
        return new Sessions.Replication() {
            @Override
            public void saved(String key, Session s) {
                other.replicated(key, s);
            }

            @Override
            public void revoked(String key) {
                other.replicatedRevocation(key);
            }
        };
    }

    @Test
    void aTokenIssuedByOneNodeIsValidOnTheOtherUntilRevokedThere() {
        User admin = registry.accounts().user("admin").orElseThrow();
        String token = a.issue(admin);
        assertEquals("admin", b.resolve(token).orElseThrow().username());
        b.revoke(token);
        assertTrue(a.resolve(token).isEmpty());
        assertTrue(b.resolve("not-a-token").isEmpty());
    }

    @Test
    void usesAreSharedUnderTheTokensHashNeverTheToken() {
        User admin = registry.accounts().user("admin").orElseThrow();
        String token = a.issue(admin);
        b.resolve(token);
        Map<String, Session> uses = b.drainUses();
        assertEquals(1, uses.size());
        assertTrue(uses.keySet().stream().noneMatch(k -> k.equals(token)));
        assertTrue(b.drainUses().isEmpty(), "a use is sent once");
        assertTrue(Sessions.expired(new Session("admin", clock.instant().minus(Sessions.MAX_AGE).minusSeconds(1),
                clock.instant()), clock.instant()));
    }
}
