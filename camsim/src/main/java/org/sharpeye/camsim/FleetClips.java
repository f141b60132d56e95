package org.sharpeye.camsim;

import io.netty.util.concurrent.DefaultThreadFactory;
import org.sharpeye.media.Codec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The clips a fleet plays, in two tiers so that every camera answers and streams at once. Shared clips (one per
 * codec, format and picture, labelled {@value ClipEncoder#SHARED_LABEL}) are encoded first, two at a time, and kept
 * for the life of camsim. A camera's own clip (its id and name burnt in) is encoded on first use on one
 * low-priority thread, behind the shared ones; until it is ready the camera plays the shared clip.
 */
final class FleetClips implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FleetClips.class);

    /** A shared clip's identity. */
    record Key(Codec codec, ClipSource.VideoFormat format, Picture picture) {
    }

    private final ClipSource source;
    private final ExecutorService sharedPool;
    private final ExecutorService ownPool;
    private final Map<Key, CompletableFuture<ClipPackets>> shared = new ConcurrentHashMap<>();
    private final AtomicLong ownEncodings = new AtomicLong();
    /** The packets of each shared clip by the clip itself, so a source that hands out the same clip builds none. */
    private final Map<Clip, ClipPackets> sharedPackets = java.util.Collections.synchronizedMap(
            new java.util.IdentityHashMap<>());

    FleetClips(ClipSource source) {
        this.source = source;
        this.sharedPool = Executors.newFixedThreadPool(2, new DefaultThreadFactory("camsim-shared-clips", true));
        // One thread, at the lowest priority Java offers: own clips are a nicety, serving RTP is not.
        this.ownPool = Executors.newSingleThreadExecutor(
                new DefaultThreadFactory("camsim-own-clips", true, Thread.MIN_PRIORITY));
    }

    /** The shared clip, encoded once (started now if it was not yet). */
    CompletableFuture<ClipPackets> shared(Codec codec, ClipSource.VideoFormat format, Picture picture) {
        return shared.computeIfAbsent(new Key(codec, format, picture), k -> CompletableFuture.supplyAsync(() -> {
            long t0 = System.nanoTime();
            Clip clip = source.sharedClip(k.codec(), k.format(), k.picture());
            ClipPackets p = ClipPackets.of(clip);
            sharedPackets.put(clip, p);
            LOG.debug("shared {} {}x{} {} clip ready in {} ms", k.codec(), k.format().width(), k.format().height(),
                    k.picture(), (System.nanoTime() - t0) / 1_000_000);
            return p;
        }, sharedPool));
    }

    /** Starts encoding these shared clips (in this order, two at a time); completes when all are ready. */
    CompletableFuture<Void> prepare(Collection<Key> keys) {
        return CompletableFuture.allOf(keys.stream().map(k -> shared(k.codec(), k.format(), k.picture()))
                .toArray(CompletableFuture[]::new));
    }

    /** A camera's own clip, encoded (or taken from the source's cache) on the low-priority thread. */
    CompletableFuture<ClipPackets> own(String cameraId, String label, Codec codec, ClipSource.VideoFormat format,
                                       Picture picture) {
        return CompletableFuture.supplyAsync(() -> {
            ownEncodings.incrementAndGet();
            Clip clip = source.clip(cameraId, label, codec, format, picture);
            // A shared encoder (a benchmark fleet) answers with the shared clip itself: reuse its packets.
            ClipPackets same = sharedPackets.get(clip);
            return same != null ? same : ClipPackets.of(clip);
        }, ownPool);
    }

    /** Own clips asked for so far (cache hits included). */
    long ownRequests() {
        return ownEncodings.get();
    }

    @Override
    public void close() {
        sharedPool.shutdownNow();
        ownPool.shutdownNow();
        try {
            sharedPool.awaitTermination(5, TimeUnit.SECONDS);
            ownPool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
