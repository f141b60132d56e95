package org.sharpeye.media.hls;

import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link HlsSegmenter} cuts and keeps segments.
 *
 * @param format the segment container; default {@link SegmentFormat#FMP4}
 * @param targetDuration a segment is cut at the first keyframe at least this long after its start, so segments
 *     are never shorter than the camera's keyframe interval; default 2 s
 * @param windowSize how many finished segments the playlist lists and memory keeps; default 6
 * @param partTarget Low-Latency HLS partial segments of at most this duration (RFC 8216bis 4.4.4.9), or null
 *     for none (the default); between 100 ms and half the target duration, and at least one frame long
 */
public record HlsOptions(SegmentFormat format, Duration targetDuration, int windowSize, Duration partTarget) {

    public static final Duration DEFAULT_TARGET_DURATION = Duration.ofSeconds(2);
    public static final int DEFAULT_WINDOW_SIZE = 6;
    /** RFC 8216 6.2.2 asks for at least three segments in a live playlist that a client may start from. */
    private static final int MIN_WINDOW_SIZE = 3;

    public HlsOptions {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(targetDuration, "targetDuration");
        if (targetDuration.toMillis() < 100 || targetDuration.toSeconds() > 60) {
            throw new IllegalArgumentException("targetDuration must be within 100 ms and 60 s: " + targetDuration);
        }
        if (windowSize < MIN_WINDOW_SIZE || windowSize > 100) {
            throw new IllegalArgumentException("windowSize must be within 3 and 100: " + windowSize);
        }
        if (partTarget != null && (partTarget.toMillis() < 100
                || partTarget.multipliedBy(2).compareTo(targetDuration) > 0)) {
            throw new IllegalArgumentException("partTarget must be within 100 ms and half the target duration: "
                    + partTarget);
        }
    }

    /** Options without partial segments. */
    public HlsOptions(SegmentFormat format, Duration targetDuration, int windowSize) {
        this(format, targetDuration, windowSize, null);
    }

    /** The defaults for {@code format}: 2 s target, 6 segments, no partial segments. */
    public static HlsOptions of(SegmentFormat format) {
        return new HlsOptions(format, DEFAULT_TARGET_DURATION, DEFAULT_WINDOW_SIZE, null);
    }

    /** The same options with Low-Latency HLS partial segments of at most {@code target}. */
    public HlsOptions withPartTarget(Duration target) {
        return new HlsOptions(format, targetDuration, windowSize, target);
    }
}
