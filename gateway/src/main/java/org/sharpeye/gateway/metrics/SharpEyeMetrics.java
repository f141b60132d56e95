package org.sharpeye.gateway.metrics;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocatorMetric;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.sharpeye.ingest.SourceState;
import org.sharpeye.ingest.StreamFigures;
import org.sharpeye.ingest.picture.PictureVerdict;
import org.sharpeye.ingest.probe.ProbeResult;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * SharpEye's Prometheus metrics in their own registry: cameras by status (from the registry / health), open
 * alerts, probe durations, stream figures (aggregated; per path only when asked), viewers by output, the JVM and
 * Netty's pooled allocator. Names follow the Prometheus conventions: base units, {@code _total} on counters.
 */
public final class SharpEyeMetrics {

    /** Probe answers take milliseconds on a LAN, seconds on a bad link; timeouts end them at a few seconds. */
    private static final double[] PROBE_BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final MetricsSources sources;
    private final Histogram probeDuration;
    private final Counter probes;
    private final Counter pictureChecks;

    public SharpEyeMetrics(MetricsSources sources) {
        this.sources = Objects.requireNonNull(sources, "sources");
        GaugeWithCallback.builder().name("sharpeye_cameras").help("Cameras by status, reason, tier and site")
                .labelNames("status", "reason", "tier", "site")
                .callback(cb -> {
                    for (CameraCount c : sources.cameras().get()) {
                        cb.call(c.count(), c.status(), nz(c.reason()), nz(c.tier()), nz(c.site()));
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("sharpeye_alerts_open").help("Open alerts by kind").labelNames("kind")
                .callback(cb -> sources.alertsOpen().get().forEach((kind, n) -> cb.call(n.doubleValue(), kind)))
                .register(registry);
        probeDuration = Histogram.builder().name("sharpeye_probe_duration_seconds")
                .help("Duration of idle-camera probes (OPTIONS + DESCRIBE)").labelNames("result")
                .classicOnly().classicUpperBounds(PROBE_BUCKETS).register(registry);
        probes = Counter.builder().name("sharpeye_probes").help("Idle-camera probes by result and failure reason")
                .labelNames("result", "reason").register(registry);
        pictureChecks = Counter.builder().name("sharpeye_picture_checks").help("Picture checks by verdict")
                .labelNames("state").register(registry);
        GaugeWithCallback.builder().name("sharpeye_viewers").help("Viewers now by output").labelNames("output")
                .callback(cb -> sources.viewers().get().forEach((output, n) -> cb.call(n.doubleValue(), output)))
                .register(registry);
        registerStreams();
        JvmFigures.register(registry);
        registerNetty();
    }

    private void registerStreams() {
        GaugeWithCallback.builder().name("sharpeye_streams").help("Ingest streams by source state")
                .labelNames("state").callback(cb -> {
                    Map<SourceState, Integer> byState = new EnumMap<>(SourceState.class);
                    for (SourceState s : SourceState.values()) {
                        byState.put(s, 0);
                    }
                    for (StreamFigures f : sources.streams().get()) {
                        if (f.status() != null) {
                            byState.merge(f.status().state(), 1, Integer::sum);
                        }
                    }
                    byState.forEach((state, n) -> cb.call(n, state.name()));
                }).register(registry);
        streamGauge("sharpeye_stream_frames_per_second", "Frames per second received, summed over streams",
                StreamFigures::framesPerSecond);
        streamGauge("sharpeye_stream_bits_per_second", "Payload bits per second received, summed over streams",
                StreamFigures::bitsPerSecond);
        streamGauge("sharpeye_stream_readers", "Readers of ingest streams, summed", f -> f.readers());
        streamCounter("sharpeye_stream_frames_lost", "Frames lost (broken or missing packets), summed",
                f -> f.framesLost());
        streamCounter("sharpeye_stream_reconnects", "Sessions started again after a failure, summed",
                f -> f.reconnects());
        if (sources.perStream()) {
            GaugeWithCallback.builder().name("sharpeye_stream_path_frames_per_second").labelNames("path")
                    .help("Frames per second of one stream").callback(cb -> {
                        for (StreamFigures f : sources.streams().get()) {
                            cb.call(f.framesPerSecond(), f.path());
                        }
                    }).register(registry);
            GaugeWithCallback.builder().name("sharpeye_stream_path_bits_per_second").labelNames("path")
                    .help("Payload bits per second of one stream").callback(cb -> {
                        for (StreamFigures f : sources.streams().get()) {
                            cb.call(f.bitsPerSecond(), f.path());
                        }
                    }).register(registry);
            GaugeWithCallback.builder().name("sharpeye_stream_path_readers").labelNames("path")
                    .help("Readers of one stream").callback(cb -> {
                        for (StreamFigures f : sources.streams().get()) {
                            cb.call(f.readers(), f.path());
                        }
                    }).register(registry);
            CounterWithCallback.builder().name("sharpeye_stream_path_frames_lost").labelNames("path")
                    .help("Frames lost by one stream").callback(cb -> {
                        for (StreamFigures f : sources.streams().get()) {
                            cb.call(f.framesLost(), f.path());
                        }
                    }).register(registry);
        }
    }

    private void streamGauge(String name, String help, java.util.function.ToDoubleFunction<StreamFigures> value) {
        GaugeWithCallback.builder().name(name).help(help).callback(cb -> {
            double sum = 0;
            for (StreamFigures f : sources.streams().get()) {
                sum += value.applyAsDouble(f);
            }
            cb.call(sum);
        }).register(registry);
    }

    private void streamCounter(String name, String help, java.util.function.ToDoubleFunction<StreamFigures> value) {
        CounterWithCallback.builder().name(name).help(help).callback(cb -> {
            double sum = 0;
            for (StreamFigures f : sources.streams().get()) {
                sum += value.applyAsDouble(f);
            }
            cb.call(sum);
        }).register(registry);
    }

    private void registerNetty() {
        PooledByteBufAllocatorMetric netty = PooledByteBufAllocator.DEFAULT.metric();
        GaugeWithCallback.builder().name("sharpeye_netty_pooled_used_bytes")
                .help("Memory used by Netty's default pooled allocator").labelNames("memory")
                .callback(cb -> {
                    cb.call(netty.usedDirectMemory(), "direct");
                    cb.call(netty.usedHeapMemory(), "heap");
                }).register(registry);
        GaugeWithCallback.builder().name("sharpeye_netty_pooled_arenas")
                .help("Arenas of Netty's default pooled allocator").labelNames("memory")
                .callback(cb -> {
                    cb.call(netty.numDirectArenas(), "direct");
                    cb.call(netty.numHeapArenas(), "heap");
                }).register(registry);
    }

    /** Counts one probe and its duration; give it to the prober's result sink (any thread). */
    public void observe(ProbeResult result) {
        String outcome = result.ok() ? "ok" : "failed";
        probeDuration.labelValues(outcome).observe(result.durationNanos() / 1e9);
        probes.labelValues(outcome, result.reason() == null ? "" : result.reason().name()).inc();
    }

    /** Counts one picture check; give it to the picture checker's sink (any thread). */
    public void observe(PictureVerdict verdict) {
        pictureChecks.labelValues(verdict.state().name()).inc();
    }

    /** The Content-Type of {@link #write}: the Prometheus text format 0.0.4. */
    public String contentType() {
        return writer.getContentType();
    }

    /** Writes every family in the text exposition format. Calls the suppliers: not on an event loop. */
    public void write(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }

    /** The exposition as text (tests, debugging). */
    public String scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            write(out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
