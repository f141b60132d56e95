package org.sharpeye.ingest;

import io.netty.channel.EventLoopGroup;
import org.sharpeye.media.net.NetTransport;
import org.sharpeye.media.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The engine behind {@link Ingest#create}: one source per path, chosen by the URL's scheme ({@link RtspSource} for
 * rtsp://, {@link FfmpegSource} for the others), supervised on its own Netty event loops.
 */
final class DefaultIngest implements Ingest {

    private static final Logger log = LoggerFactory.getLogger(DefaultIngest.class);

    private final IngestOptions options;
    private final EventLoopGroup group;
    private final Map<String, SupervisedSource> sources = new ConcurrentHashMap<>();
    private final List<Consumer<Observation>> listeners = new CopyOnWriteArrayList<>();
    /** FFmpeg sources block a thread per session while it lasts; none of them may run on an event loop. */
    private final ExecutorService ffmpegWorkers = Executors.newCachedThreadPool(new ThreadFactory() {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "ingest-ffmpeg-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    });
    private volatile boolean closed;

    DefaultIngest(IngestOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.group = NetTransport.preferred().newGroup(options.eventLoopThreads(), "sharpeye-ingest");
    }

    @Override
    public Stream stream(SourceSpec spec) {
        if (closed) {
            throw new IllegalStateException("ingest closed");
        }
        boolean[] created = new boolean[1];
        SupervisedSource source = sources.computeIfAbsent(spec.path(), path -> {
            created[0] = true;
            return spec.isRtsp() ? new RtspSource(spec, group.next(), options, this::observe)
                    : new FfmpegSource(spec, group.next(), options, this::observe, ffmpegWorkers);
        });
        if (created[0]) {
            log.info("source {}", spec);
            source.start();
        }
        return source.stream();
    }

    @Override
    public SourceStatus status(String path) {
        SupervisedSource source = sources.get(path);
        return source == null ? null : source.status();
    }

    @Override
    public StreamFigures figures(String path) {
        SupervisedSource source = sources.get(path);
        return source == null ? null : source.figures();
    }

    @Override
    public CompletableFuture<Boolean> stop(String path) {
        SupervisedSource source = closed ? null : sources.remove(path);
        if (source == null) {
            return CompletableFuture.completedFuture(false);
        }
        log.info("source {} stopped", path);
        return source.close().thenApply(v -> true);
    }

    @Override
    public void onObservation(Consumer<Observation> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    private void observe(Observation observation) {
        for (Consumer<Observation> listener : listeners) {
            try {
                listener.accept(observation);
            } catch (Throwable e) { // one listener's bug must not starve the others
                log.warn("observation listener failed", e);
            }
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        sources.values().forEach(SupervisedSource::close);
        // A short quiet period lets the queued TEARDOWNs reach the cameras.
        var termination = group.shutdownGracefully(100, 2000, TimeUnit.MILLISECONDS);
        ffmpegWorkers.shutdown(); // the sessions were stopped: their threads end at FFmpeg's next interrupt poll
        boolean onOurLoop = false;
        for (io.netty.util.concurrent.EventExecutor loop : group) {
            onOurLoop |= loop.inEventLoop();
        }
        if (!onOurLoop) { // waiting on our own loop would deadlock
            termination.awaitUninterruptibly(3, TimeUnit.SECONDS);
        }
    }
}
