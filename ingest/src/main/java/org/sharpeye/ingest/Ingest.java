package org.sharpeye.ingest;

import org.sharpeye.media.Stream;

import java.util.function.Consumer;

/**
 * The ingest engine: pulls each camera profile over RTSP once and publishes its frames into a {@link Stream},
 * however many readers join it. Sources are supervised: a failure is classified ({@link FailureReason}),
 * observed, and retried with capped exponential backoff and jitter while the source is wanted.
 */
public interface Ingest extends AutoCloseable {

    /** An engine with its own Netty event loops. */
    static Ingest create(IngestOptions options) {
        return new DefaultIngest(options);
    }

    /**
     * The stream of {@code spec.path()}, creating its source on the first call: an always-on source starts at
     * once, an on-demand one when the stream gets its first reader. Later calls for the same path return the same
     * stream (the first spec stays in force).
     */
    Stream stream(SourceSpec spec);

    /**
     * Stops a path's source (TEARDOWN) and closes its stream, which ends its readers; a later {@link #stream} call
     * starts a new source. The cluster calls it when a camera's ownership moves to another node. Completes, with
     * whether the path had a source, once the session is torn down and its connection closed.
     */
    java.util.concurrent.CompletableFuture<Boolean> stop(String path);

    /** The status of a path, or null when no source has that path. */
    SourceStatus status(String path);

    /** Rates and totals of a path's stream (fps, bitrate, keyframe interval, losses...), or null when unknown. */
    StreamFigures figures(String path);

    /** Adds a listener for status changes; called on an event loop, so it must not block. */
    void onObservation(Consumer<Observation> listener);

    /** Tears every session down (TEARDOWN), closes the streams and stops the event loops. */
    @Override
    void close();
}
