package org.sharpeye.ingest.probe;

/**
 * What the prober has done so far.
 *
 * @param cycles cycles whose every probe has ended
 * @param lastCycleMillis first start to last answer of the last completed cycle; 0 before the first
 * @param targets targets in the current cycle
 * @param probesStarted probes started since the prober started
 * @param probesFailed probes that ended in a failure
 * @param skippedWatched due probes skipped because the camera profile was being watched
 * @param inFlight probes in flight now
 * @param maxInFlight the most probes ever in flight at once (never above the concurrency limit)
 */
public record ProberStats(long cycles, long lastCycleMillis, int targets, long probesStarted, long probesFailed,
                          long skippedWatched, int inFlight, int maxInFlight) {
}
