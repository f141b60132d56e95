package org.sharpeye.ingest;

import io.netty.channel.EventLoop;

import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The source of an rtmp(s)://, http(s):// (HTTP-FLV, HLS) or file: path: supervised like every source
 * ({@link SupervisedSource}: on-demand lifecycle, backoff, status reasons, observations, watchdogs), each session
 * an {@link FfmpegSession} whose blocking FFmpeg reads run on a worker thread, never on the event loop.
 */
final class FfmpegSource extends SupervisedSource {

    private final Executor workers;

    /** @param workers runs each session's blocking read loop, one thread per session while it lasts */
    FfmpegSource(SourceSpec spec, EventLoop loop, IngestOptions options, Consumer<Observation> observations,
                 Executor workers) {
        super(spec, loop, options, observations);
        this.workers = workers;
    }

    @Override
    SourceSession openSession() {
        return new FfmpegSession(this, workers);
    }

    @Override
    String noFrameDetail() {
        return "packets but no frame for";
    }
}
