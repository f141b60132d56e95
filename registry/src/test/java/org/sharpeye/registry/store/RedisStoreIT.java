package org.sharpeye.registry.store;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The store contract against a real redis-server started on loopback. */
class RedisStoreIT extends RegistryStoreContract {
    @TempDir
    static Path dir;
    private static RedisServer server;

    @BeforeAll
    static void startRedis() throws Exception {
        server = RedisServer.start(dir);
    }

    @AfterAll
    static void stopRedis() throws Exception {
        server.close();
    }

    @Override
    protected RegistryStore newStore() {
        RedisStore s = RedisStore.open(server.uri());
        s.clear();
        return s;
    }
}
