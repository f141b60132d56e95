package org.sharpeye.ingest.picture;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The last snapshot JPEG of each camera, bounded in count and bytes: the least recently stored are dropped first.
 * Thread-safe.
 */
public final class SnapshotStore {

    private final int maxEntries;
    private final long maxBytes;
    private final LinkedHashMap<String, byte[]> byCamera = new LinkedHashMap<>(16, 0.75f, false);
    private long bytes;

    public SnapshotStore(int maxEntries, long maxBytes) {
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    /** Keeps {@code jpeg} as the camera's snapshot (the array is not copied: do not change it). */
    public synchronized void put(String cameraId, byte[] jpeg) {
        if (jpeg.length > maxBytes) {
            return;
        }
        byte[] old = byCamera.remove(cameraId);
        if (old != null) {
            bytes -= old.length;
        }
        byCamera.put(cameraId, jpeg);
        bytes += jpeg.length;
        Iterator<Map.Entry<String, byte[]>> oldest = byCamera.entrySet().iterator();
        while ((byCamera.size() > maxEntries || bytes > maxBytes) && oldest.hasNext()) {
            bytes -= oldest.next().getValue().length;
            oldest.remove();
        }
    }

    /** The camera's last snapshot (a JPEG; do not change the array). */
    public synchronized Optional<byte[]> latest(String cameraId) {
        return Optional.ofNullable(byCamera.get(cameraId));
    }

    public synchronized int size() {
        return byCamera.size();
    }

    public synchronized long bytes() {
        return bytes;
    }
}
