package org.sharpeye.registry.health;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sharpeye.registry.RegistryJson;
import org.sharpeye.registry.VersionConflictException;
import org.sharpeye.registry.store.AuditEntry;
import org.sharpeye.registry.store.DocumentKind;
import org.sharpeye.registry.store.DocumentWrite;
import org.sharpeye.registry.store.RegistryStore;
import org.sharpeye.registry.store.StoredDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Health's records in the registry's store (kinds ALERT, MAINTENANCE, WEBHOOK, LEDGER), tracking each record's
 * version for the store's optimistic concurrency, and the audit entries of changes made by hand, committed
 * atomically with the record they describe. Blocking: used only from the health thread and at startup. With no
 * store (null) no record is durable; audit entries then go to {@code auditStore} (the registry's) on their own.
 */
final class HealthStore {
    private static final Logger log = LoggerFactory.getLogger(HealthStore.class);
    private final RegistryStore store;
    private final RegistryStore auditStore;
    private final Map<String, Long> versions = new HashMap<>();

    HealthStore(RegistryStore store, RegistryStore auditStore) {
        this.store = store;
        this.auditStore = auditStore;
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
        write(kind, values, null, List.of());
    }

    /** Writes one record. */
    void put(DocumentKind kind, String id, Object value) {
        write(kind, Map.of(id, value), null, List.of());
    }

    /** Writes one record and the audit entry of the change (null: none) in one commit. */
    void put(DocumentKind kind, String id, Object value, AuditEntry audit) {
        write(kind, Map.of(id, value), null, audit == null ? List.of() : List.of(audit));
    }

    /** Deletes one record and writes the audit entry of the deletion in one commit. */
    void delete(DocumentKind kind, String id, AuditEntry audit) {
        write(kind, Map.of(), id, audit == null ? List.of() : List.of(audit));
    }

    private void write(DocumentKind kind, Map<String, ?> values, String deleteId, List<AuditEntry> audit) {
        if (store == null) {
            if (auditStore != null && !audit.isEmpty()) {
                auditStore.commit(List.of(), audit);
            }
            return;
        }
        if (values.isEmpty() && deleteId == null && audit.isEmpty()) {
            return;
        }
        List<DocumentWrite> writes = writes(kind, values, deleteId, false);
        try {
            store.commit(writes, audit);
        } catch (VersionConflictException e) {
            // another node wrote the same record (cluster); last writer wins for health records: re-read and retry
            log.warn("health records of kind {} changed elsewhere; overwriting with this node's view", kind);
            writes = writes(kind, values, deleteId, true);
            store.commit(writes, audit);
        }
        for (DocumentWrite w : writes) {
            if (w.isDelete()) {
                versions.remove(key(kind, w.id()));
            } else {
                versions.put(key(kind, w.id()), w.expectedVersion() + 1);
            }
        }
    }

    private List<DocumentWrite> writes(DocumentKind kind, Map<String, ?> values, String deleteId, boolean reread) {
        List<DocumentWrite> writes = new ArrayList<>();
        values.forEach((id, v) -> writes.add(DocumentWrite.put(kind, id, version(kind, id, reread),
                RegistryJson.write(v))));
        if (deleteId != null) {
            long v = version(kind, deleteId, reread);
            if (v > 0) {
                writes.add(DocumentWrite.delete(kind, deleteId, v));
            }
        }
        return writes;
    }

    private long version(DocumentKind kind, String id, boolean reread) {
        return reread ? store.load(kind, id).map(StoredDocument::version).orElse(0L)
                : versions.getOrDefault(key(kind, id), 0L);
    }

    private static String key(DocumentKind kind, String id) {
        return kind.name() + "/" + id;
    }
}
