package org.sharpeye.gateway.live;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.streams.WriteStream;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.sharpeye.gateway.cluster.RelayMarker;
import org.sharpeye.ingest.SourceSpec;
import org.sharpeye.media.Reader;
import org.sharpeye.media.ReaderCloseReason;
import org.sharpeye.media.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;


/**
 * {@code /live/{cameraId}.flv}: HTTP-FLV on a plain GET, WS-FLV on a WebSocket upgrade of the same path; and
 * {@code /live/{cameraId}.mp4} over WebSocket (fMP4 for Media Source Extensions).
 */
public final class LiveHandler implements Handler<RoutingContext> {

    private static final Logger log = LoggerFactory.getLogger(LiveHandler.class);
    /** WebSocket close code for a viewer the stream dropped (RFC 6455 registry: 1013 Try Again Later). */
    private static final short WS_TRY_AGAIN_LATER = 1013;

    private final Vertx vertx;
    private final LiveStreams streams;
    private final LiveSources sources;
    private final LiveAccess access;
    private final LiveTimings timings;

    private LiveHandler(Vertx vertx, LiveStreams streams, LiveSources sources, LiveAccess access,
                        LiveTimings timings) {
        this.vertx = vertx;
        this.timings = timings;
        this.streams = streams;
        this.sources = sources;
        this.access = access;
    }

    /** Mounts the live routes on {@code router}; every viewer records its switch and frame times in {@code timings}. */
    public static void mount(Router router, Vertx vertx, LiveStreams streams, LiveSources sources,
                             LiveAccess access, LiveTimings timings) {
        router.get("/live/:file").handler(new LiveHandler(vertx, streams, sources, access, timings));
    }

    @Override
    public void handle(RoutingContext ctx) {
        long requestNanos = System.nanoTime();
        LiveRequest live;
        try {
            live = LiveRequest.parse(ctx.pathParam("file"), ctx.request());
        } catch (LiveRequest.Invalid e) {
            LiveErrors.send(ctx, e.status, e.getMessage());
            return;
        }
        Optional<LiveTokens.Grant> grant = access.admit(ctx, live);
        if (grant.isEmpty()) {
            return;
        }
        boolean upgrade = isWebSocketUpgrade(ctx.request());
        if (live.container() == LiveRequest.Container.MP4 && !upgrade) {
            LiveErrors.send(ctx, 400, "fMP4 is served over WebSocket only");
            return;
        }
        if (upgrade) {
            // The lookup may complete later (credentials read on a worker): a WebSocket upgrade must not see its
            // request read to the end before toWebSocket(), so the request waits paused until then.
            ctx.request().pause();
        }
        sources.source(live.cameraId(), live.profile()).onComplete(ar -> {
            if (upgrade && (ar.failed() || ar.result().isEmpty())) {
                ctx.request().resume();
            }
            if (ar.failed()) {
                log.warn("looking up camera {} failed", live.cameraId(), ar.cause());
                LiveErrors.send(ctx, 503, "registry unavailable");
            } else if (ar.result().isEmpty()) {
                LiveErrors.send(ctx, 404, "no such camera: " + live.cameraId());
            } else if (upgrade) {
                ctx.request().toWebSocket().onSuccess(ws -> serveWebSocket(ws, RelayMarker.viewerAddress(ctx),
                        ar.result().get(), live, grant.get(), requestNanos))
                        .onFailure(e -> log.debug("websocket upgrade failed", e));
            } else if (!ctx.response().closed()) {
                serveHttp(ctx, ar.result().get(), live, grant.get(), requestNanos);
            }
        });
    }

    private void serveHttp(RoutingContext ctx, SourceSpec spec, LiveRequest live, LiveTokens.Grant grant,
                           long requestNanos) {
        HttpServerResponse response = ctx.response();
        response.setChunked(true)
                .putHeader("Content-Type", "video/x-flv")
                .putHeader("Cache-Control", "no-cache, no-store")
                .putHeader("Access-Control-Allow-Origin", "*");
        attach(spec, live, grant, new FlvWriter(), new Connection(response, null,
                RelayMarker.viewerAddress(ctx), "flv", reason -> response.reset(),
                response::closeHandler, response::exceptionHandler, requestNanos));
    }

    private void serveWebSocket(ServerWebSocket ws, String client, SourceSpec spec, LiveRequest live,
                                LiveTokens.Grant grant, long requestNanos) {
        ContainerWriter writer = live.container() == LiveRequest.Container.MP4 ? new Mp4Writer() : new FlvWriter();
        attach(spec, live, grant, writer, new Connection(ws, ws::writeTextMessage, client,
                "ws-" + live.container().name().toLowerCase(),
                reason -> ws.close(WS_TRY_AGAIN_LATER, "dropped: " + reason), ws::closeHandler, ws::exceptionHandler,
                requestNanos));
    }

    /**
     * One viewer's connection: where its bytes and text messages go, what it is called in the audit log, and how
     * it is ended when the stream drops it, and when its request reached the handler ({@link System#nanoTime()}).
     */
    private record Connection(WriteStream<Buffer> out, Consumer<String> textOut, String client, String output,
                              Consumer<ReaderCloseReason> drop, Consumer<Handler<Void>> onClose,
                              Consumer<Handler<Throwable>> onError, long requestNanos) {
    }

    private void attach(SourceSpec spec, LiveRequest live, LiveTokens.Grant grant, ContainerWriter writer,
                        Connection c) {
        Stream stream = streams.stream(spec, live.transcode());
        Context context = vertx.getOrCreateContext();
        Executor onContext = task -> context.runOnContext(v -> task.run());
        Viewer viewer = new Viewer(c.out(), writer, c.drop(), c.textOut(), timings, c.requestNanos());
        String name = c.client() + " " + c.output();
        Reader reader = stream.addReader(name, onContext, viewer);
        viewer.attach(reader);
        LiveAccess.ViewEnd viewEnd = access.streamingView(grant, live, c.output(), c.client(), viewer);
        c.onClose().accept(v -> {
            reader.close();
            viewEnd.ended(viewer.bytes());
            log.debug("viewer {} of {} left after {} bytes", name, stream.name(), viewer.bytes());
        });
        c.onError().accept(e -> reader.close());
    }

    private static boolean isWebSocketUpgrade(HttpServerRequest request) {
        String upgrade = request.getHeader(HttpHeaders.UPGRADE);
        return upgrade != null && upgrade.equalsIgnoreCase("websocket");
    }
}
