package org.sharpeye.ingest.picture;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how cheaply pictures are checked.
 *
 * @param interval each watched camera profile is checked once per interval, checks spread over it; default 5 min
 * @param workers decoding threads; default 1
 * @param frozenGap the second keyframe is taken at least this long after the first; default 3 s
 * @param timeout give up waiting for keyframes after this; default 15 s
 * @param maxSnapshots snapshots kept (the least recently stored go first); default 10,000
 * @param maxSnapshotBytes bytes of JPEG kept at most; default 64 MiB
 */
public record PictureCheckOptions(Duration interval, int workers, Duration frozenGap, Duration timeout,
                                  int maxSnapshots, long maxSnapshotBytes) {

    public static final PictureCheckOptions DEFAULT = new PictureCheckOptions(Duration.ofMinutes(5), 1,
            Duration.ofSeconds(3), Duration.ofSeconds(15), 10_000, 64L << 20);

    public PictureCheckOptions {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(frozenGap, "frozenGap");
        Objects.requireNonNull(timeout, "timeout");
        if (interval.toMillis() < 1 || workers < 1 || frozenGap.isNegative() || timeout.compareTo(frozenGap) <= 0
                || maxSnapshots < 1 || maxSnapshotBytes < 1) {
            throw new IllegalArgumentException("positive interval, workers, limits; timeout longer than frozenGap");
        }
    }

    public PictureCheckOptions withInterval(Duration value) {
        return new PictureCheckOptions(value, workers, frozenGap, timeout, maxSnapshots, maxSnapshotBytes);
    }
}
