package org.sharpeye.media;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One viewer of a {@link Stream}: a bounded queue between the source's thread and the viewer's executor.
 *
 * <p>The source never waits for a reader. When the queue is full the reader loses what it had queued and skips
 * to the next keyframe, so the picture it resumes with decodes cleanly; a reader that takes no frame for the
 * stall timeout, or overflows too often, is closed. Frames are handed to the {@link FrameSink} on the reader's
 * executor, in order, one at a time.
 */
public final class Reader {

    private static final Logger log = LoggerFactory.getLogger(Reader.class);
    /**
     * Frames handed to the sink in one task before the reader yields its executor: a new viewer's GOP burst
     * (dozens of frames, hundreds of KB) must not hold an event loop that other viewers share.
     */
    static final int FRAMES_PER_TASK = 8;

    private final Stream stream;
    private final String name;
    private final Executor executor;
    private final FrameSink sink;
    private final ReaderLimits limits;
    private final ReaderStats stats = new ReaderStats();
    private final ArrayDeque<Frame> queue = new ArrayDeque<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final long createdNanos = System.nanoTime();

    private boolean drainScheduled;
    private boolean paused;
    private boolean waitingForKeyframe;
    private long lastProgressNanos = createdNanos;
    private long overflowWindowStart;
    private int overflowsInWindow;
    private ReaderCloseReason closeReason;
    /** The thread that offered the latest frame: the source's. */
    private volatile Thread sourceThread;
    /** The thread the latest drain ran on: the executor's, once it has run. */
    private volatile Thread drainThread;

    Reader(Stream stream, String name, Executor executor, FrameSink sink, ReaderLimits limits) {
        this.stream = stream;
        this.name = name;
        this.executor = executor;
        this.sink = sink;
        this.limits = limits;
    }

    public String name() {
        return name;
    }

    public Stream stream() {
        return stream;
    }

    public ReaderStats stats() {
        return stats;
    }

    /** Nanoseconds since this reader joined its stream. */
    public long connectedNanos() {
        return System.nanoTime() - createdNanos;
    }

    public boolean isClosed() {
        return closed.get();
    }

    /**
     * Queues a frame for this reader, retaining it; called by the stream on the source's thread.
     *
     * @return true when the reader needs a drain scheduled on its executor ({@link #scheduleDrain}), which the
     *         stream does at once or, for a reader on another thread, after the readers on its own
     */
    boolean offer(Frame frame) {
        if (closed.get()) {
            return false;
        }
        ReaderCloseReason verdict = null;
        boolean schedule = false;
        sourceThread = Thread.currentThread();
        synchronized (this) {
            if (closed.get()) {
                // close() ran between the check above and this lock: its queue was emptied, keep it empty
                return false;
            }
            long now = System.nanoTime();
            if (!queue.isEmpty() && now - lastProgressNanos > limits.stallTimeoutNanos()) {
                verdict = ReaderCloseReason.TOO_SLOW;
            } else {
                if (queue.size() >= limits.queueFrames()) {
                    verdict = overflow(now);
                }
                if (verdict == null) {
                    if (waitingForKeyframe && frame.isVideo() && frame.isKeyframe()) {
                        waitingForKeyframe = false;
                    }
                    if (waitingForKeyframe) {
                        stats.framesDropped.increment();
                    } else {
                        if (queue.isEmpty()) {
                            lastProgressNanos = now;
                        }
                        queue.add(frame.retain());
                        stats.queued(queue.size());
                        schedule = !drainScheduled && !paused;
                        drainScheduled |= schedule;
                    }
                }
            }
        }
        if (verdict != null) {
            close(verdict);
        }
        return verdict == null && schedule;
    }

    /** Runs a drain on the reader's executor; after {@link #offer} returned true. */
    void scheduleDrain() {
        executor.execute(this::drain);
    }

    /** Runs {@code task} on this reader's executor, after the drains queued there; false if it refused it. */
    boolean runOnExecutor(Runnable task) {
        try {
            executor.execute(task);
            return true;
        } catch (RejectedExecutionException e) { // the loop is shutting down
            return false;
        }
    }

    /** True when this reader's frames are handed to its sink on {@code thread} (its executor runs there). */
    boolean drainsOn(Thread thread) {
        return drainThread == thread;
    }

    private ReaderCloseReason overflow(long now) {
        stats.overflows.increment();
        int lost = queue.size();
        stats.framesDropped.add(lost);
        queue.forEach(Frame::release);
        queue.clear();
        waitingForKeyframe = true;
        if (now - overflowWindowStart > limits.overflowWindowNanos()) {
            overflowWindowStart = now;
            overflowsInWindow = 0;
        }
        overflowsInWindow++;
        log.info("reader {} of {} is too slow, discarding {} frames", name, stream.name(), lost);
        return overflowsInWindow > limits.maxOverflows() ? ReaderCloseReason.TOO_MANY_OVERFLOWS : null;
    }

    private void drain() {
        drainThread = Thread.currentThread();
        for (int handed = 0; ; handed++) {
            Frame next;
            synchronized (this) {
                if (handed == FRAMES_PER_TASK && !paused && !closed.get() && !queue.isEmpty()) {
                    break; // still scheduled: continue in a new task, after what else waits on the executor
                }
                if (paused || closed.get()) {
                    drainScheduled = false;
                    return;
                }
                next = queue.poll();
                if (next == null) {
                    drainScheduled = false;
                    return;
                }
                lastProgressNanos = System.nanoTime();
            }
            stats.sent(next);
            boolean more;
            try {
                more = sink.write(next);
            } catch (RuntimeException e) {
                log.warn("reader {} of {}: sink failed, closing", name, stream.name(), e);
                close(ReaderCloseReason.CLOSED_BY_OWNER);
                return;
            }
            if (!more) {
                synchronized (this) {
                    paused = true;
                    drainScheduled = false;
                }
                return;
            }
        }
        executor.execute(this::drain);
    }

    /** The sink can take frames again (its drain handler fired); resumes delivery on the reader's executor. */
    public void resume() {
        boolean schedule;
        synchronized (this) {
            paused = false;
            lastProgressNanos = System.nanoTime();
            schedule = !drainScheduled && !queue.isEmpty() && !closed.get();
            drainScheduled |= schedule;
        }
        if (schedule) {
            executor.execute(this::drain);
        }
    }

    /**
     * True when the caller runs on the thread that offers this reader its frames: a sink asking while it writes a
     * frame learns whether the frame reached it without a hand-over between threads (its executor runs on the
     * source's event loop).
     */
    public boolean onSourceThread() {
        return Thread.currentThread() == sourceThread;
    }

    /** Frames waiting in this reader's queue. */
    public synchronized int queueDepth() {
        return queue.size();
    }

    /** Why this reader was closed, or null while it is open. */
    public synchronized ReaderCloseReason closeReason() {
        return closeReason;
    }

    /** Leaves the stream; the sink is told on the reader's executor. Idempotent. */
    public void close() {
        close(ReaderCloseReason.CLOSED_BY_OWNER);
    }

    void close(ReaderCloseReason reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        synchronized (this) {
            closeReason = reason;
            queue.forEach(Frame::release);
            queue.clear();
        }
        stream.detach(this);
        if (reason != ReaderCloseReason.CLOSED_BY_OWNER) {
            stats.disconnected(reason);
            log.info("reader {} of {} closed: {}", name, stream.name(), reason);
        }
        executor.execute(() -> sink.closed(reason));
    }
}
