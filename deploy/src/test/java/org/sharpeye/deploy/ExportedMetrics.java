package org.sharpeye.deploy;

import org.sharpeye.gateway.metrics.CameraCount;
import org.sharpeye.gateway.metrics.MetricsSources;
import org.sharpeye.gateway.metrics.SharpEyeMetrics;
import org.sharpeye.ingest.FailureReason;
import org.sharpeye.ingest.SourceState;
import org.sharpeye.ingest.SourceStatus;
import org.sharpeye.ingest.StreamFigures;
import org.sharpeye.ingest.picture.PictureState;
import org.sharpeye.ingest.picture.PictureVerdict;
import org.sharpeye.ingest.probe.ProbeResult;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The series names SharpEye's /metrics exports: SharpEyeMetrics (the class behind the route) fed with one figure of
 * every kind, so that every family has samples, and the names read from the exposition as Prometheus stores them
 * (counters with _total, histograms with _bucket, _sum and _count).
 */
final class ExportedMetrics {

    /** Series Prometheus adds itself for every target. */
    static final Set<String> PROMETHEUS_SERIES = Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped");

    private ExportedMetrics() {
    }

    static String sampleScrape() {
        Instant now = Instant.now();
        StreamFigures stream = new StreamFigures("c1/main", new SourceStatus(SourceState.PLAYING, null, "", now),
                25, 2_000_000, 2000, 100, 10_000, 1, 2, 1, now, 4096);
        MetricsSources sources = MetricsSources.none()
                .withCameras(() -> List.of(new CameraCount("ONLINE", "", "CLASS_I", "VILLAGE", 3),
                        new CameraCount("OFFLINE", "UNREACHABLE", "CLASS_III", "VILLAGE", 1)))
                .withAlertsOpen(() -> Map.of("UNREACHABLE", 1L))
                .withStreams(() -> List.of(stream))
                .withViewers(() -> Map.of("flv", 1))
                .withPerStream(true);
        SharpEyeMetrics metrics = new SharpEyeMetrics(sources);
        metrics.observe(new ProbeResult("c2", "main", false, FailureReason.REFUSED, "refused", 1_000_000L, now));
        metrics.observe(new PictureVerdict("c1", "main", PictureState.OK, now, new byte[0], 1280, 720));
        return metrics.scrape();
    }

    /** The names of every sample line of a text exposition. */
    static Set<String> namesIn(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int end = 0;
            while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
                end++;
            }
            names.add(line.substring(0, end));
        }
        return names;
    }

    static Set<String> names() {
        Set<String> names = namesIn(sampleScrape());
        if (!names.contains("sharpeye_cameras") || !names.contains("sharpeye_probe_duration_seconds_bucket")) {
            throw new AssertionError("the sample scrape lacks families it was fed: " + names);
        }
        return names;
    }
}
