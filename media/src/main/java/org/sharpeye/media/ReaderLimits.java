package org.sharpeye.media;

import java.time.Duration;

/**
 * How far behind a reader may fall before it loses frames, and before it is disconnected.
 *
 * @param queueFrames frames a reader may have queued; past that the queue is emptied and the reader waits for the
 *     next keyframe (default 1024, enough for a 4 s GOP with audio)
 * @param stallTimeoutNanos a reader whose sink took no frame for this long while frames were waiting is closed
 *     (default 10 s)
 * @param maxOverflows a reader that overflowed this many times within {@code overflowWindowNanos} is closed
 *     (default 3 within 30 s)
 */
public record ReaderLimits(int queueFrames, long stallTimeoutNanos, int maxOverflows, long overflowWindowNanos) {

    public static final ReaderLimits DEFAULT =
            new ReaderLimits(1024, Duration.ofSeconds(10).toNanos(), 3, Duration.ofSeconds(30).toNanos());

    public ReaderLimits {
        if (queueFrames < 2 || stallTimeoutNanos <= 0 || maxOverflows < 1 || overflowWindowNanos <= 0) {
            throw new IllegalArgumentException("invalid reader limits");
        }
    }
}
