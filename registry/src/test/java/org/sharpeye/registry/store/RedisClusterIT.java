package org.sharpeye.registry.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sharpeye.registry.Actor;
import org.sharpeye.registry.Camera;
import org.sharpeye.registry.CameraTier;
import org.sharpeye.registry.Credentials;
import org.sharpeye.registry.PasswordHasher;
import org.sharpeye.registry.Registry;
import org.sharpeye.registry.Role;
import org.sharpeye.registry.SecretBox;
import org.sharpeye.registry.Site;
import org.sharpeye.registry.SiteKind;
import org.sharpeye.registry.TestRegistries;
import org.sharpeye.registry.User;
import org.sharpeye.registry.ViewingPolicy;

/** Two nodes' registries over one real Redis: what one writes, the other sees without a restart. */
class RedisClusterIT {
    @RegisterExtension
    static final SharedRedis server = new SharedRedis();

    private static Registry node(SecretBox keys) {
        return Registry.open(RedisStore.open(server.uri()), keys, ViewingPolicy.defaults(), new PasswordHasher(4),
                Clock.systemUTC());
    }

    /** Polls with a deadline: the change arrives over pub/sub, there is no event to await from here. */
    private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (!condition.getAsBoolean()) {
            assertTrue(Instant.now().isBefore(deadline), what + " did not reach the other node");
            Thread.sleep(20);
        }
    }

    @Test
    void aChangeOnOneNodeReachesTheOther() throws Exception {
        SecretBox keys = SecretBox.random();
        try (Registry a = node(keys); Registry b = node(keys)) {
            Actor actor = Actor.system();
            a.createSite(new Site("341522", "霍邱县", SiteKind.COUNTY, null, "34152200", 0), actor);
            a.createSite(new Site("341522101", "城关镇", SiteKind.TOWNSHIP, "341522", "34152201", 0), actor);
            Camera c = a.createCamera(TestRegistries.camera("341522101", 1, CameraTier.CLASS_I),
                    new Credentials("admin", "x@y"), actor);
            eventually("the camera", () -> b.camera(c.id()).isPresent());
            assertEquals(2, b.sites().size());
            assertEquals("x@y", b.credentials(c.id()).orElseThrow().password());

            Camera renamed = b.updateCamera(c.withId(c.id()), 1, null, actor);
            assertEquals(2, renamed.version());
            eventually("the update", () -> a.camera(c.id()).orElseThrow().version() == 2);

            a.accounts().create(new User("zhao", Role.COUNTY_OPERATOR, "341522", true, 0), "long-enough-1", actor);
            eventually("the user", () -> b.accounts().authenticate("zhao", "long-enough-1").isPresent());

            a.deleteCamera(c.id(), 2, actor);
            eventually("the delete", () -> b.camera(c.id()).isEmpty());
            assertEquals(0, b.cameraCount());
        }
    }
}
