package org.sharpeye.media.fmp4;

/**
 * Maps a source's microsecond decode times to 90 kHz ticks starting at 0 for one output (a viewer's fMP4 stream,
 * an MPEG-TS stream, an HLS playlist). A source that reconnects restarts its clock: a jump backwards, or forwards
 * by more than {@link #MAX_GAP_MICROS}, is absorbed by moving the base so the output's time keeps advancing
 * (players stall when decode time goes backwards). A step back of up to {@link #MAX_BACKSTEP_MICROS} is not a
 * restart: audio and video frames interleave with slightly different times. Mapping the same time twice gives
 * the same ticks. Not thread-safe.
 */
public final class DecodeTimeline {

    /** The 90 kHz clock of MPEG-TS (ISO/IEC 13818-1 2.4.2) and of our MP4 media timescale. */
    public static final int TIMESCALE = 90_000;
    static final long MAX_GAP_MICROS = 5_000_000;
    static final long MAX_BACKSTEP_MICROS = 1_000_000;
    private static final long STEP_AFTER_JUMP_MICROS = 40_000;

    private long base = Long.MIN_VALUE;
    private long last;

    /** The output decode time, in 90 kHz ticks, of a frame with decoding time {@code dtsMicros}. */
    public long ticks(long dtsMicros) {
        return toTicks(micros(dtsMicros));
    }

    /** The output time, in microseconds from the start, of a frame with decoding time {@code dtsMicros}. */
    public long micros(long dtsMicros) {
        if (base == Long.MIN_VALUE) {
            base = dtsMicros;
            last = dtsMicros;
        } else if (dtsMicros < last - MAX_BACKSTEP_MICROS || dtsMicros - last > MAX_GAP_MICROS) {
            base += dtsMicros - last - STEP_AFTER_JUMP_MICROS;
            last = dtsMicros;
        } else {
            last = Math.max(last, dtsMicros);
        }
        return dtsMicros - base;
    }

    /** True once a time has been mapped. */
    public boolean started() {
        return base != Long.MIN_VALUE;
    }

    /**
     * Converts a microsecond duration to 90 kHz ticks, to the nearest tick: RTP's 90 kHz times survive the round
     * trip through whole microseconds (3003 ticks, 33 366 us, 3003 ticks).
     */
    public static long toTicks(long micros) {
        return Math.floorDiv(micros * 9 + 50, 100);
    }
}
