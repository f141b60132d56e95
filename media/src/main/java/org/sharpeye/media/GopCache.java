package org.sharpeye.media;

import java.util.ArrayList;
import java.util.List;

/**
 * The frames since the latest video keyframe, so that a new reader starts at once with a decodable picture.
 * Bounded in frames and bytes: a camera with an enormous GOP stops being cached until its next keyframe, and a
 * new reader then waits for that keyframe instead of the node holding unbounded memory. Not thread-safe; the
 * {@link Stream} guards it.
 */
final class GopCache {

    private final int maxFrames;
    private final long maxBytes;
    private final List<Frame> frames = new ArrayList<>();
    private long bytes;
    private boolean open;

    GopCache(int maxFrames, long maxBytes) {
        this.maxFrames = maxFrames;
        this.maxBytes = maxBytes;
    }

    /** Records a frame, retaining it; a video keyframe starts a new GOP. */
    void add(Frame frame) {
        if (frame.isVideo() && frame.isKeyframe()) {
            clear();
            open = true;
        }
        if (!open) {
            return;
        }
        int size = frame.data().readableBytes();
        if (frames.size() >= maxFrames || bytes + size > maxBytes) {
            clear();
            return;
        }
        frames.add(frame.retain());
        bytes += size;
    }

    /** The cached frames, oldest first, starting at a keyframe; empty when none is cached. Not retained. */
    List<Frame> frames() {
        return frames;
    }

    long bytes() {
        return bytes;
    }

    void clear() {
        frames.forEach(Frame::release);
        frames.clear();
        bytes = 0;
        open = false;
    }
}
