package org.sharpeye.ingest.rtsp;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One timer per event loop (and check period) that runs the stall checks of every session playing on that loop,
 * instead of a timer per session: with a thousand cameras on four loops, four timers tick, not a thousand. The
 * timer exists while at least one check is registered. Everything happens on the loop's thread, so nothing here
 * needs a lock.
 */
final class StallClock {

    /** A registered check; {@link #cancel()} on the same loop. */
    interface Registration {
        void cancel();
    }

    private static final Logger log = LoggerFactory.getLogger(StallClock.class);

    /** This loop thread's clocks by period. */
    private static final FastThreadLocal<Map<Long, StallClock>> CLOCKS = new FastThreadLocal<>() {
        @Override
        protected Map<Long, StallClock> initialValue() {
            return new HashMap<>();
        }
    };

    private final EventExecutor executor;
    private final long periodMillis;
    private final Set<Runnable> checks = new LinkedHashSet<>();
    private final ScheduledFuture<?> timer;

    private StallClock(EventExecutor executor, long periodMillis) {
        this.executor = executor;
        this.periodMillis = periodMillis;
        this.timer = executor.scheduleAtFixedRate(this::tick, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Runs {@code check} every {@code periodMillis} on {@code executor}, sharing the loop's clock of that period.
     * Call on the loop; {@code check} must not throw (guard it).
     */
    static Registration every(EventExecutor executor, long periodMillis, Runnable check) {
        if (!executor.inEventLoop()) {
            throw new IllegalStateException("register a stall check on its own event loop");
        }
        StallClock clock = CLOCKS.get().computeIfAbsent(periodMillis, p -> new StallClock(executor, p));
        clock.checks.add(check);
        return () -> {
            if (executor.inEventLoop()) {
                clock.remove(check);
            } else {
                try {
                    executor.execute(() -> clock.remove(check));
                } catch (RejectedExecutionException e) { // the loop has stopped, and its timers with it
                    log.debug("stall check left on a stopped loop");
                }
            }
        };
    }

    /** How many clocks tick on the calling loop thread (for tests). */
    static int clocksOnThisLoop() {
        return CLOCKS.get().size();
    }

    private void remove(Runnable check) {
        if (checks.remove(check) && checks.isEmpty()) {
            timer.cancel(false);
            CLOCKS.get().remove(periodMillis, this);
        }
    }

    private void tick() {
        // A check may end its session and so remove itself (or another one) while we go through them.
        for (Runnable check : checks.toArray(new Runnable[0])) {
            if (checks.contains(check)) {
                try {
                    check.run();
                } catch (Throwable t) { // one session's bug must not stop the clock of all the others
                    log.warn("a stall check failed", t);
                }
            }
        }
    }
}
