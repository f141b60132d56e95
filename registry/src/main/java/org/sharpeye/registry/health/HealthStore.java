package org.sharpeye.registry.health;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sharpeye.registry.RegistryJson;
import org.sharpeye.registry.VersionConflictException;
import org.sharpeye.registry.store.DocumentKind;
import org.sharpeye.registry.store.DocumentWrite;
import org.sharpeye.registry.store.RegistryStore;
import org.sharpeye.registry.store.StoredDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Health's records in the registry's store (kinds ALERT, MAINTENANCE, WEBHOOK, LEDGER), tracking each record's
 * version for the store's optimistic concurrency. Blocking: used only from the health thread and at startup. With no
 * store (null) nothing is durable.
 */
final class HealthStore {
    private static final Logger log = LoggerFactory.getLogger(HealthStore.class);
    private final RegistryStore store;
    private final Map<String, Long> versions = new HashMap<>();

    HealthStore(RegistryStore store) {
        this.store = store;
    }

    /** Every record of {@code kind} as {@code type}. */
    <T> List<T> loadAll(DocumentKind kind, Class<T> type) {
        List<T> out = new ArrayList<>();
        if (store == null) {
            return out;
        }
        for (StoredDocument d : store.loadAll(kind)) {
            versions.put(key(kind, d.id()), d.version());
            out.add(RegistryJson.read(d.json(), type));
        }
        return out;
    }

    /** Writes {@code values} (id -> record) of {@code kind} in one atomic commit. */
    void put(DocumentKind kind, Map<String, ?> values) {
        if (store == null || values.isEmpty()) {
            return;
        }
        List<DocumentWrite> writes = new ArrayList<>();
        values.forEach((id, v) -> writes.add(DocumentWrite.put(kind, id, versions.getOrDefault(key(kind, id), 0L),
                RegistryJson.write(v))));
        try {
            store.commit(writes, List.of());
        } catch (VersionConflictException e) {
            // another node wrote the same record (cluster); last writer wins for health records: re-read and retry
            log.warn("health records of kind {} changed elsewhere; overwriting with this node's view", kind);
            writes.clear();
            values.forEach((id, v) -> writes.add(DocumentWrite.put(kind, id,
                    store.load(kind, id).map(StoredDocument::version).orElse(0L), RegistryJson.write(v))));
            store.commit(writes, List.of());
        }
        for (DocumentWrite w : writes) {
            versions.put(key(kind, w.id()), w.expectedVersion() + 1);
        }
    }

    /** Writes one record. */
    void put(DocumentKind kind, String id, Object value) {
        put(kind, Map.of(id, value));
    }

    private static String key(DocumentKind kind, String id) {
        return kind.name() + "/" + id;
    }
}
