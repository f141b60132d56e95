package org.sharpeye.ingest;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import org.sharpeye.media.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** The engine behind {@link Ingest#create}: one {@link RtspSource} per path on its own Netty event loops. */
final class DefaultIngest implements Ingest {

    private static final Logger log = LoggerFactory.getLogger(DefaultIngest.class);

    private final IngestOptions options;
    private final EventLoopGroup group;
    private final Map<String, RtspSource> sources = new ConcurrentHashMap<>();
    private final List<Consumer<Observation>> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    DefaultIngest(IngestOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.group = new MultiThreadIoEventLoopGroup(options.eventLoopThreads(), NioIoHandler.newFactory());
    }

    @Override
    public Stream stream(SourceSpec spec) {
        if (closed) {
            throw new IllegalStateException("ingest closed");
        }
        boolean[] created = new boolean[1];
        RtspSource source = sources.computeIfAbsent(spec.path(), path -> {
            created[0] = true;
            return new RtspSource(spec, group.next(), options, this::observe);
        });
        if (created[0]) {
            log.info("source {}", spec);
            source.start();
        }
        return source.stream();
    }

    @Override
    public CompletableFuture<Boolean> stop(String path) {
        RtspSource source = sources.remove(path);
        if (source == null) {
            return CompletableFuture.completedFuture(false);
        }
        log.info("source {} stopped", path);
        return source.close().thenApply(v -> true);
    }

    @Override
    public SourceStatus status(String path) {
        RtspSource source = sources.get(path);
        return source == null ? null : source.status();
    }

    @Override
    public StreamFigures figures(String path) {
        RtspSource source = sources.get(path);
        return source == null ? null : source.figures();
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
        sources.values().forEach(RtspSource::close);
        // A short quiet period lets the queued TEARDOWNs reach the cameras.
        var termination = group.shutdownGracefully(100, 2000, TimeUnit.MILLISECONDS);
        boolean onOurLoop = false;
        for (io.netty.util.concurrent.EventExecutor loop : group) {
            onOurLoop |= loop.inEventLoop();
        }
        if (!onOurLoop) { // waiting on our own loop would deadlock
            termination.awaitUninterruptibly(3, TimeUnit.SECONDS);
        }
    }
}
