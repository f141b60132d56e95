package org.sharpeye.registry.store;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The store contract against a real redis-server started on loopback. */
class RedisStoreIT extends RegistryStoreContract {
    @RegisterExtension
    static final SharedRedis server = new SharedRedis();

    @Override
    protected RegistryStore newStore() {
        RedisStore s = RedisStore.open(server.uri());
        s.clear();
        return s;
    }
}
