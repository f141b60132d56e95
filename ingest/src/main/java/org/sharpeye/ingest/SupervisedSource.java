package org.sharpeye.ingest;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import org.sharpeye.ingest.rtsp.Redaction;
import org.sharpeye.media.Stream;
import org.sharpeye.media.StreamStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Supervises the source of one path: one upstream session at a time, started at once (always-on) or when the
 * stream gets its first reader (on demand) and stopped the idle timeout after the last one leaves; a failure is
 * classified, observed, and retried with backoff while the source is wanted. All state lives on one event loop,
 * so nothing here needs a lock. A protocol extends it with {@link #openSession()}.
 */
abstract class SupervisedSource {

    private static final Logger log = LoggerFactory.getLogger(SupervisedSource.class);
    private static final long TICK_MILLIS = 1000;

    final SourceSpec spec;
    final Stream stream;
    final EventLoop loop;
    final IngestOptions options;
    final StreamTimeline timeline;
    private final Consumer<Observation> observations;
    private final Backoff backoff;
    private final RateWindow rates = new RateWindow();
    private final SessionWatchdog watchdog;

    private SourceSession session;
    private ScheduledFuture<?> retryTimer;
    private ScheduledFuture<?> idleTimer;
    private ScheduledFuture<?> tickTimer;
    private boolean wanted;
    private boolean closed;
    private volatile SourceStatus status;
    private volatile long reconnects;

    SupervisedSource(SourceSpec spec, EventLoop loop, IngestOptions options, Consumer<Observation> observations) {
        this.spec = spec;
        this.stream = new Stream(spec.path());
        this.timeline = new StreamTimeline(stream);
        this.loop = loop;
        this.options = options;
        this.observations = observations;
        this.backoff = new Backoff(options.backoffMin(), options.backoffMax());
        this.watchdog = new SessionWatchdog(options);
        this.status = SourceStatus.of(SourceState.IDLE);
    }

    /** A new session, not started yet; called on the loop. */
    abstract SourceSession openSession();

    Stream stream() {
        return stream;
    }

    SourceStatus status() {
        return status;
    }

    /** The figures of this source now; any thread. */
    StreamFigures figures() {
        StreamStats s = stream.stats();
        long last = s.lastFrameNanos();
        Instant lastAt = last == 0 ? null : Instant.now().minusNanos(System.nanoTime() - last);
        return new StreamFigures(spec.path(), status, rates.framesPerSecond(), rates.bitsPerSecond(),
                s.keyframeIntervalMicros() / 1000, s.framesIn(), s.bytesIn(), s.framesLost(), stream.readerCount(),
                reconnects, lastAt, stream.gopCacheBytes());
    }

    void start() {
        loop.execute(guard(() -> tickTimer = loop.scheduleAtFixedRate(guard(this::tick), TICK_MILLIS, TICK_MILLIS,
                TimeUnit.MILLISECONDS)));
        if (spec.onDemand()) {
            stream.onReadersChanged(() -> loop.execute(guard(this::readersChanged)));
            loop.execute(guard(this::readersChanged)); // a reader may have joined before the listener was set
        } else {
            loop.execute(guard(this::want));
        }
    }

    /**
     * Stops the source for good: its session ends (TEARDOWN), the stream closes.
     *
     * @return completes once the session's connection or thread is gone and the stream is closed
     */
    CompletableFuture<Void> close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            loop.execute(() -> closeOnLoop(done));
        } catch (RejectedExecutionException e) { // the loop has stopped: nothing of ours runs any more
            stream.close();
            done.complete(null);
        }
        return done;
    }

    private void closeOnLoop(CompletableFuture<Void> done) {
        SourceSession ending = session;
        try {
            closed = true;
            wanted = false;
            try {
                cancelTimers();
                if (tickTimer != null) {
                    tickTimer.cancel(false);
                }
                stopSession();
            } catch (Throwable t) {
                log.error("{}: error while closing", spec.path(), t);
            }
            setStatus(SourceStatus.of(SourceState.CLOSED));
            stream.close();
        } finally {
            (ending == null ? CompletableFuture.<Void>completedFuture(null) : ending.ended())
                    .whenComplete((v, e) -> done.complete(null));
        }
    }

    /** True while {@code s} is the session in force (on the loop). */
    boolean current(SourceSession s) {
        return s == session;
    }

    /** {@code s} is playing: the source is PLAYING. On the loop. */
    void playing(SourceSession s, String what) {
        if (s != session) {
            return;
        }
        s.markPlaying();
        log.info("{}: playing {} from {}", spec.path(), what, Redaction.url(spec.uri()));
        setStatus(SourceStatus.of(SourceState.PLAYING));
    }

    /** The session delivered its first frame: this camera works, the next failure starts from the short delays. */
    void delivered() {
        backoff.reset();
    }

    /** {@code failed} ended for {@code reason}; retried while wanted. On the loop. */
    void sessionFailed(SourceSession failed, FailureReason reason, String detail) {
        if (failed != session) {
            return;
        }
        session = null;
        failed.close();
        setStatus(SourceStatus.failed(reason, detail));
        scheduleRetry(reason, detail);
    }

    /**
     * Every task of this source runs through here: an unexpected Throwable (a bug, a missing class, a listener
     * that throws) must become a visible failure that is retried, never a source stuck in CONNECTING.
     */
    Runnable guard(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (Throwable t) {
                internalError(session, t);
            }
        };
    }

    /** An unexpected Throwable in {@code broken}: PROTOCOL_ERROR with its class and message, and a retry. */
    void internalError(SourceSession broken, Throwable t) {
        if (broken != session) {
            log.warn("{}: error in a finished session", spec.path(), t);
            return;
        }
        log.error("{}: internal error, restarting the source", spec.path(), t);
        if (broken != null) {
            session = null;
            try {
                broken.close();
            } catch (Throwable again) {
                log.warn("{}: error while ending the broken session", spec.path(), again);
            }
        }
        setStatus(SourceStatus.failed(FailureReason.PROTOCOL_ERROR, "internal error: " + describe(t)));
        scheduleRetry(FailureReason.PROTOCOL_ERROR, describe(t));
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + Redaction.redactText(message));
    }

    /** Once a second: the rate window, and the watchdogs that catch a session no callback ended. */
    private void tick() {
        long now = System.nanoTime();
        StreamStats s = stream.stats();
        rates.sample(now, s.framesIn(), s.bytesIn());
        SourceSession current = session;
        if (current == null || closed) {
            return;
        }
        SessionWatchdog.Verdict verdict = watchdog.check(current, now, noFrameDetail());
        if (verdict != null) {
            current.close();
            sessionFailed(current, verdict.reason(), verdict.detail());
        }
    }

    /** How a session that plays but assembles no frame is described; a protocol names what it receives. */
    String noFrameDetail() {
        return "no frame for";
    }

    private void readersChanged() {
        if (closed) {
            return;
        }
        if (stream.readerCount() > 0) {
            if (idleTimer != null) {
                idleTimer.cancel(false);
                idleTimer = null;
            }
            want();
        } else if (wanted && idleTimer == null) {
            idleTimer = loop.schedule(guard(this::idle), options.idleTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void idle() {
        idleTimer = null;
        if (closed || stream.readerCount() > 0) {
            return;
        }
        log.info("{}: no readers for {} s, stopping", spec.path(), options.idleTimeout().toSeconds());
        wanted = false;
        cancelTimers();
        stopSession();
        backoff.reset();
        setStatus(SourceStatus.of(SourceState.IDLE));
    }

    private void want() {
        if (wanted || closed) {
            return;
        }
        wanted = true;
        startSession();
    }

    private void startSession() {
        retryTimer = null;
        if (!wanted || closed || session != null) {
            return;
        }
        setStatus(SourceStatus.of(SourceState.CONNECTING));
        stream.resetCache(); // a new session restarts the timeline; the old GOP must not mix with it
        session = openSession();
        session.start();
    }

    private void stopSession() {
        if (session != null) {
            SourceSession stopping = session;
            session = null;
            stopping.close();
        }
    }

    private void scheduleRetry(FailureReason reason, String detail) {
        if (!wanted || closed) {
            return;
        }
        if (retryTimer != null) {
            retryTimer.cancel(false);
        }
        long delay = backoff.nextDelayMillis();
        log.info("{}: {} ({}), retry {} in {} ms", spec.path(), reason, detail, backoff.attempt(), delay);
        retryTimer = loop.schedule(guard(() -> {
            reconnects++;
            startSession();
        }), delay, TimeUnit.MILLISECONDS);
    }

    private void cancelTimers() {
        if (retryTimer != null) {
            retryTimer.cancel(false);
            retryTimer = null;
        }
        if (idleTimer != null) {
            idleTimer.cancel(false);
            idleTimer = null;
        }
    }

    private void setStatus(SourceStatus next) {
        SourceStatus previous = status;
        status = next;
        if (next.changedFrom(previous)) {
            try {
                observations.accept(new Observation(spec.path(), next));
            } catch (Throwable e) { // a listener's bug must not stop the source
                log.warn("observation listener failed", e);
            }
        }
    }
}
