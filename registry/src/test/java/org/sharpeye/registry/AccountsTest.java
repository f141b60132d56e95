package org.sharpeye.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sharpeye.registry.store.DocumentKind;
import org.sharpeye.registry.store.InMemoryStore;

class AccountsTest {

    @Test
    void theFirstAdminGetsAGeneratedPasswordOnceAndItWorks() {
        Registry r = TestRegistries.inMemory();
        Optional<String> generated = r.ensureAdmin(null);
        assertTrue(generated.isPresent());
        assertTrue(generated.get().length() >= 20);
        assertTrue(r.accounts().authenticate("admin", generated.get()).isPresent());
        assertEquals(Optional.empty(), r.ensureAdmin(null), "only once");
    }

    @Test
    void theAdminPasswordFromTheEnvironmentIsUsedAndNotReturned() {
        Registry r = TestRegistries.inMemory();
        assertEquals(Optional.empty(), r.ensureAdmin("from-the-environment-1"));
        assertTrue(r.accounts().authenticate("admin", "from-the-environment-1").isPresent());
        assertTrue(r.accounts().authenticate("admin", "wrong-password").isEmpty());
        assertTrue(r.accounts().authenticate("nobody", "from-the-environment-1").isEmpty());
    }

    @Test
    void passwordsAreStoredAsBcryptHashesOnly() {
        InMemoryStore store = new InMemoryStore();
        Registry r = Registry.open(store, SecretBox.random(), ViewingPolicy.defaults(), new PasswordHasher(4),
                java.time.Clock.systemUTC());
        r.createSite(new Site("341522", "霍邱县", SiteKind.COUNTY, null, "34152200", 0), Actor.system());
        r.accounts().create(new User("zhao", Role.COUNTY_OPERATOR, "341522", true, 0), "long-enough-1",
                Actor.system());
        String json = store.load(DocumentKind.USER, "zhao").orElseThrow().json();
        assertTrue(json.contains("$2a$04$"), json);
        assertTrue(!json.contains("long-enough-1"));
        ValidationException e = assertThrows(ValidationException.class, () -> r.accounts().create(
                new User("Bad Name", Role.VILLAGE_VIEWER, null, true, 0), "short", Actor.system()));
        assertEquals(3, e.errors().size(), e.getMessage());
    }

    @Test
    void aDisabledUserCannotLogIn() {
        Registry r = TestRegistries.inMemory();
        r.ensureAdmin("from-the-environment-1");
        User admin = r.accounts().user("admin").orElseThrow();
        r.accounts().update(new User("admin", Role.ADMIN, null, false, 0), admin.version(), null, Actor.system());
        assertTrue(r.accounts().authenticate("admin", "from-the-environment-1").isEmpty());
    }
}
