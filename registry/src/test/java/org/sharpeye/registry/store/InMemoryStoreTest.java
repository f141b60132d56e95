package org.sharpeye.registry.store;

class InMemoryStoreTest extends RegistryStoreContract {
    @Override
    protected RegistryStore newStore() {
        return new InMemoryStore();
    }
}
