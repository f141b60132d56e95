package org.sharpeye.ingest.probe;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import org.sharpeye.media.net.NetTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Checks cameras nobody watches with RTSP OPTIONS + DESCRIBE (never SETUP or PLAY) once per cycle.
 *
 * <p>Pacing: at the start of each cycle the target list is taken from the supplier and target {@code i} of
 * {@code n} is due at {@code i * cycle / n} plus a random jitter within its slot, so starts are spread evenly (no
 * burst, and no lockstep with other servers' probers). At most {@code maxConcurrent} probes are in flight; a due
 * probe waits for a free place. A target still in flight or waiting from the last cycle is not started twice.
 *
 * <p>Threading: all scheduling state lives on one event loop of the group (no locks); probe connections use the
 * group's loops, so no thread per camera. The target supplier, the watched predicate and the result sink are
 * called on that loop and must not block.
 */
public final class Prober implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Prober.class);

    private record Due(long atNanos, ProbeTarget target, long cycle) {
    }

    private final EventLoopGroup group;
    private final boolean ownGroup;
    private final EventLoop scheduler;
    private final ProberOptions options;
    private final Supplier<? extends Collection<ProbeTarget>> targets;
    private final Predicate<ProbeTarget> watched;
    private final Consumer<ProbeResult> sink;

    private final ArrayDeque<Due> plan = new ArrayDeque<>();
    private final ArrayDeque<Due> waiting = new ArrayDeque<>();
    private final Set<String> busy = new HashSet<>();
    /** Cycles whose probes have not all ended: cycle number -> {probes pending, start nanos}. */
    private final java.util.Map<Long, long[]> openCycles = new java.util.HashMap<>();
    private long cycle;
    private long nextCycleNanos;
    private boolean closed;

    private volatile long cyclesDone;
    private volatile long lastCycleMillis;
    private volatile int targetCount;
    private volatile long started;
    private volatile long failed;
    private volatile long skipped;
    private volatile int inFlight;
    private volatile int maxInFlight;

    private Prober(EventLoopGroup group, boolean ownGroup, ProberOptions options,
                   Supplier<? extends Collection<ProbeTarget>> targets, Predicate<ProbeTarget> watched,
                   Consumer<ProbeResult> sink) {
        this.group = group;
        this.ownGroup = ownGroup;
        this.scheduler = group.next();
        this.options = Objects.requireNonNull(options, "options");
        this.targets = Objects.requireNonNull(targets, "targets");
        this.watched = Objects.requireNonNull(watched, "watched");
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /**
     * Starts probing on {@code group} (e.g. ingest's event loops), which the prober does not shut down.
     *
     * @param targets the idle-camera candidates, asked once per cycle
     * @param watched true for a target being watched now: its probe is skipped (its session reports health)
     * @param sink every result, on the prober's loop
     */
    public static Prober start(EventLoopGroup group, ProberOptions options,
                               Supplier<? extends Collection<ProbeTarget>> targets, Predicate<ProbeTarget> watched,
                               Consumer<ProbeResult> sink) {
        Prober prober = new Prober(group, false, options, targets, watched, sink);
        prober.scheduler.execute(prober::tick);
        return prober;
    }

    /** Starts probing on a small group of its own ({@code threads} event loops), shut down by {@link #close()}. */
    public static Prober start(int threads, ProberOptions options, Supplier<? extends Collection<ProbeTarget>> targets,
                               Predicate<ProbeTarget> watched, Consumer<ProbeResult> sink) {
        EventLoopGroup own = NetTransport.preferred().newGroup(threads, "sharpeye-probe");
        Prober prober = new Prober(own, true, options, targets, watched, sink);
        prober.scheduler.execute(prober::tick);
        return prober;
    }

    public ProberStats stats() {
        return new ProberStats(cyclesDone, lastCycleMillis, targetCount, started, failed, skipped, inFlight,
                maxInFlight);
    }

    /** Starts every due probe there is room for, plans the next cycle when its time has come, re-arms itself. */
    private void tick() {
        if (closed) {
            return;
        }
        try {
            long now = System.nanoTime();
            if (plan.isEmpty() && now - nextCycleNanos >= 0) {
                planCycle(now);
            }
            while (!plan.isEmpty() && plan.peekFirst().atNanos() - now <= 0) {
                Due due = plan.pollFirst();
                if (!busy.add(due.target().key())) {
                    cycleEnded(due.cycle()); // still busy from the last cycle: not twice
                    continue;
                }
                waiting.addLast(due);
            }
            drain();
        } catch (RuntimeException e) {
            log.warn("prober tick failed", e);
        }
        long next = plan.isEmpty() ? nextCycleNanos : plan.peekFirst().atNanos();
        scheduler.schedule(this::tick, Math.max(0, next - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private void planCycle(long now) {
        List<ProbeTarget> list;
        try {
            list = new ArrayList<>(targets.get());
        } catch (RuntimeException e) {
            log.warn("cannot list the cameras to probe", e);
            list = List.of();
        }
        cycle++;
        long cycleNanos = options.cycle().toNanos();
        nextCycleNanos = now + cycleNanos;
        targetCount = list.size();
        if (list.isEmpty()) {
            return;
        }
        openCycles.put(cycle, new long[] {list.size(), now});
        long slot = cycleNanos / list.size();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < list.size(); i++) {
            long jitter = slot > 1 ? random.nextLong(slot) : 0;
            plan.addLast(new Due(now + i * slot + jitter, list.get(i), cycle));
        }
    }

    private void drain() {
        while (!waiting.isEmpty() && inFlight < options.maxConcurrent()) {
            Due due = waiting.pollFirst();
            ProbeTarget target = due.target();
            boolean skip;
            try {
                skip = watched.test(target);
            } catch (RuntimeException e) {
                log.warn("watched predicate failed for {}", target, e);
                skip = false;
            }
            if (skip) {
                skipped++;
                busy.remove(target.key());
                cycleEnded(due.cycle());
                continue;
            }
            inFlight++;
            if (inFlight > maxInFlight) {
                maxInFlight = inFlight;
            }
            started++;
            new ProbeConnection(group.next(), target, options, r -> scheduler.execute(() -> ended(due, r))).start();
        }
    }

    private void ended(Due due, ProbeResult result) {
        inFlight--;
        busy.remove(due.target().key());
        if (!result.ok()) {
            failed++;
        }
        cycleEnded(due.cycle());
        if (!closed) {
            try {
                sink.accept(result);
            } catch (RuntimeException e) {
                log.warn("probe result sink failed", e);
            }
            drain();
        }
    }

    /** One probe (or skip) of cycle {@code ofCycle} ended; a cycle is done when all of its have. */
    private void cycleEnded(long ofCycle) {
        long[] open = openCycles.get(ofCycle);
        if (open != null && --open[0] == 0) {
            openCycles.remove(ofCycle);
            cyclesDone++;
            lastCycleMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - open[1]);
        }
    }

    /** Stops starting probes; probes in flight end on their own timeouts and are not reported. */
    @Override
    public void close() {
        scheduler.execute(() -> {
            closed = true;
            openCycles.clear();
            plan.clear();
            waiting.clear();
        });
        if (ownGroup) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
