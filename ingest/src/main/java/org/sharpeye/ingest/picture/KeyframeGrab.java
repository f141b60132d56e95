package org.sharpeye.ingest.picture;

import org.sharpeye.media.Frame;
import org.sharpeye.media.FrameSink;
import org.sharpeye.media.Reader;
import org.sharpeye.media.ReaderCloseReason;
import org.sharpeye.media.Stream;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Joins a stream as a reader for a moment to take two keyframes at least a gap apart: the cached GOP's keyframe
 * comes at once, the second when the camera sends its next keyframe after the gap. Keyframes are queued (one
 * reference each, owned by this grab until handed out); every other frame is released at once.
 */
final class KeyframeGrab implements FrameSink, AutoCloseable {

    private final LinkedBlockingQueue<Frame> keyframes = new LinkedBlockingQueue<>(4);
    private final Reader reader;
    private volatile boolean closed;

    KeyframeGrab(Stream stream) {
        // Delivered on the publishing thread: the sink only queues or releases, it never blocks.
        this.reader = stream.addReader("picture-check", Runnable::run, this);
    }

    @Override
    public boolean write(Frame frame) {
        if (closed || !frame.isVideo() || !frame.isKeyframe() || !keyframes.offer(frame)) {
            frame.release();
        } else if (closed) {
            releaseQueued(); // close() ran while this frame was being queued: it must not stay behind
        }
        return true;
    }

    @Override
    public void closed(ReaderCloseReason reason) {
        // the waiting side times out
    }

    /**
     * The first keyframe whose pts is at least {@code minPtsMicros}, or null on timeout. The caller releases it.
     */
    Frame next(long minPtsMicros, long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            Frame f = keyframes.poll(left, TimeUnit.NANOSECONDS);
            if (f == null) {
                return null;
            }
            if (f.ptsMicros() >= minPtsMicros) {
                return f;
            }
            f.release();
        }
    }

    /** Leaves the stream and releases what is still queued. */
    @Override
    public void close() {
        closed = true;
        reader.close();
        releaseQueued();
    }

    private void releaseQueued() {
        Frame f;
        while ((f = keyframes.poll()) != null) {
            f.release();
        }
    }
}
