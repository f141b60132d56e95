package org.sharpeye.gateway.live;

import io.netty.buffer.ByteBuf;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.sharpeye.gateway.cluster.RelayMarker;
import org.sharpeye.ingest.SourceSpec;
import org.sharpeye.media.hls.HlsOptions;
import org.sharpeye.media.hls.HlsSegmenter;
import org.sharpeye.media.hls.SegmentFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * HLS: {@code GET /live/{cameraId}/index.m3u8} (a media playlist with fMP4 segments, or MPEG-TS with
 * {@code format=ts}; low-latency parts and blocking reload with {@code _HLS_msn}/{@code _HLS_part}) and the
 * segments, parts and init sections it names. One segmenter per camera profile serves all its clients.
 */
public final class LiveHlsHandler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LiveHlsHandler.class);
    private static final Pattern FILE = Pattern.compile("init-\\d{1,9}\\.mp4|(segment-\\d{1,12}|part-\\d{1,12}-\\d{1,6})"
            + "\\.(m4s|ts)");
    /** How long a first playlist request waits for a cold camera's first segment. */
    private static final Duration FIRST_SEGMENT_WAIT = Duration.ofSeconds(20);

    private final Vertx vertx;
    private final LiveStreams streams;
    private final LiveSources sources;
    private final HlsChannels channels;
    private final LiveAccess access;
    private final long viewTimer;

    private LiveHlsHandler(Vertx vertx, LiveStreams streams, LiveSources sources, LiveAccess access,
                           Duration idleTimeout) {
        this.vertx = vertx;
        this.streams = streams;
        this.sources = sources;
        this.access = access;
        this.channels = new HlsChannels(vertx, idleTimeout);
        this.viewTimer = vertx.setPeriodic(Math.max(1000, idleTimeout.toMillis() / 4),
                id -> access.endIdleHlsViews(idleTimeout.toMillis()));
    }

    /** Mounts the HLS routes; the returned handler closes the channels when the gateway stops. */
    public static LiveHlsHandler mount(Router router, Vertx vertx, LiveStreams streams, LiveSources sources,
                                      LiveAccess access, Duration idleTimeout) {
        LiveHlsHandler h = new LiveHlsHandler(vertx, streams, sources, access, idleTimeout);
        router.get("/live/:camera/index.m3u8").handler(h::playlist);
        router.get("/live/:camera/:file").handler(h::file);
        return h;
    }

    private void playlist(RoutingContext ctx) {
        HlsRequest r = admit(ctx);
        if (r == null) {
            return;
        }
        LiveRequest live = r.live();
        SegmentFormat format = r.format();
        String output = format == SegmentFormat.MPEG_TS ? "hls-ts" : "hls";
        Context context = vertx.getOrCreateContext();
        sources.source(live.cameraId(), live.profile()).onComplete(ar -> {
            if (ar.failed() || ar.result().isEmpty()) {
                LiveErrors.send(ctx, ar.failed() ? 503 : 404,
                        ar.failed() ? "registry unavailable" : "no such camera: " + live.cameraId());
                return;
            }
            SourceSpec spec = ar.result().get();
            HlsSegmenter segmenter = channels.open(live.streamName(), format, () -> streams.stream(spec, live.transcode())).segmenter();
            CompletableFuture<String> playlist;
            try {
                playlist = awaitedPlaylist(ctx, segmenter);
            } catch (NumberFormatException e) {
                LiveErrors.send(ctx, 400, "_HLS_msn and _HLS_part must be whole numbers");
                return;
            }
            playlist.whenComplete((text, error) -> context.runOnContext(v -> {
                if (ctx.response().closed()) {
                    return;
                }
                if (error != null) {
                    Throwable cause = error instanceof java.util.concurrent.CompletionException ? error.getCause() : error;
                    int status = cause instanceof IllegalArgumentException ? 400 : 503;
                    LiveErrors.send(ctx, status, status == 400 ? cause.getMessage() : "no segment yet, retry");
                    return;
                }
                String body = PlaylistUris.withQuery(text, queryFor(live, format));
                access.hlsRequest(r.grant(), live, output, RelayMarker.viewerAddress(ctx),
                        body.length());
                ctx.response().putHeader("Content-Type", "application/vnd.apple.mpegurl")
                        .putHeader("Cache-Control", "no-cache")
                        .putHeader("Access-Control-Allow-Origin", "*")
                        .end(body);
            }));
        });
    }

    private static CompletableFuture<String> awaitedPlaylist(RoutingContext ctx, HlsSegmenter segmenter) {
        String msn = ctx.request().getParam("_HLS_msn");
        String part = ctx.request().getParam("_HLS_part");
        if (msn != null) {
            return segmenter.awaitPlaylist(Long.parseLong(msn), part == null ? -1 : Integer.parseInt(part))
                    .orTimeout(3 * HlsOptions.DEFAULT_TARGET_DURATION.toMillis(), TimeUnit.MILLISECONDS);
        }
        String now = segmenter.playlist();
        return now != null ? CompletableFuture.completedFuture(now)
                : segmenter.awaitPlaylist(0, -1).orTimeout(FIRST_SEGMENT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void file(RoutingContext ctx) {
        String name = ctx.pathParam("file");
        if (!FILE.matcher(name).matches()) {
            ctx.next();
            return;
        }
        HlsRequest r = admit(ctx);
        if (r == null) {
            return;
        }
        LiveRequest live = r.live();
        SegmentFormat format = r.format();
        HlsChannel channel = channels.find(live.streamName(), format);
        ByteBuf bytes = channel == null ? null : channel.segmenter().file(name);
        if (bytes == null) {
            LiveErrors.send(ctx, 404, "no such segment (it left the window, or the playlist was not loaded)");
            return;
        }
        access.hlsRequest(r.grant(), live, format == SegmentFormat.MPEG_TS ? "hls-ts" : "hls",
                RelayMarker.viewerAddress(ctx), bytes.readableBytes());
        ctx.response().putHeader("Content-Type", name.endsWith(".ts") ? "video/mp2t" : "video/mp4")
                .putHeader("Cache-Control", "max-age=60")
                .putHeader("Access-Control-Allow-Origin", "*")
                .end(BufferInternal.buffer(bytes))
                .onComplete(x -> bytes.release());
    }

    /** An HLS request that parsed and carries a valid token. */
    private record HlsRequest(LiveRequest live, SegmentFormat format, LiveTokens.Grant grant) {
    }

    /** Parses and admits an HLS request, or answers its error and returns null. */
    private HlsRequest admit(RoutingContext ctx) {
        LiveRequest live;
        SegmentFormat format;
        try {
            live = LiveRequest.hls(ctx.pathParam("camera"), ctx.request());
            format = format(ctx);
        } catch (LiveRequest.Invalid e) {
            LiveErrors.send(ctx, e.status, e.getMessage());
            return null;
        }
        return access.admit(ctx, live).map(g -> new HlsRequest(live, format, g)).orElse(null);
    }

    private static SegmentFormat format(RoutingContext ctx) throws LiveRequest.Invalid {
        String f = ctx.request().getParam("format");
        if (f == null || f.equals("fmp4")) {
            return SegmentFormat.FMP4;
        }
        if (f.equals("ts")) {
            return SegmentFormat.MPEG_TS;
        }
        throw new LiveRequest.Invalid(400, "format must be fmp4 or ts");
    }

    private static String queryFor(LiveRequest live, SegmentFormat format) {
        StringBuilder q = new StringBuilder("profile=").append(live.profile());
        if (format == SegmentFormat.MPEG_TS) {
            q.append("&format=ts");
        }
        if (live.transcode()) {
            q.append("&codec=h264");
        }
        if (live.token() != null) {
            q.append("&token=").append(java.net.URLEncoder.encode(live.token(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return q.toString();
    }

    @Override
    public void close() {
        vertx.cancelTimer(viewTimer);
        access.endAllHlsViews();
        channels.close();
        log.debug("HLS channels closed");
    }
}
