package org.sharpeye.gateway.metrics;

import org.junit.jupiter.api.Test;
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
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every line of the scrape is valid text exposition format (0.0.4) and the named series carry the figures. */
class SharpEyeMetricsTest {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern HELP = Pattern.compile("# HELP " + NAME + " .*");
    private static final Pattern TYPE = Pattern.compile("# TYPE " + NAME
            + " (counter|gauge|histogram|summary|untyped)");
    private static final String LABEL_VALUE = "\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\"";
    private static final Pattern SAMPLE = Pattern.compile(NAME + "(\\{[a-zA-Z_][a-zA-Z0-9_]*=" + LABEL_VALUE
            + "(,[a-zA-Z_][a-zA-Z0-9_]*=" + LABEL_VALUE + ")*\\})? "
            + "(-?[0-9.]+([eE][+-]?[0-9]+)?|[+-]Inf|NaN)( -?[0-9]+)?");

    static StreamFigures figures(String path, double fps, long lost, int readers) {
        return new StreamFigures(path, new SourceStatus(SourceState.PLAYING, null, "", Instant.now()), fps,
                2_000_000, 2000, 100, 10_000, lost, readers, 1, Instant.now(), 4096);
    }

    static SharpEyeMetrics sample(boolean perStream) {
        MetricsSources sources = MetricsSources.none()
                .withCameras(() -> List.of(new CameraCount("ONLINE", "", "STANDARD", "341522", 120),
                        new CameraCount("OFFLINE", "UNREACHABLE", "KEY", "341522", 3),
                        new CameraCount("OFFLINE", "AUTH_FAILED", "STANDARD", "3415\"22", 1)))
                .withAlertsOpen(() -> Map.of("CAMERA_OFFLINE", 4L))
                .withStreams(() -> List.of(figures("c1/main", 25, 3, 2), figures("c2/sub", 15, 1, 1)))
                .withViewers(() -> Map.of("flv", 2, "hls", 1))
                .withPerStream(perStream);
        SharpEyeMetrics metrics = new SharpEyeMetrics(sources);
        metrics.observe(new ProbeResult("c3", "main", true, null, "", 12_000_000L, Instant.now()));
        metrics.observe(new ProbeResult("c4", "main", false, FailureReason.REFUSED, "connection refused",
                2_000_000L, Instant.now()));
        metrics.observe(new PictureVerdict("c1", "sub", PictureState.BLACK, Instant.now(), new byte[0], 640, 360));
        return metrics;
    }

    /** Asserts the text is valid exposition format, line by line. */
    static void assertValidExposition(String text) {
        assertTrue(text.endsWith("\n"), "ends with a newline");
        for (String line : text.split("\n")) {
            boolean ok = HELP.matcher(line).matches() || TYPE.matcher(line).matches()
                    || SAMPLE.matcher(line).matches();
            assertTrue(ok, "not exposition format: " + line);
        }
    }

    @Test
    void scrapeIsValidAndCarriesTheNamedSeries() {
        String text = sample(false).scrape();
        assertValidExposition(text);
        assertTrue(text.contains("sharpeye_cameras{reason=\"UNREACHABLE\",site=\"341522\",status=\"OFFLINE\","
                + "tier=\"KEY\"} 3.0"), text);
        assertTrue(text.contains("site=\"3415\\\"22\""), "label values are escaped");
        assertTrue(text.contains("sharpeye_alerts_open{kind=\"CAMERA_OFFLINE\"} 4.0"));
        assertTrue(text.contains("# TYPE sharpeye_probe_duration_seconds histogram"));
        assertTrue(text.contains("sharpeye_probe_duration_seconds_bucket{result=\"ok\",le=\"0.025\"} 1"), text);
        assertTrue(text.contains("sharpeye_probe_duration_seconds_bucket{result=\"ok\",le=\"0.01\"} 0"));
        assertTrue(text.contains("sharpeye_probes_total{reason=\"REFUSED\",result=\"failed\"} 1.0"));
        assertTrue(text.contains("sharpeye_picture_checks_total{state=\"BLACK\"} 1.0"));
        assertTrue(text.contains("sharpeye_stream_frames_per_second 40.0"));
        assertTrue(text.contains("sharpeye_stream_bits_per_second 4000000.0"));
        assertTrue(text.contains("sharpeye_stream_frames_lost_total 4.0"));
        assertTrue(text.contains("sharpeye_stream_readers 3.0"));
        assertTrue(text.contains("sharpeye_streams{state=\"PLAYING\"} 2.0"));
        assertTrue(text.contains("sharpeye_viewers{output=\"flv\"} 2.0"));
        assertTrue(text.contains("sharpeye_netty_pooled_used_bytes{memory=\"direct\"}"));
        assertTrue(text.contains("jvm_memory_used_bytes{area=\"heap\"}"));
        assertTrue(text.contains("jvm_threads_current"));
        assertFalse(text.contains("path=\""), "per-stream series are off by default");
    }

    @Test
    void perStreamSeriesWhenAsked() {
        String text = sample(true).scrape();
        assertValidExposition(text);
        assertTrue(text.contains("sharpeye_stream_path_frames_per_second{path=\"c1/main\"} 25.0"), text);
        assertTrue(text.contains("sharpeye_stream_path_frames_lost_total{path=\"c2/sub\"} 1.0"));
    }

    @Test
    void emptySourcesStillScrape() {
        String text = new SharpEyeMetrics(MetricsSources.none()).scrape();
        assertValidExposition(text);
        assertEquals(-1, text.indexOf("sharpeye_cameras{"));
        assertTrue(text.contains("sharpeye_streams{state=\"PLAYING\"} 0.0"));
    }
}
