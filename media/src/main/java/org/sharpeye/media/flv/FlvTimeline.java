package org.sharpeye.media.flv;

/**
 * Maps a source's microsecond timestamps to FLV's millisecond timestamps starting at 0 for one viewer. A source
 * that reconnects restarts its clock; a jump backwards, or forwards by more than {@link #MAX_GAP_MICROS}, is
 * absorbed by moving the base so the viewer's timeline keeps advancing (players stall on time going backwards).
 */
final class FlvTimeline {

    static final long MAX_GAP_MICROS = 5_000_000;
    /** Audio and video interleave with slightly different times: a step back this small is not a restart. */
    static final long MAX_BACKSTEP_MICROS = 1_000_000;
    private static final long STEP_AFTER_JUMP_MICROS = 40_000;

    private long base = Long.MIN_VALUE;
    private long last;

    /** The FLV timestamp (ms) of a frame with decoding time {@code dtsMicros}. */
    long toMillis(long dtsMicros) {
        if (base == Long.MIN_VALUE) {
            base = dtsMicros;
            last = dtsMicros;
        } else if (dtsMicros < last - MAX_BACKSTEP_MICROS || dtsMicros - last > MAX_GAP_MICROS) {
            base += dtsMicros - last - STEP_AFTER_JUMP_MICROS;
            last = dtsMicros;
        } else {
            last = Math.max(last, dtsMicros);
        }
        return Math.max(0, dtsMicros - base) / 1000;
    }
}
