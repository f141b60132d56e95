package org.sharpeye.ingest;

import io.netty.channel.EventLoopGroup;
import org.sharpeye.media.Stream;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The ingest engine: pulls each camera profile once (over RTSP, or through FFmpeg for rtmp, http(s) and file URLs)
 * and publishes its frames into a {@link Stream}, however many readers join it. Sources are supervised: a failure is classified ({@link FailureReason}),
 * observed, and retried with capped exponential backoff and jitter while the source is wanted.
 */
public interface Ingest extends AutoCloseable {

    /** An engine with its own Netty event loops. */
    static Ingest create(IngestOptions options) {
        return new DefaultIngest(options);
    }

    /**
     * An engine on a node's event loops (Vert.x's, so a viewer and the camera it starts share a thread). Its
     * {@code eventLoopThreads} option is unused; {@link #close} ends the sessions and leaves the loops running.
     */
    static Ingest create(IngestOptions options, EventLoopGroup loops) {
        return new DefaultIngest(options, loops);
    }

    /**
     * The stream of {@code spec.path()}, creating its source on the first call: an always-on source starts at
     * once, an on-demand one when the stream gets its first reader. Later calls for the same path return the same
     * stream (the first spec stays in force).
     */
    Stream stream(SourceSpec spec);

    /** The status of a path, or null when no source has that path. */
    SourceStatus status(String path);

    /** Rates and totals of a path's stream (fps, bitrate, keyframe interval, losses...), or null when unknown. */
    StreamFigures figures(String path);

    /**
     * Stops the source of {@code path} for good, whatever its readers (TEARDOWN for RTSP, the FFmpeg input closed),
     * and forgets it: a later {@link #stream} makes a new source.
     *
     * @return completes with true once the session is torn down and the stream closed; with false at once when
     *         no source has that path
     */
    CompletableFuture<Boolean> stop(String path);

    /** Adds a listener for status changes; called on an event loop, so it must not block. */
    void onObservation(Consumer<Observation> listener);

    /** Tears every session down (TEARDOWN), closes the streams and stops the event loops it owns. */
    @Override
    void close();
}
