package org.sharpeye.ingest;

import org.sharpeye.ingest.rtsp.RtspClientOptions;
import org.sharpeye.ingest.rtsp.RtspTransport;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the ingest engine.
 *
 * @param idleTimeout an on-demand source stops this long after its last reader left, default 30 s
 * @param connectTimeout TCP connect to a camera, default 5 s
 * @param responseTimeout wait for each RTSP response, default 10 s
 * @param stallGap no RTP for this long while playing is STALLED, default 5 s
 * @param backoffMin first retry delay ceiling, default 1 s
 * @param backoffMax largest retry delay ceiling, default 60 s (delays are jittered in [0, ceiling])
 * @param eventLoopThreads Netty event loop threads, default one per core (0: Netty's default, twice the cores; one per
 *                         core costs 15 % less CPU at 1,000 cameras, see docs/benchmarks.md "ingest")
 * @param transport RTP transport tried first, default TCP interleaved; the other one when a camera answers 461
 */
public record IngestOptions(Duration idleTimeout, Duration connectTimeout, Duration responseTimeout, Duration stallGap,
                            Duration backoffMin, Duration backoffMax, int eventLoopThreads, RtspTransport transport) {

    /** Options with TCP tried first. */
    public IngestOptions(Duration idleTimeout, Duration connectTimeout, Duration responseTimeout, Duration stallGap,
                         Duration backoffMin, Duration backoffMax, int eventLoopThreads) {
        this(idleTimeout, connectTimeout, responseTimeout, stallGap, backoffMin, backoffMax, eventLoopThreads,
                RtspTransport.TCP);
    }

    public IngestOptions {
        for (Duration d : new Duration[] {idleTimeout, connectTimeout, responseTimeout, stallGap, backoffMin,
                backoffMax}) {
            Objects.requireNonNull(d, "durations must be set");
            if (d.isNegative()) {
                throw new IllegalArgumentException("negative duration " + d);
            }
        }
        if (backoffMax.compareTo(backoffMin) < 0) {
            throw new IllegalArgumentException("backoffMax below backoffMin");
        }
        Objects.requireNonNull(transport, "transport");
        if (eventLoopThreads < 0) {
            throw new IllegalArgumentException("eventLoopThreads " + eventLoopThreads);
        }
    }

    public static IngestOptions defaults() {
        return new IngestOptions(Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(60),
                Runtime.getRuntime().availableProcessors());
    }

    public IngestOptions withIdleTimeout(Duration d) {
        return new IngestOptions(d, connectTimeout, responseTimeout, stallGap, backoffMin, backoffMax, eventLoopThreads,
                transport);
    }

    public IngestOptions withStallGap(Duration d) {
        return new IngestOptions(idleTimeout, connectTimeout, responseTimeout, d, backoffMin, backoffMax, eventLoopThreads,
                transport);
    }

    public IngestOptions withConnectTimeout(Duration d) {
        return new IngestOptions(idleTimeout, d, responseTimeout, stallGap, backoffMin, backoffMax, eventLoopThreads,
                transport);
    }

    public IngestOptions withResponseTimeout(Duration d) {
        return new IngestOptions(idleTimeout, connectTimeout, d, stallGap, backoffMin, backoffMax, eventLoopThreads,
                transport);
    }

    public IngestOptions withEventLoopThreads(int n) {
        return new IngestOptions(idleTimeout, connectTimeout, responseTimeout, stallGap, backoffMin, backoffMax, n, transport);
    }

    public IngestOptions withTransport(RtspTransport preferred) {
        return new IngestOptions(idleTimeout, connectTimeout, responseTimeout, stallGap, backoffMin, backoffMax,
                eventLoopThreads, preferred);
    }

    public IngestOptions withBackoff(Duration min, Duration max) {
        return new IngestOptions(idleTimeout, connectTimeout, responseTimeout, stallGap, min, max, eventLoopThreads,
                transport);
    }

    RtspClientOptions clientOptions() {
        return new RtspClientOptions(connectTimeout, responseTimeout, stallGap, RtspClientOptions.DEFAULT.maxRedirects(),
                RtspClientOptions.DEFAULT.userAgent(), transport);
    }
}
