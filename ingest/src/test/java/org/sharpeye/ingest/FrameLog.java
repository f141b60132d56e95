package org.sharpeye.ingest;

import org.sharpeye.media.Frame;
import org.sharpeye.media.FrameSink;
import org.sharpeye.media.ReaderCloseReason;
import org.sharpeye.media.VideoTrack;

import java.util.ArrayList;
import java.util.List;

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
        MonitorWait.until(this, () -> frames.size() >= count, timeoutMillis,
                () -> "only " + frames.size() + " of " + count + " frames in " + timeoutMillis + " ms");
        return List.copyOf(frames);
    }
}
