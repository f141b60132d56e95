package org.sharpeye.gateway.live;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.sharpeye.ingest.Ingest;
import org.sharpeye.ingest.SourceSpec;
import org.sharpeye.media.Reader;
import org.sharpeye.media.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;

/** {@code GET /live/{cameraId}.flv?profile=main|sub}: the camera's live stream as HTTP-FLV (DESIGN.md contract). */
public final class LiveFlvHandler implements Handler<RoutingContext> {

    private static final Logger log = LoggerFactory.getLogger(LiveFlvHandler.class);
    /** Camera ids are GB/T 28181 ids or registry ids: letters, digits, '-' and '_' only; nothing path-like. */
    private static final Pattern CAMERA_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final Vertx vertx;
    private final Ingest ingest;
    private final LiveSources sources;

    private LiveFlvHandler(Vertx vertx, Ingest ingest, LiveSources sources) {
        this.vertx = vertx;
        this.ingest = ingest;
        this.sources = sources;
    }

    /** Mounts the HTTP-FLV route on {@code router}. */
    public static void mount(Router router, Vertx vertx, Ingest ingest, LiveSources sources) {
        router.get("/live/:file").handler(new LiveFlvHandler(vertx, ingest, sources));
    }

    @Override
    public void handle(RoutingContext ctx) {
        String file = ctx.pathParam("file");
        if (!file.endsWith(".flv")) {
            ctx.next();
            return;
        }
        String cameraId = file.substring(0, file.length() - 4);
        String profile = Optional.ofNullable(ctx.request().getParam("profile")).orElse("main");
        if (!CAMERA_ID.matcher(cameraId).matches()) {
            LiveErrors.send(ctx, 400, "invalid camera id");
            return;
        }
        if (!profile.equals("main") && !profile.equals("sub")) {
            LiveErrors.send(ctx, 400, "profile must be main or sub");
            return;
        }
        sources.source(cameraId, profile).onComplete(ar -> {
            if (ar.failed()) {
                log.warn("looking up camera {} failed", cameraId, ar.cause());
                LiveErrors.send(ctx, 503, "registry unavailable");
            } else if (ar.result().isEmpty()) {
                LiveErrors.send(ctx, 404, "no such camera: " + cameraId);
            } else if (!ctx.response().closed()) {
                serve(ctx, ar.result().get());
            }
        });
    }

    private void serve(RoutingContext ctx, SourceSpec spec) {
        HttpServerResponse response = ctx.response();
        response.setChunked(true)
                .putHeader("Content-Type", "video/x-flv")
                .putHeader("Cache-Control", "no-cache, no-store")
                .putHeader("Access-Control-Allow-Origin", "*");
        Stream stream = ingest.stream(spec);
        Context context = vertx.getOrCreateContext();
        Executor onContext = task -> context.runOnContext(v -> task.run());
        FlvViewer viewer = new FlvViewer(response);
        String viewerName = ctx.request().remoteAddress() + " flv";
        Reader reader = stream.addReader(viewerName, onContext, viewer);
        viewer.attach(reader);
        response.closeHandler(v -> {
            reader.close();
            log.debug("viewer {} of {} left after {} bytes", viewerName, stream.name(), viewer.bytes());
        });
        response.exceptionHandler(e -> reader.close());
    }
}
