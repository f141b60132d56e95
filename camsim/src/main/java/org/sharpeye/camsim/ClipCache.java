package org.sharpeye.camsim;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Encoded clips by key, least recently used first out once their bytes pass a bound. The caller that asks first
 * for a key encodes in its own thread; callers asking for the same key meanwhile wait for that one encoding.
 */
final class ClipCache {

    private final long maxBytes;
    /** Access-ordered: iteration starts at the least recently used entry. Guarded by {@code this}. */
    private final LinkedHashMap<Object, CompletableFuture<Clip>> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    ClipCache(long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("cache bytes must not be negative: " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /** The cached clip for {@code key}, or the one {@code encode} makes (in this thread) if none is cached. */
    Clip get(Object key, Supplier<Clip> encode) {
        CompletableFuture<Clip> entry;
        boolean mine = false;
        synchronized (this) {
            entry = entries.get(key);
            if (entry == null) {
                entry = new CompletableFuture<>();
                entries.put(key, entry);
                mine = true;
            }
        }
        if (!mine) {
            try {
                return entry.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        Clip clip;
        try {
            clip = encode.get();
        } catch (RuntimeException | Error e) {
            synchronized (this) {
                entries.remove(key, entry);
            }
            entry.completeExceptionally(e);
            throw e;
        }
        entry.complete(clip);
        synchronized (this) {
            if (entries.get(key) == entry) {
                bytes += clip.sizeBytes();
                evict();
            }
        }
        return clip;
    }

    /** Bytes of the clips held now. */
    synchronized long sizeBytes() {
        return bytes;
    }

    /** Clips held now, encodings under way included. */
    synchronized int size() {
        return entries.size();
    }

    private void evict() {
        Iterator<Map.Entry<Object, CompletableFuture<Clip>>> it = entries.entrySet().iterator();
        while (bytes > maxBytes && it.hasNext()) {
            CompletableFuture<Clip> e = it.next().getValue();
            if (e.isDone() && !e.isCompletedExceptionally()) {
                // An entry still encoding has no size yet and is accounted for when it is done.
                bytes -= e.join().sizeBytes();
                it.remove();
            }
        }
    }
}
