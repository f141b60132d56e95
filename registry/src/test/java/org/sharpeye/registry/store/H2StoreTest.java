package org.sharpeye.registry.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class H2StoreTest extends RegistryStoreContract {
    @TempDir
    Path dataDir;

    @Override
    protected RegistryStore newStore() {
        return H2Store.open(dataDir);
    }
}
