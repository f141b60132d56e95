package org.sharpeye.gateway.metrics;

import org.sharpeye.ingest.StreamFigures;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Where {@link SharpEyeMetrics} reads the figures it does not keep itself; each supplier is asked at every scrape,
 * on a worker thread, and must be cheap (read counters, do not query).
 *
 * @param cameras cameras by status, reason, tier and site (wired to the registry / health)
 * @param alertsOpen open alerts by kind
 * @param streams the figures of every ingest stream
 * @param viewers viewers now by output ("flv", "fmp4", "hls", ...)
 * @param perStream true: also one series per stream path (many series on a large fleet; off by default)
 */
public record MetricsSources(Supplier<? extends Collection<CameraCount>> cameras,
                             Supplier<? extends Map<String, ? extends Number>> alertsOpen,
                             Supplier<? extends Collection<StreamFigures>> streams,
                             Supplier<? extends Map<String, ? extends Number>> viewers,
                             boolean perStream) {

    /** Nothing wired yet: every family is present and empty. */
    public static MetricsSources none() {
        return new MetricsSources(List::of, Map::of, List::of, Map::of, false);
    }

    public MetricsSources withCameras(Supplier<? extends Collection<CameraCount>> value) {
        return new MetricsSources(value, alertsOpen, streams, viewers, perStream);
    }

    public MetricsSources withAlertsOpen(Supplier<? extends Map<String, ? extends Number>> value) {
        return new MetricsSources(cameras, value, streams, viewers, perStream);
    }

    public MetricsSources withStreams(Supplier<? extends Collection<StreamFigures>> value) {
        return new MetricsSources(cameras, alertsOpen, value, viewers, perStream);
    }

    public MetricsSources withViewers(Supplier<? extends Map<String, ? extends Number>> value) {
        return new MetricsSources(cameras, alertsOpen, streams, value, perStream);
    }

    public MetricsSources withPerStream(boolean value) {
        return new MetricsSources(cameras, alertsOpen, streams, viewers, value);
    }
}
