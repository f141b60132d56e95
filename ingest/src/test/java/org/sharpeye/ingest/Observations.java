package org.sharpeye.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Collects a source's observations and awaits one that matches, with a deadline. */
final class Observations implements Consumer<Observation> {

    private final BlockingQueue<Observation> queue = new LinkedBlockingQueue<>();
    private final List<Observation> seen = new ArrayList<>();

    @Override
    public void accept(Observation o) {
        queue.add(o);
    }

    /** The first observation (from now on) matching {@code wanted}; fails listing what came instead. */
    synchronized SourceStatus await(Predicate<SourceStatus> wanted, String what, long timeoutMillis)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        List<String> others = new ArrayList<>();
        while (true) {
            long left = deadline - System.nanoTime();
            Observation o = queue.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (o == null) {
                throw new AssertionError("no " + what + " within " + timeoutMillis + " ms; saw " + others);
            }
            seen.add(o);
            if (wanted.test(o.status())) {
                return o.status();
            }
            others.add(o.status().state() + (o.status().reason() == null ? "" : " " + o.status().reason()
                    + " (" + o.status().detail() + ")"));
        }
    }

    SourceStatus awaitFailure(FailureReason reason, long timeoutMillis) throws InterruptedException {
        return await(s -> s.reason() == reason, reason.toString(), timeoutMillis);
    }

    SourceStatus awaitState(SourceState state, long timeoutMillis) throws InterruptedException {
        return await(s -> s.state() == state, state.toString(), timeoutMillis);
    }

    /** Forgets what arrived so far, so that the next await looks at new observations only. */
    synchronized void drain() {
        queue.clear();
    }
}
