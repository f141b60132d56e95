package org.sharpeye.ingest.ffmpeg;

import org.bytedeco.ffmpeg.avformat.AVIOInterruptCB;
import org.bytedeco.javacpp.Pointer;

import java.util.function.BooleanSupplier;

/**
 * FFmpeg's interrupt callback for one input (AVFormatContext.interrupt_callback): every blocking call in FFmpeg
 * (connect, read, the HLS wait for the next segment) polls it and gives up with AVERROR_EXIT when it answers 1.
 * It answers 1 once the input is stopped (by any thread) or when the deadline of the current call has passed.
 */
final class Interruption extends AVIOInterruptCB.Callback_Pointer {

    private final BooleanSupplier stopped;
    private volatile long deadlineNanos = Long.MAX_VALUE;
    private volatile boolean deadlinePassed;

    /** @param stopped true once the input must stop; read from FFmpeg's thread at every poll */
    Interruption(BooleanSupplier stopped) {
        this.stopped = stopped;
    }

    @Override
    public int call(Pointer opaque) {
        if (stopped.getAsBoolean()) {
            return 1;
        }
        if (System.nanoTime() - deadlineNanos > 0) {
            deadlinePassed = true;
            return 1;
        }
        return 0;
    }

    /** The next blocking call may take up to {@code nanos}. */
    void allow(long nanos) {
        deadlinePassed = false;
        deadlineNanos = System.nanoTime() + nanos;
    }


    /** True when the last interrupted call ran out of time (rather than being stopped). */
    boolean deadlinePassed() {
        return deadlinePassed;
    }
}
