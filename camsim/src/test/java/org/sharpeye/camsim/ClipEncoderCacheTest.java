package org.sharpeye.camsim;

import org.junit.jupiter.api.Test;
import org.sharpeye.media.Codec;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ClipEncoder's cache (ClipCache) with made-up clips: LRU order, the byte bound, one encoding per key, failures. */
class ClipEncoderCacheTest {

    private static Clip clipOf(int bytes) {
        return new Clip(Codec.H264, 16, 16, 25, null, new byte[] {0x67}, new byte[] {0x68},
                List.of(new Clip.AccessUnit(List.of(new byte[bytes]), true)));
    }

    @Test
    void evictsTheLeastRecentlyUsedClipFirst() {
        ClipCache cache = new ClipCache(250);
        Clip a = cache.get("a", () -> clipOf(100));
        Clip b = cache.get("b", () -> clipOf(100));
        assertSame(a, cache.get("a", () -> clipOf(100)), "a is cached, and now the most recently used");

        cache.get("c", () -> clipOf(100));

        assertEquals(200, cache.sizeBytes());
        assertSame(a, cache.get("a", () -> clipOf(100)), "a survived");
        assertNotSame(b, cache.get("b", () -> clipOf(100)), "b was the least recently used and went");
    }

    @Test
    void aClipLargerThanTheBoundIsReturnedButNotKept() {
        ClipCache cache = new ClipCache(50);
        Clip big = cache.get("big", () -> clipOf(100));
        assertEquals(100, big.sizeBytes());
        assertEquals(0, cache.sizeBytes());
        assertEquals(0, cache.size());
    }

    @Test
    void concurrentCallersForOneKeyWaitForOneEncoding() throws Exception {
        ClipCache cache = new ClipCache(1 << 20);
        AtomicInteger encodings = new AtomicInteger();
        CountDownLatch encoding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<Clip> first = pool.submit(() -> cache.get("k", () -> {
                encodings.incrementAndGet();
                encoding.countDown();
                await(release);
                return clipOf(10);
            }));
            assertTrue(encoding.await(10, TimeUnit.SECONDS));
            AtomicReference<Thread> secondThread = new AtomicReference<>();
            Future<Clip> second = pool.submit(() -> {
                secondThread.set(Thread.currentThread());
                return cache.get("k", () -> {
                    encodings.incrementAndGet();
                    return clipOf(10);
                });
            });
            // Let the first encoding finish only once the second caller is parked waiting for it.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while ((secondThread.get() == null || secondThread.get().getState() != Thread.State.WAITING)
                    && System.nanoTime() < deadline) {
                Thread.sleep(5); // polling: parking on the future raises no event
            }
            assertEquals(Thread.State.WAITING, secondThread.get().getState());
            release.countDown();
            assertSame(first.get(10, TimeUnit.SECONDS), second.get(10, TimeUnit.SECONDS));
            assertEquals(1, encodings.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailedEncodingIsNotCached() {
        ClipCache cache = new ClipCache(1 << 20);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> cache.get("k", () -> {
                    throw new IllegalStateException("encoder broke");
                }));
        assertEquals("encoder broke", e.getMessage());
        assertEquals(0, cache.size());
        Clip clip = cache.get("k", () -> clipOf(10));
        assertSame(clip, cache.get("k", () -> clipOf(10)));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
