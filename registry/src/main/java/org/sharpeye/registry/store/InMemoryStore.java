package org.sharpeye.registry.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sharpeye.registry.VersionConflictException;

/** A store in the heap: for tests and the demo. Nothing survives the process. */
public final class InMemoryStore implements RegistryStore {
    private final Map<DocumentKind, Map<String, StoredDocument>> documents = new EnumMap<>(DocumentKind.class);
    private final List<AuditEntry> audit = new ArrayList<>();

    public InMemoryStore() {
        for (DocumentKind k : DocumentKind.values()) {
            documents.put(k, new HashMap<>());
        }
    }

    @Override
    public synchronized List<StoredDocument> loadAll(DocumentKind kind) {
        return List.copyOf(documents.get(kind).values());
    }

    @Override
    public synchronized Optional<StoredDocument> load(DocumentKind kind, String id) {
        return Optional.ofNullable(documents.get(kind).get(id));
    }

    @Override
    public synchronized void commit(List<DocumentWrite> writes, List<AuditEntry> entries) {
        Map<String, Long> pending = new HashMap<>();
        for (DocumentWrite w : writes) {
            String key = w.kind() + "/" + w.id();
            long current = pending.containsKey(key) ? pending.get(key) : currentVersion(w.kind(), w.id());
            if (current != w.expectedVersion()) {
                throw new VersionConflictException(w.kind().name().toLowerCase(), w.id(), w.expectedVersion(), current);
            }
            pending.put(key, w.isDelete() ? 0 : w.expectedVersion() + 1);
        }
        for (DocumentWrite w : writes) {
            if (w.isDelete()) {
                documents.get(w.kind()).remove(w.id());
            } else {
                documents.get(w.kind()).put(w.id(),
                        new StoredDocument(w.kind(), w.id(), w.expectedVersion() + 1, w.json()));
            }
        }
        audit.addAll(entries);
    }

    private long currentVersion(DocumentKind kind, String id) {
        StoredDocument d = documents.get(kind).get(id);
        return d == null ? 0 : d.version();
    }

    @Override
    public synchronized List<AuditEntry> audit(AuditQuery query) {
        return audit.stream()
                .filter(query::matches)
                .sorted(Comparator.comparing(AuditEntry::at).reversed())
                .limit(query.limit())
                .toList();
    }

    @Override
    public synchronized int pruneAudit(Instant cutoff) {
        int before = audit.size();
        audit.removeIf(e -> e.at().isBefore(cutoff));
        return before - audit.size();
    }

    @Override
    public void close() {
    }
}
