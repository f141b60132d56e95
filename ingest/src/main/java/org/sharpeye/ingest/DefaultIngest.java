package org.sharpeye.ingest;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The engine behind {@link Ingest#create}: one source per path, chosen by the URL's scheme ({@link RtspSource} for
 * rtsp://, {@link FfmpegSource} for the others), supervised on Netty event loops: its own, or a node's shared ones.
 *
 * <p>A source lives on one loop. Created from a thread of the loops (a viewer's request on the node's HTTP server,
 * when ingest shares the server's loops), it takes that loop, so the frames of a camera started by its first viewer
 * reach that viewer without crossing threads; from any other thread it takes the next loop in turn.
 */
final class DefaultIngest implements Ingest {

    private static final Logger log = LoggerFactory.getLogger(DefaultIngest.class);

    private final IngestOptions options;
    private final EventLoopGroup group;
    /** False when the loops are the node's: they outlive ingest and are stopped by their owner. */
    private final boolean ownsGroup;
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
        this(options, NetTransport.preferred().newGroup(options.eventLoopThreads(), "sharpeye-ingest"), true);
    }

    DefaultIngest(IngestOptions options, EventLoopGroup loops) {
        this(options, loops, false);
    }

    private DefaultIngest(IngestOptions options, EventLoopGroup group, boolean ownsGroup) {
        this.options = Objects.requireNonNull(options, "options");
        this.group = Objects.requireNonNull(group, "group");
        this.ownsGroup = ownsGroup;
    }

    @Override
    public Stream stream(SourceSpec spec) {
        if (closed) {
            throw new IllegalStateException("ingest closed");
        }
        boolean[] created = new boolean[1];
        SupervisedSource source = sources.computeIfAbsent(spec.path(), path -> {
            created[0] = true;
            EventLoop loop = loopForNewSource();
            return spec.isRtsp() ? new RtspSource(spec, loop, options, this::observe)
                    : new FfmpegSource(spec, loop, options, this::observe, ffmpegWorkers);
        });
        if (created[0]) {
            log.info("source {}", spec);
            source.start();
        }
        return source.stream();
    }

    /** The caller's own loop when it is one of ours, else the next in turn. */
    private EventLoop loopForNewSource() {
        for (EventExecutor loop : group) {
            if (loop.inEventLoop() && loop instanceof EventLoop own) {
                return own;
            }
        }
        return group.next();
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
        CompletableFuture<?>[] ended = sources.values().stream().map(SupervisedSource::close)
                .toArray(CompletableFuture[]::new);
        ffmpegWorkers.shutdown(); // the sessions were stopped: their threads end at FFmpeg's next interrupt poll
        boolean onOurLoop = false;
        for (EventExecutor loop : group) {
            onOurLoop |= loop.inEventLoop();
        }
        if (ownsGroup) {
            // A short quiet period lets the queued TEARDOWNs reach the cameras.
            var termination = group.shutdownGracefully(100, 2000, TimeUnit.MILLISECONDS);
            if (!onOurLoop) { // waiting on our own loop would deadlock
                termination.awaitUninterruptibly(3, TimeUnit.SECONDS);
            }
        } else if (!onOurLoop) {
            // The node's loops stay up: wait for the sessions to end (TEARDOWN sent, connections closed).
            try {
                CompletableFuture.allOf(ended).get(3, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                log.warn("sessions still ending after 3 s: {}", e.toString());
            }
        }
    }
}
