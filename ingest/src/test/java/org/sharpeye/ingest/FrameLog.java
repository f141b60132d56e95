package org.sharpeye.ingest;

import org.sharpeye.media.Frame;
import org.sharpeye.media.FrameSink;
import org.sharpeye.media.ReaderCloseReason;
import org.sharpeye.media.VideoTrack;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A reader's sink that keeps what the tests check of each frame and releases the frame. */
final class FrameLog implements FrameSink {

    record Seen(long ptsMicros, boolean keyframe, VideoTrack track, int bytes) {
    }

    private final List<Seen> frames = new ArrayList<>();

    @Override
    public boolean write(Frame frame) {
        try {
            synchronized (this) {
                frames.add(new Seen(frame.ptsMicros(), frame.isKeyframe(), frame.track(), frame.data().readableBytes()));
                notifyAll();
            }
        } finally {
            frame.release();
        }
        return true;
    }

    @Override
    public void closed(ReaderCloseReason reason) {
    }

    synchronized List<Seen> frames() {
        return List.copyOf(frames);
    }

    /** Waits until {@code count} frames arrived; returns them, or fails with what came. */
    synchronized List<Seen> await(int count, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (frames.size() < count) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new AssertionError("only " + frames.size() + " of " + count + " frames in " + timeoutMillis + " ms");
            }
            wait(left);
        }
        return List.copyOf(frames);
    }
}
