package org.sharpeye.ingest.transcode;

import org.sharpeye.media.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The transcoded stream of one camera profile and the on-demand lifecycle of its transcoder: started when the
 * stream gets its first reader, stopped the idle timeout after the last one left. While stopped it holds no reader
 * on the source, so the source's own on-demand lifecycle follows. All state changes run on the one lifecycle
 * thread, so nothing here needs a lock.
 */
final class TranscodedPath {

    private static final Logger log = LoggerFactory.getLogger(TranscodedPath.class);

    private final Stream source;
    private final Stream output;
    private final TranscodeOptions options;
    private final ScheduledExecutorService lifecycle;

    private H264Transcoder running;
    private H264Transcoder last;
    private ScheduledFuture<?> idleTimer;
    private CompletableFuture<Void> previousStopped = CompletableFuture.completedFuture(null);
    private boolean closed;

    TranscodedPath(Stream source, TranscodeOptions options, ScheduledExecutorService lifecycle) {
        this.source = source;
        this.output = new Stream(source.name() + "/h264");
        this.options = options;
        this.lifecycle = lifecycle;
        output.onReadersChanged(() -> lifecycle.execute(this::readersChanged));
    }

    Stream output() {
        return output;
    }

    /** True while a transcoder runs for this path; read on any thread, so only indicative. */
    synchronized boolean isRunning() {
        return running != null;
    }

    /** The figures of the running transcoder, else of the last one, else null. */
    synchronized TranscodeStats stats() {
        H264Transcoder t = running != null ? running : last;
        return t == null ? null : t.stats();
    }

    private void readersChanged() {
        if (closed) {
            return;
        }
        if (output.isClosed()) {
            stop();
            return;
        }
        if (output.readerCount() > 0) {
            if (idleTimer != null) {
                idleTimer.cancel(false);
                idleTimer = null;
            }
            if (running == null) {
                start();
            }
        } else if (running != null && idleTimer == null) {
            idleTimer = lifecycle.schedule(this::idle, options.idleTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void start() {
        if (!previousStopped.isDone()) {
            // Two transcoders must never publish into the output at once: wait for the last one to finish.
            previousStopped.whenCompleteAsync((v, e) -> readersChanged(), lifecycle);
            return;
        }
        output.resetCache(); // the last run's GOP is stale and its encoder's timeline ended
        H264Transcoder t = H264Transcoder.start(source, output, options);
        synchronized (this) {
            running = t;
        }
    }

    private void idle() {
        idleTimer = null;
        if (closed || output.readerCount() > 0 || running == null) {
            return;
        }
        log.info("{}: no viewers for {} s, stopping the transcoder", output.name(), options.idleTimeout().toSeconds());
        stop();
    }

    private void stop() {
        if (idleTimer != null) {
            idleTimer.cancel(false);
            idleTimer = null;
        }
        if (running != null) {
            previousStopped = running.stop();
            synchronized (this) {
                last = running;
                running = null;
            }
        }
    }

    /** Stops the transcoder and closes the output stream; returns when the transcoder has stopped. */
    CompletableFuture<Void> close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        lifecycle.execute(() -> {
            closed = true;
            stop();
            output.close();
            previousStopped.whenComplete((v, e) -> done.complete(null));
        });
        return done;
    }
}
