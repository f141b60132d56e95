package org.sharpeye.ingest.rtsp;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The timers of one RTSP connection: the wait for the outstanding request's answer, and once playing the
 * keepalive, the RTCP receiver reports and the stall check (on the loop's shared {@link StallClock}). Their tasks
 * run guarded: an unexpected Throwable goes to the connection's error handling instead of vanishing in the executor.
 * One connection's event loop.
 */
final class SessionTimers {

    private final EventExecutor executor;
    private final Consumer<Throwable> onError;
    private ScheduledFuture<?> response;
    private ScheduledFuture<?> keepalive;
    private ScheduledFuture<?> report;
    private StallClock.Registration stall;

    SessionTimers(EventExecutor executor, Consumer<Throwable> onError) {
        this.executor = executor;
        this.onError = onError;
    }

    /** Runs {@code timeout} unless the answer comes first ({@link #answered()}). */
    void awaitAnswer(Runnable timeout, long millis) {
        response = executor.schedule(guarded(timeout), millis, TimeUnit.MILLISECONDS);
    }

    void answered() {
        cancel(response);
    }

    /** PLAY was answered: keepalives, receiver reports and stall checks, each at its own period. */
    void playing(Runnable keepaliveTask, long keepaliveMillis, Runnable reportTask, long reportMillis,
                 Runnable stallCheck, long stallCheckMillis) {
        keepalive = every(keepaliveTask, keepaliveMillis);
        report = every(reportTask, reportMillis);
        stall = StallClock.every(executor, stallCheckMillis, guarded(stallCheck));
    }

    private ScheduledFuture<?> every(Runnable task, long millis) {
        return executor.scheduleAtFixedRate(guarded(task), millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Cancels them all: the session is over. */
    void cancel() {
        cancel(response);
        cancel(keepalive);
        if (stall != null) {
            stall.cancel();
            stall = null;
        }
        cancel(report);
    }

    private Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (Throwable t) {
                onError.accept(t);
            }
        };
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
