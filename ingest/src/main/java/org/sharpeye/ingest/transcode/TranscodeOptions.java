package org.sharpeye.ingest.transcode;

import java.time.Duration;
import java.util.Objects;

/**
 * How a camera profile is transcoded to H.264 for browsers that cannot play H.265.
 *
 * @param maxWidth the output is the source size scaled down (aspect kept) to fit maxWidth x maxHeight;
 *     default 1280 for main, 640 for sub
 * @param maxHeight default 720 for main, 360 for sub
 * @param bitrate target and VBV peak bitrate in bits per second; default 1.5 Mbit/s for main, 512 kbit/s for sub
 * @param preset the x264 speed preset; default "veryfast" (zerolatency tuning and no B-frames are fixed: viewers
 *     are live)
 * @param threads encoder and decoder threads; default 1, so all the work is on the transcoder's worker thread and
 *     its CPU time is the cost of the transcode
 * @param idleTimeout the transcoder stops this long after its last viewer left; default 10 s
 */
public record TranscodeOptions(int maxWidth, int maxHeight, long bitrate, String preset, int threads,
                               Duration idleTimeout) {

    /** For a main profile: up to 1280x720 at 1.5 Mbit/s. */
    public static final TranscodeOptions MAIN =
            new TranscodeOptions(1280, 720, 1_500_000, "veryfast", 1, Duration.ofSeconds(10));
    /** For a sub profile, and the default for any other: up to 640x360 at 512 kbit/s. */
    public static final TranscodeOptions SUB =
            new TranscodeOptions(640, 360, 512_000, "veryfast", 1, Duration.ofSeconds(10));

    public TranscodeOptions {
        Objects.requireNonNull(preset, "preset");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (maxWidth < 16 || maxHeight < 16 || bitrate < 16_000 || threads < 1 || idleTimeout.isNegative()) {
            throw new IllegalArgumentException("invalid transcode options");
        }
    }

    public TranscodeOptions withIdleTimeout(Duration d) {
        return new TranscodeOptions(maxWidth, maxHeight, bitrate, preset, threads, d);
    }

    public TranscodeOptions withMaxSize(int width, int height) {
        return new TranscodeOptions(width, height, bitrate, preset, threads, idleTimeout);
    }

    public TranscodeOptions withBitrate(long bitsPerSecond) {
        return new TranscodeOptions(maxWidth, maxHeight, bitsPerSecond, preset, threads, idleTimeout);
    }
}
