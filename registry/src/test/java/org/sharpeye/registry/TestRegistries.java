package org.sharpeye.registry;

import java.time.Clock;
import org.sharpeye.registry.store.InMemoryStore;

/** Registries for tests: in memory, with a cheap bcrypt cost. */
public final class TestRegistries {
    private TestRegistries() {
    }

    public static Registry inMemory() {
        return Registry.open(new InMemoryStore(), SecretBox.random(), ViewingPolicy.defaults(), new PasswordHasher(4),
                Clock.systemUTC());
    }

    /** A valid camera at {@code siteId} with a GB/T 28181 id ending in {@code serial}. */
    public static Camera camera(String siteId, int serial, CameraTier tier) {
        return new Camera(DeviceId.of("34152201", 0, 132, 0, serial), "测试点" + serial, siteId, tier, null,
                Vendor.HIKVISION, "DS-2CD", "10.0.0." + (serial % 250 + 1), 32.3, 116.2, "霍邱县", null, null, null,
                30, java.util.List.of("t"), null, true, StreamMode.ON_DEMAND, 24, 0);
    }
}
