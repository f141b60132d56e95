package org.sharpeye.registry.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sharpeye.registry.Camera;
import org.sharpeye.registry.CameraQuery;
import org.sharpeye.registry.PasswordHasher;
import org.sharpeye.registry.Registry;
import org.sharpeye.registry.SecretBox;
import org.sharpeye.registry.VersionConflictException;
import org.sharpeye.registry.ViewingPolicy;
import org.sharpeye.registry.demo.DemoCounty;

/** The behaviour every {@link RegistryStore} must have; each implementation's test extends this class. */
abstract class RegistryStoreContract {
    protected RegistryStore store;

    /** A fresh, empty store. */
    protected abstract RegistryStore newStore() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = newStore();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static AuditEntry entry(String id, long atMs, String actor, String target) {
        return new AuditEntry(id, Instant.ofEpochMilli(atMs), actor, "127.0.0.1", AuditAction.UPDATE, "camera",
                target, "{\"before\":1}", "{\"after\":2}");
    }

    @Test
    void createThenLoadGivesVersionOneAndTheSameText() {
        store.commit(List.of(DocumentWrite.put(DocumentKind.SITE, "341522", 0, "{\"name\":\"霍邱县\"}")), List.of());
        StoredDocument d = store.load(DocumentKind.SITE, "341522").orElseThrow();
        assertEquals(1, d.version());
        assertEquals("{\"name\":\"霍邱县\"}", d.json());
        assertTrue(store.load(DocumentKind.CAMERA, "341522").isEmpty(), "kinds are separate");
    }

    @Test
    void updateAtTheStoredVersionBumpsIt() {
        store.commit(List.of(DocumentWrite.put(DocumentKind.CAMERA, "c1", 0, "{\"v\":1}")), List.of());
        store.commit(List.of(DocumentWrite.put(DocumentKind.CAMERA, "c1", 1, "{\"v\":2}")), List.of());
        StoredDocument d = store.load(DocumentKind.CAMERA, "c1").orElseThrow();
        assertEquals(2, d.version());
        assertEquals("{\"v\":2}", d.json());
    }

    @Test
    void staleVersionIsAConflictAndChangesNothing() {
        store.commit(List.of(DocumentWrite.put(DocumentKind.CAMERA, "c1", 0, "{\"v\":1}")), List.of());
        store.commit(List.of(DocumentWrite.put(DocumentKind.CAMERA, "c1", 1, "{\"v\":2}")), List.of());
        VersionConflictException e = assertThrows(VersionConflictException.class, () -> store.commit(
                List.of(DocumentWrite.put(DocumentKind.CAMERA, "c1", 1, "{\"v\":3}")), List.of()));
        assertEquals(2, e.currentVersion());
        assertEquals("{\"v\":2}", store.load(DocumentKind.CAMERA, "c1").orElseThrow().json());
    }

    @Test
    void createOverAnExistingRecordIsAConflict() {
        store.commit(List.of(DocumentWrite.put(DocumentKind.USER, "u", 0, "{}")), List.of());
        assertThrows(VersionConflictException.class, () -> store.commit(
                List.of(DocumentWrite.put(DocumentKind.USER, "u", 0, "{\"x\":1}")), List.of()));
        assertEquals("{}", store.load(DocumentKind.USER, "u").orElseThrow().json());
    }

    @Test
    void deleteThenRecreateStartsAgainAtVersionOne() {
        store.commit(List.of(DocumentWrite.put(DocumentKind.CAMERA, "c1", 0, "{}")), List.of());
        assertThrows(VersionConflictException.class,
                () -> store.commit(List.of(DocumentWrite.delete(DocumentKind.CAMERA, "c1", 7)), List.of()));
        store.commit(List.of(DocumentWrite.delete(DocumentKind.CAMERA, "c1", 1)), List.of());
        assertTrue(store.load(DocumentKind.CAMERA, "c1").isEmpty());
        store.commit(List.of(DocumentWrite.put(DocumentKind.CAMERA, "c1", 0, "{\"again\":true}")), List.of());
        assertEquals(1, store.load(DocumentKind.CAMERA, "c1").orElseThrow().version());
    }

    @Test
    void aBatchWithOneConflictAppliesNothingAndLogsNothing() {
        store.commit(List.of(DocumentWrite.put(DocumentKind.CAMERA, "b", 0, "{\"b\":1}")), List.of());
        assertThrows(VersionConflictException.class, () -> store.commit(List.of(
                DocumentWrite.put(DocumentKind.CAMERA, "a", 0, "{\"a\":1}"),
                DocumentWrite.put(DocumentKind.SECRET, "a", 0, "sealed"),
                DocumentWrite.put(DocumentKind.CAMERA, "b", 5, "{\"b\":2}")),
                List.of(entry("e1", 1000, "alice", "a"))));
        assertTrue(store.load(DocumentKind.CAMERA, "a").isEmpty());
        assertTrue(store.load(DocumentKind.SECRET, "a").isEmpty());
        assertEquals("{\"b\":1}", store.load(DocumentKind.CAMERA, "b").orElseThrow().json());
        assertTrue(store.audit(new AuditQuery(null, null, null, null, 100)).isEmpty());
    }

