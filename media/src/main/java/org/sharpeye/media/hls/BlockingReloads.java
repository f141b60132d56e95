package org.sharpeye.media.hls;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Playlist requests held until the segment or part they ask for exists (RFC 8216bis 6.2.5.2, _HLS_msn and
 * _HLS_part). Bounded; requests whose future was completed elsewhere (a timeout) are dropped. Not thread-safe:
 * the segmenter guards it, and completes the futures outside its lock.
 */
final class BlockingReloads {

    static final int MAX_WAITING = 4096;

    private record Waiting(long msn, int part, CompletableFuture<String> future) {
    }

    private final List<Waiting> waiting = new ArrayList<>();

    /** Holds a request; false when too many are held already. */
    boolean add(long msn, int part, CompletableFuture<String> future) {
        waiting.removeIf(w -> w.future().isDone());
        if (waiting.size() >= MAX_WAITING) {
            return false;
        }
        waiting.add(new Waiting(msn, part, future));
        return true;
    }

    /**
     * Removes and returns the requests satisfied now that segments below {@code nextSequence} are finished and
     * segment {@code nextSequence} has {@code pendingParts} parts.
     */
    List<CompletableFuture<String>> satisfied(long nextSequence, int pendingParts) {
        List<CompletableFuture<String>> done = new ArrayList<>();
        for (Iterator<Waiting> it = waiting.iterator(); it.hasNext(); ) {
            Waiting w = it.next();
            if (w.future().isDone()) {
                it.remove();
            } else if (isSatisfied(w.msn(), w.part(), nextSequence, pendingParts)) {
                done.add(w.future());
                it.remove();
            }
        }
        return done;
    }

    /** Removes and returns every held request. */
    List<CompletableFuture<String>> drain() {
        List<CompletableFuture<String>> all = new ArrayList<>();
        waiting.forEach(w -> all.add(w.future()));
        waiting.clear();
        return all;
    }

    /** True when segment {@code msn} (and its part {@code part}, when not negative) is in the playlist. */
    static boolean isSatisfied(long msn, int part, long nextSequence, int pendingParts) {
        return msn < nextSequence || (part >= 0 && msn == nextSequence && part < pendingParts);
    }
}
