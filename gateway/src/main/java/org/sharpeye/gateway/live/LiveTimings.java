package org.sharpeye.gateway.live;

/**
 * What the live path's durations are, measured inside SharpEye for every streaming viewer.
 *
 * @param frameTransit a live frame's arrival at ingest to the write of its bytes to a viewer completing
 * @param frameTransitOnSourceLoop the part of {@code frameTransit}'s samples from viewers served on their camera's own
 *                                 event loop (no hand-over between threads)
 * @param frameTransitAcrossLoops the other samples: viewers served on another event loop than their camera's
 * @param switches a request reaching the live handler to the write of the viewer's first keyframe completing
 * @param frameHandover a live frame's arrival at ingest to its viewer's event loop taking it (the part of
 *                      {@code frameTransit} before the viewer's container and socket write)
 * @param frameWrite a live frame's write to the viewer's socket, from the call to its completion (the last part of
 *                   {@code frameTransit}: the system call, which on loopback also delivers to the client and wakes it)
 */
public record LiveTimings(LatencyHistogram frameTransit, LatencyHistogram frameTransitOnSourceLoop,
                          LatencyHistogram frameTransitAcrossLoops, LatencyHistogram switches,
                          LatencyHistogram frameHandover, LatencyHistogram frameWrite) {

    public LiveTimings() {
        this(new LatencyHistogram(), new LatencyHistogram(), new LatencyHistogram(), new LatencyHistogram(),
                new LatencyHistogram(), new LatencyHistogram());
    }

    /** Records a live frame's transit, in the split by where its viewer is served too, and its write. */
    void transit(long nanos, boolean onSourceLoop, long writeNanos) {
        frameWrite.record(writeNanos);
        frameTransit.record(nanos);
        (onSourceLoop ? frameTransitOnSourceLoop : frameTransitAcrossLoops).record(nanos);
    }

    /** Clears the transit histograms, e.g. before a measured window. */
    public void resetTransit() {
        frameTransit.reset();
        frameTransitOnSourceLoop.reset();
        frameTransitAcrossLoops.reset();
        frameHandover.reset();
        frameWrite.reset();
    }
}
