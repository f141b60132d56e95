package org.sharpeye.ingest.picture;

import io.netty.util.concurrent.DefaultThreadFactory;
import org.sharpeye.media.Frame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Checks the pictures of watched cameras at a low rate: per check it joins the stream briefly, decodes two
 * keyframes at least {@code frozenGap} apart (FFmpeg through JavaCPP) and tells BLACK, FROZEN or OK; the later
 * keyframe becomes the camera's snapshot. Each interval the targets with readers are checked once, spread evenly
 * over the interval, on a bounded pool ({@code workers} threads, 1 by default). Only watched streams are joined:
 * joining an idle on-demand stream would open a camera session.
 */
public final class PictureChecker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PictureChecker.class);

    private final PictureCheckOptions options;
    private final Supplier<? extends Collection<PictureTarget>> targets;
    private final Consumer<PictureVerdict> sink;
    private final SnapshotStore snapshots;
    private final ScheduledExecutorService pool;
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    /**
     * @param targets the camera profiles to consider, asked once per interval; those without readers are skipped
     * @param sink every verdict, on a worker thread
     */
    public PictureChecker(PictureCheckOptions options, Supplier<? extends Collection<PictureTarget>> targets,
                          Consumer<PictureVerdict> sink) {
        this.options = Objects.requireNonNull(options, "options");
        this.targets = Objects.requireNonNull(targets, "targets");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.snapshots = new SnapshotStore(options.maxSnapshots(), options.maxSnapshotBytes());
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(options.workers(),
                new DefaultThreadFactory("sharpeye-picture", true));
        executor.setRemoveOnCancelPolicy(true);
        this.pool = executor;
    }

    /** Starts the periodic rounds. */
    public PictureChecker start() {
        pool.scheduleAtFixedRate(this::round, 0, options.interval().toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    public SnapshotStore snapshots() {
        return snapshots;
    }

    /** The last snapshot of a camera, a JPEG. */
    public Optional<byte[]> snapshot(String cameraId) {
        return snapshots.latest(cameraId);
    }

    /** Checks one target now on the pool (whether watched or not: the caller decides). */
    public CompletableFuture<PictureVerdict> check(PictureTarget target) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return checkNow(target);
            } catch (IOException e) {
                throw new java.util.concurrent.CompletionException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.util.concurrent.CompletionException(e);
            }
        }, pool);
    }

    private void round() {
        List<PictureTarget> watched = new ArrayList<>();
        try {
            for (PictureTarget t : targets.get()) {
                if (t.stream().readerCount() > 0 && !t.stream().isClosed()) {
                    watched.add(t);
                }
            }
        } catch (RuntimeException e) {
            log.warn("cannot list the cameras whose picture to check", e);
            return;
        }
        if (watched.isEmpty()) {
            return;
        }
        long slot = options.interval().toNanos() / watched.size();
        for (int i = 0; i < watched.size(); i++) {
            PictureTarget t = watched.get(i);
            pool.schedule(() -> scheduled(t), i * slot, TimeUnit.NANOSECONDS);
        }
    }

    private void scheduled(PictureTarget target) {
        if (target.stream().readerCount() == 0 || !running.add(target.key())) {
            return; // no longer watched, or the last check of it still runs
        }
        try {
            checkNow(target);
        } catch (IOException e) {
            log.info("picture check of {} failed: {}", target.key(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("picture check of {} failed", target.key(), e);
        } finally {
            running.remove(target.key());
        }
    }

    private PictureVerdict checkNow(PictureTarget target) throws IOException, InterruptedException {
        KeyframeDecoder.Decoded first;
        KeyframeDecoder.Decoded second;
        try (KeyframeGrab grab = new KeyframeGrab(target.stream())) {
            long timeout = options.timeout().toNanos();
            Frame a = grab.next(Long.MIN_VALUE, timeout);
            if (a == null) {
                throw new IOException("no keyframe within " + options.timeout().toSeconds() + " s");
            }
            long minPts = a.ptsMicros() + options.frozenGap().toNanos() / 1000;
            try {
                first = KeyframeDecoder.decode(a);
            } finally {
                a.release();
            }
            Frame b = grab.next(minPts, timeout);
            if (b == null) {
                second = null;
            } else {
                try {
                    second = KeyframeDecoder.decode(b);
                } finally {
                    b.release();
                }
            }
        }
        PictureState state = second == null ? LumaThumbnail.judge(null, first.thumbnail())
                : LumaThumbnail.judge(first.thumbnail(), second.thumbnail());
        KeyframeDecoder.Decoded shown = second == null ? first : second;
        snapshots.put(target.cameraId(), shown.jpeg());
        PictureVerdict verdict = new PictureVerdict(target.cameraId(), target.profile(), state, Instant.now(),
                shown.jpeg(), shown.width(), shown.height());
        try {
            sink.accept(verdict);
        } catch (RuntimeException e) {
            log.warn("picture verdict sink failed", e);
        }
        return verdict;
    }

    @Override
    public void close() {
        pool.shutdownNow();
        try {
            pool.awaitTermination(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
