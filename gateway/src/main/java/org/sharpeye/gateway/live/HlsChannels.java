package org.sharpeye.gateway.live;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.sharpeye.media.Stream;
import org.sharpeye.media.hls.HlsOptions;
import org.sharpeye.media.hls.SegmentFormat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The HLS channels of this node, one per camera profile, codec and segment format, opened by the first request and
 * closed after {@code idleTimeout} without one (a player asks at least once per target duration while it plays).
 */
final class HlsChannels implements AutoCloseable {

    /** Low-latency HLS part duration: hls.js plays about three parts behind live. */
    static final Duration PART_TARGET = Duration.ofMillis(500);

    private final Vertx vertx;
    private final Duration idleTimeout;
    private final Map<String, HlsChannel> channels = new ConcurrentHashMap<>();
    private final long timer;

    HlsChannels(Vertx vertx, Duration idleTimeout) {
        this.vertx = vertx;
        this.idleTimeout = idleTimeout;
        long period = Math.max(1000, idleTimeout.toMillis() / 4);
        this.timer = vertx.setPeriodic(period, id -> closeIdle());
    }

    /** The channel of a stream (by its name) and segment format, opened on first use. */
    HlsChannel open(String streamName, SegmentFormat format, Supplier<Stream> stream) {
        return channels.compute(streamName + "|" + format, (k, existing) -> {
            if (existing != null && !existing.isClosed()) {
                return existing;
            }
            Context context = vertx.getOrCreateContext();
            HlsOptions options = HlsOptions.of(format).withPartTarget(PART_TARGET);
            return new HlsChannel(stream.get(), options, task -> context.runOnContext(v -> task.run()));
        });
    }

    /** The open channel of a stream and format, if any (segment requests never open one). */
    HlsChannel find(String streamName, SegmentFormat format) {
        HlsChannel c = channels.get(streamName + "|" + format);
        return c == null || c.isClosed() ? null : c;
    }

    int size() {
        return channels.size();
    }

    private void closeIdle() {
        channels.entrySet().removeIf(e -> {
            HlsChannel c = e.getValue();
            if (c.isClosed() || c.idleNanos() > idleTimeout.toNanos()) {
                c.close();
                return true;
            }
            return false;
        });
    }

    @Override
    public void close() {
        vertx.cancelTimer(timer);
        channels.values().forEach(HlsChannel::close);
        channels.clear();
    }
}
