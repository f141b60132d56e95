package org.sharpeye.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.sharpeye.registry.store.DocumentKind;
import org.sharpeye.registry.store.InMemoryStore;
import org.sharpeye.registry.store.RegistryStore;

/**
 * A reload (another node imported cameras into the shared store) runs while the API reads: a reader in the middle of
 * it sees every camera, not an empty registry. Readers take no lock, so the reload must never empty the index.
 */
class RegistryReloadTest {

    private final Actor alice = new Actor("alice", "10.1.2.3");

    @Test
    void aReaderDuringAReloadSeesEveryCamera() {
        AtomicReference<Registry> registry = new AtomicReference<>();
        List<Integer> seenDuringReload = new ArrayList<>();
        InMemoryStore memory = new InMemoryStore();
        // The store as the registry sees it: reading all cameras is the middle of a reload; a reader looks then.
        RegistryStore store = (RegistryStore) Proxy.newProxyInstance(RegistryStore.class.getClassLoader(),
                new Class<?>[] {RegistryStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("loadAll") && args[0] == DocumentKind.CAMERA
                            && registry.get() != null) {
                        seenDuringReload.add(registry.get().cameras(null, CameraQuery.all(100)).total());
                    }
                    try {
                        return method.invoke(memory, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        registry.set(Registry.open(store, SecretBox.random(), ViewingPolicy.defaults(), new PasswordHasher(4),
                Clock.systemUTC()));
        registry.get().createSite(new Site("341522", "霍邱县", SiteKind.COUNTY, null, "34152200", 0), alice);
        registry.get().createSite(new Site("341522101", "城关镇", SiteKind.TOWNSHIP, "341522", "34152201", 0), alice);
        for (int serial = 1; serial <= 3; serial++) {
            registry.get().createCamera(TestRegistries.camera("341522101", serial, CameraTier.CLASS_I), null, alice);
        }

        registry.get().reload();

        assertEquals(List.of(3), seenDuringReload);
        assertEquals(3, registry.get().cameras(null, CameraQuery.all(100)).total(), "and after it");
    }
}
