package org.sharpeye.gateway.live;

/**
 * What the live path's durations are, measured inside SharpEye for every streaming viewer.
 *
 * @param frameTransit a live frame's arrival at ingest to the write of its bytes to a viewer completing
 * @param switches a request reaching the live handler to the write of the viewer's first keyframe completing
 * @param frameHandover a live frame's arrival at ingest to its viewer's event loop taking it (the part of
 *                      {@code frameTransit} that is the crossing from ingest's thread to the viewer's)
 */
public record LiveTimings(LatencyHistogram frameTransit, LatencyHistogram switches, LatencyHistogram frameHandover) {

    public LiveTimings() {
        this(new LatencyHistogram(), new LatencyHistogram(), new LatencyHistogram());
    }
}