    @Test
    void aBatchAppliesEveryWriteAndEveryEntry() {
        store.commit(List.of(
                DocumentWrite.put(DocumentKind.CAMERA, "a", 0, "{}"),
                DocumentWrite.put(DocumentKind.CAMERA, "b", 0, "{}"),
                DocumentWrite.put(DocumentKind.SITE, "s", 0, "{}")),
                List.of(entry("e1", 1000, "alice", "a"), entry("e2", 1001, "alice", "b")));
        Set<String> ids = store.loadAll(DocumentKind.CAMERA).stream().map(StoredDocument::id)
                .collect(Collectors.toSet());
        assertEquals(Set.of("a", "b"), ids);
        assertEquals(1, store.loadAll(DocumentKind.SITE).size());
        assertEquals(2, store.audit(new AuditQuery(null, null, "alice", null, 100)).size());
    }

    @Test
    void aBulkBatchIsAllOrNothingToo() {
        store.commit(List.of(DocumentWrite.put(DocumentKind.CAMERA, "last", 0, "{}")), List.of());
        List<DocumentWrite> writes = new java.util.ArrayList<>();
        List<AuditEntry> entries = new java.util.ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            writes.add(DocumentWrite.put(DocumentKind.CAMERA, "c" + i, 0, "{\"n\":\"点" + i + "\"}"));
            entries.add(entry("bulk" + i, 5000 + i, "importer", "c" + i));
        }
        List<DocumentWrite> conflicting = new java.util.ArrayList<>(writes);
        conflicting.add(DocumentWrite.put(DocumentKind.CAMERA, "last", 0, "{}"));
        assertThrows(VersionConflictException.class, () -> store.commit(conflicting, entries));
        assertEquals(1, store.loadAll(DocumentKind.CAMERA).size());
        assertTrue(store.audit(new AuditQuery(null, null, "importer", null, 10)).isEmpty());
        store.commit(writes, entries);
        assertEquals(2501, store.loadAll(DocumentKind.CAMERA).size());
        assertEquals("{\"n\":\"点2499\"}", store.load(DocumentKind.CAMERA, "c2499").orElseThrow().json());
        assertEquals(1, store.load(DocumentKind.CAMERA, "c2499").orElseThrow().version());
        assertEquals(2500, store.audit(new AuditQuery(null, null, "importer", null, 10_000)).size());
    }

    @Test
    void auditIsQueryableByTimeUserAndTargetNewestFirst() {
        store.commit(List.of(), List.of(entry("e1", 1000, "alice", "c1"), entry("e2", 2000, "bob", "c1"),
                entry("e3", 3000, "alice", "c2"), entry("e4", 4000, "alice", "c1")));
        List<AuditEntry> alice = store.audit(new AuditQuery(null, null, "alice", null, 100));
        assertEquals(List.of("e4", "e3", "e1"), alice.stream().map(AuditEntry::id).toList());
        List<AuditEntry> c1 = store.audit(new AuditQuery(null, null, null, "c1", 100));
        assertEquals(List.of("e4", "e2", "e1"), c1.stream().map(AuditEntry::id).toList());
        List<AuditEntry> window = store.audit(new AuditQuery(Instant.ofEpochMilli(2000), Instant.ofEpochMilli(4000),
                null, null, 100));
        assertEquals(List.of("e3", "e2"), window.stream().map(AuditEntry::id).toList());
        assertEquals(1, store.audit(new AuditQuery(null, null, null, null, 1)).size());
        AuditEntry e = alice.get(0);
        assertEquals(Instant.ofEpochMilli(4000), e.at());
        assertEquals("127.0.0.1", e.remoteAddress());
        assertEquals(AuditAction.UPDATE, e.action());
        assertEquals("{\"after\":2}", e.after());
    }

    @Test
    void pruneRemovesOnlyOlderEntries() {
        store.commit(List.of(), List.of(entry("e1", 1000, "a", "x"), entry("e2", 2000, "a", "x"),
                entry("e3", 3000, "a", "x")));
        assertEquals(2, store.pruneAudit(Instant.ofEpochMilli(3000)));
        assertEquals(List.of("e3"), store.audit(new AuditQuery(null, null, null, null, 10)).stream()
                .map(AuditEntry::id).toList());
    }

    @Test
    void aRegistryOverTheStoreFindsEverythingAgainWhenReopened() {
        SecretBox box = SecretBox.random();
        RegistryStore shared = new NonClosing(store);
        Registry first = Registry.open(shared, box, ViewingPolicy.defaults(), new PasswordHasher(4),
                java.time.Clock.systemUTC());
        DemoCounty.Summary demo = DemoCounty.populate(first, 554);
        List<Camera> before = first.cameras(null, CameraQuery.all(1000)).items();
        first.close();
        Registry second = Registry.open(shared, box, ViewingPolicy.defaults(), new PasswordHasher(4),
                java.time.Clock.systemUTC());
        assertEquals(880, before.size());
        assertEquals(before, second.cameras(null, CameraQuery.all(1000)).items());
        assertEquals(103, second.sites().size());
        assertEquals(demo.credentials(), second.credentials(before.get(0).id()).orElseThrow());
        second.close();
    }

    /** Lets a test close a registry without closing the store the @AfterEach closes. */
    private record NonClosing(RegistryStore inner) implements RegistryStore {
        public List<StoredDocument> loadAll(DocumentKind kind) {
            return inner.loadAll(kind);
        }

        public java.util.Optional<StoredDocument> load(DocumentKind kind, String id) {
            return inner.load(kind, id);
        }

        public void commit(List<DocumentWrite> writes, List<AuditEntry> audit) {
            inner.commit(writes, audit);
        }

        public List<AuditEntry> audit(AuditQuery query) {
            return inner.audit(query);
        }

        public int pruneAudit(Instant cutoff) {
            return inner.pruneAudit(cutoff);
        }

        public void close() {
        }
    }
}
