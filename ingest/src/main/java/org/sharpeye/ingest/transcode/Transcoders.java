package org.sharpeye.ingest.transcode;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.javacpp.Loader;
import org.sharpeye.ingest.Ingest;
import org.sharpeye.ingest.SourceSpec;
import org.sharpeye.media.Codec;
import org.sharpeye.media.Stream;
import org.sharpeye.media.VideoTrack;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The H.264 transcodes of an ingest's camera profiles, for viewers asking {@code codec=h264}: one transcoder per
 * profile, shared by all its viewers, running only while it has viewers (and the idle timeout after).
 */
public final class Transcoders implements AutoCloseable {

    private final Function<SourceSpec, Stream> sources;
    private final TranscodeOptions main;
    private final TranscodeOptions sub;
    private final Map<String, TranscodedPath> paths = new ConcurrentHashMap<>();
    private final ScheduledExecutorService lifecycle = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "transcode-lifecycle");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;

    /** Transcodes of {@code ingest}'s streams with the default options ({@link TranscodeOptions#MAIN}/SUB). */
    public Transcoders(Ingest ingest) {
        this(ingest::stream, TranscodeOptions.MAIN, TranscodeOptions.SUB);
    }

    /**
     * @param sources gives the source stream of a spec, e.g. {@code ingest::stream}
     * @param main options for paths ending in "/main"
     * @param sub options for every other path (sub streams are what a wall of tiles shows)
     */
    public Transcoders(Function<SourceSpec, Stream> sources, TranscodeOptions main, TranscodeOptions sub) {
        this.sources = Objects.requireNonNull(sources, "sources");
        this.main = Objects.requireNonNull(main, "main");
        this.sub = Objects.requireNonNull(sub, "sub");
        // Loading FFmpeg's natives takes about a second: do it now, not while the first viewer waits.
        lifecycle.execute(() -> Loader.load(avcodec.class));
        lifecycle.execute(() -> Loader.load(swscale.class));
    }

    /**
     * The H.264 stream of {@code spec.path()}: the source stream itself when it is known to be H.264 already, else
     * the transcoded stream {@code {path}/h264}, the same one for every call while it lives. Its transcoder starts
     * with its first reader and stops the idle timeout after its last. A source whose codec is not known yet (it
     * has not been pulled) gets the transcoded stream; should it turn out to be H.264, frames pass through.
     */
    public Stream transcoded(SourceSpec spec) {
        if (closed) {
            throw new IllegalStateException("transcoders closed");
        }
        Stream source = sources.apply(spec);
        VideoTrack track = source.videoTrack();
        if (track != null && track.codec() == Codec.H264) {
            return source;
        }
        return paths.compute(spec.path(), (path, existing) ->
                existing != null && !existing.output().isClosed() ? existing
                        : new TranscodedPath(source, optionsFor(path), lifecycle)).output();
    }

    /** Transcoders running now, over all paths. */
    public int running() {
        return (int) paths.values().stream().filter(TranscodedPath::isRunning).count();
    }

    /** The figures of the path's running (else last) transcoder, or null when it never ran. */
    public TranscodeStats stats(String path) {
        TranscodedPath p = paths.get(path);
        return p == null ? null : p.stats();
    }

    TranscodeOptions optionsFor(String path) {
        return path.endsWith("/main") ? main : sub;
    }

    /** Stops every transcoder (waiting up to 5 s for their natives to be freed) and closes the streams. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<CompletableFuture<Void>> stops = paths.values().stream().map(TranscodedPath::close).toList();
        try {
            CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            // a transcoder stuck in native code; its worker is a daemon and the JVM may still exit
        }
        lifecycle.shutdown();
    }
}
