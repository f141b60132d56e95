package org.sharpeye.registry.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.sharpeye.registry.VersionConflictException;

/**
 * Where the registry's records live. Blocking: call it from worker threads, never from an event loop. Every
 * implementation passes the same contract suite (RegistryStoreContract).
 */
public interface RegistryStore extends AutoCloseable {

    /** Every record of {@code kind}. */
    List<StoredDocument> loadAll(DocumentKind kind);

    /** One record. */
    Optional<StoredDocument> load(DocumentKind kind, String id);

    /**
     * Applies every write and appends every audit entry atomically: all or none. Returns only once the change is
     * durable as far as the store promises (the embedded store: committed to its file).
     *
     * @throws VersionConflictException if any write's expected version is not the stored one; nothing is changed
     */
    void commit(List<DocumentWrite> writes, List<AuditEntry> audit);

    /** Audit entries matching {@code query}, newest first. */
    List<AuditEntry> audit(AuditQuery query);

    /** Deletes audit entries older than {@code cutoff}; returns how many. */
    int pruneAudit(Instant cutoff);

    /**
     * Calls {@code listener} with the records any process sharing this store changed (this one included), after each
     * commit, on a thread of the store's. Stores no other process can share (embedded, in memory) never call it.
     */
    default void watch(Consumer<List<DocumentRef>> listener) {
    }

    @Override
    void close();
}
