package org.sharpeye.ingest.picture;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SnapshotStoreTest {

    @Test
    void boundedByCountAndBytesOldestFirst() {
        SnapshotStore store = new SnapshotStore(3, 250);
        store.put("a", new byte[100]);
        store.put("b", new byte[100]);
        assertEquals(200, store.bytes());
        store.put("c", new byte[100]); // 300 > 250: a goes
        assertTrue(store.latest("a").isEmpty());
        assertEquals(2, store.size());
        store.put("b", new byte[10]); // replacing b moves it to the newest
        store.put("d", new byte[10]);
        store.put("e", new byte[10]); // 4 entries > 3: c (the oldest) goes
        assertTrue(store.latest("c").isEmpty());
        assertEquals(10, store.latest("b").orElseThrow().length);
        assertEquals(30, store.bytes());
        store.put("huge", new byte[1000]); // larger than the whole store: not kept
        assertTrue(store.latest("huge").isEmpty());
    }
}
