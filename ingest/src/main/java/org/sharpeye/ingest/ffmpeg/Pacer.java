package org.sharpeye.ingest.ffmpeg;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Releases the packets of an input that is read faster than real time (a file, a finished HLS playlist) at
 * the pace of their decoding timestamps, as a camera would send them; a jump of the timestamps (a loop, a
 * discontinuity) starts the clock again. Live inputs are not paced: they arrive in real time. One thread.
 */
final class Pacer {

    /** A timestamp this far from the clock is a discontinuity, not a reason to wait. */
    private static final long RESYNC_MICROS = TimeUnit.SECONDS.toMicros(5);
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private long originMicros = Long.MIN_VALUE;
    private long originNanos;

    /** Waits until {@code dtsMicros} is due, or until {@code stopped} says so (polled every 50 ms at most). */
    void await(long dtsMicros, BooleanSupplier stopped) {
        long now = System.nanoTime();
        if (originMicros == Long.MIN_VALUE) {
            originMicros = dtsMicros;
            originNanos = now;
            return;
        }
        long elapsedMicros = TimeUnit.NANOSECONDS.toMicros(now - originNanos);
        long ahead = dtsMicros - originMicros - elapsedMicros;
        if (ahead > RESYNC_MICROS || dtsMicros < originMicros) {
            originMicros = dtsMicros;
            originNanos = now;
            return;
        }
        long due = originNanos + TimeUnit.MICROSECONDS.toNanos(dtsMicros - originMicros);
        for (long wait = due - System.nanoTime(); wait > 0 && !stopped.getAsBoolean(); wait = due - System.nanoTime()) {
            LockSupport.parkNanos(Math.min(wait, MAX_PARK_NANOS));
        }
    }
}
