package org.sharpeye.ingest;

import java.time.Instant;

/**
 * What one path's source delivers, for dashboards and Prometheus: rates over a sliding window of about five
 * seconds, totals since the source was created.
 *
 * @param path the stream path
 * @param status where the source stands now
 * @param framesPerSecond frames (video and audio) per second over the window; 0 when nothing flows
 * @param bitsPerSecond payload bits per second over the window
 * @param keyframeIntervalMillis time between the last two keyframes; 0 until two were seen
 * @param framesIn frames published since the source was created
 * @param bytesIn payload bytes published
 * @param framesLost frames the source could not assemble (lost or broken packets)
 * @param readers readers of the stream now
 * @param reconnects sessions started again after a failure
 * @param lastFrameAt wall time of the last frame; null before the first
 * @param gopCacheBytes bytes held by the stream's GOP cache
 */
public record StreamFigures(String path, SourceStatus status, double framesPerSecond, double bitsPerSecond,
                            long keyframeIntervalMillis, long framesIn, long bytesIn, long framesLost, int readers,
                            long reconnects, Instant lastFrameAt, long gopCacheBytes) {
}
