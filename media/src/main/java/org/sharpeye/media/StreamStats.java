package org.sharpeye.media;

import java.util.concurrent.atomic.LongAdder;

/** What a stream has received from its source. Safe to read from any thread. */
public final class StreamStats {

    private final LongAdder framesIn = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder keyframes = new LongAdder();
    private final LongAdder framesLost = new LongAdder();
    private volatile long lastFrameNanos;
    private volatile long lastKeyframePtsMicros = -1;
    private volatile long keyframeIntervalMicros;

    void frameIn(Frame frame) {
        framesIn.increment();
        bytesIn.add(frame.data().readableBytes());
        lastFrameNanos = frame.receivedNanos();
        if (frame.isVideo() && frame.isKeyframe()) {
            keyframes.increment();
            long last = lastKeyframePtsMicros;
            if (last >= 0 && frame.ptsMicros() > last) {
                keyframeIntervalMicros = frame.ptsMicros() - last;
            }
            lastKeyframePtsMicros = frame.ptsMicros();
        }
    }

    /** Counts frames the source could not assemble (lost packets, broken fragments). */
    public void frameLost() {
        framesLost.increment();
    }

    public long framesIn() {
        return framesIn.sum();
    }

    public long bytesIn() {
        return bytesIn.sum();
    }

    public long keyframes() {
        return keyframes.sum();
    }

    public long framesLost() {
        return framesLost.sum();
    }

    /** {@link System#nanoTime()} of the last frame, or 0 before the first. */
    public long lastFrameNanos() {
        return lastFrameNanos;
    }

    /** Time between the last two keyframes, in microseconds; 0 until two were seen. */
    public long keyframeIntervalMicros() {
        return keyframeIntervalMicros;
    }
}
