package org.sharpeye.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sharpeye.registry.store.DocumentKind;
import org.sharpeye.registry.store.InMemoryStore;

class SecretBoxTest {

    @Test
    void sealsAndOpensButNeverShowsThePlaintext() {
        SecretBox box = SecretBox.random();
        String sealed = box.seal("p@ss:word", "cam-1");
        assertFalse(sealed.contains("p@ss"));
        assertNotEquals(sealed, box.seal("p@ss:word", "cam-1"), "a fresh nonce each time");
        assertEquals("p@ss:word", box.open(sealed, "cam-1"));
    }

    @Test
    void aSealedValueDoesNotOpenForAnotherCameraOrWhenAltered() {
        SecretBox box = SecretBox.random();
        String sealed = box.seal("secret", "cam-1");
        RegistryException moved = assertThrows(RegistryException.class, () -> box.open(sealed, "cam-2"));
        assertFalse(moved.getMessage().contains("secret\""));
        String[] p = sealed.split(":");
        byte[] ct = Base64.getDecoder().decode(p[3]);
        ct[0] ^= 1;
        String altered = p[0] + ":" + p[1] + ":" + p[2] + ":" + Base64.getEncoder().encodeToString(ct);
        assertThrows(RegistryException.class, () -> box.open(altered, "cam-1"));
        assertThrows(RegistryException.class, () -> SecretBox.random().open(sealed, "cam-1"), "another key");
    }

    @Test
    void keyFileIsCreatedPrivateAndReused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("secret.keys");
        SecretBox first = SecretBox.load(file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("x", SecretBox.load(file).open(first.seal("x", "c"), "c"));
    }

    @Test
    void rotationResealsWithTheNewKeyAndTheOldKeyCanGo() {
        String k1 = "k1=" + Base64.getEncoder().encodeToString(SecretBox.randomKey());
        String k2 = "k2=" + Base64.getEncoder().encodeToString(SecretBox.randomKey());
        InMemoryStore store = new InMemoryStore();
        Registry before = Registry.open(store, SecretBox.parse(k1), ViewingPolicy.defaults(), new PasswordHasher(4),
                java.time.Clock.systemUTC());
        before.createSite(new Site("341522", "霍邱县", SiteKind.COUNTY, null, "34152200", 0), Actor.system());
        Camera c = before.createCamera(TestRegistries.camera("341522", 1, CameraTier.CLASS_I),
                new Credentials("admin", "a@b"), Actor.system());
        Registry during = Registry.open(store, SecretBox.parse(k1 + "\n" + k2), ViewingPolicy.defaults(),
                new PasswordHasher(4), java.time.Clock.systemUTC());
        assertEquals(1, during.resealSecrets(Actor.system()));
        assertTrue(store.load(DocumentKind.SECRET, c.id()).orElseThrow().json().startsWith("gcm1:k2:"));
        Registry after = Registry.open(store, SecretBox.parse(k2), ViewingPolicy.defaults(), new PasswordHasher(4),
                java.time.Clock.systemUTC());
        assertEquals(new Credentials("admin", "a@b"), after.credentials(c.id()).orElseThrow());
        assertEquals(List.of("k2"), SecretBox.parse(k2).keyIds());
    }

    @Test
    void badKeyringsAreRefusedWithoutEchoingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SecretBox.parse("k1=" + Base64.getEncoder().encodeToString(new byte[16])));
        assertTrue(e.getMessage().contains("not 32 bytes"));
        assertThrows(IllegalArgumentException.class, () -> SecretBox.parse("# nothing\n"));
    }
}
