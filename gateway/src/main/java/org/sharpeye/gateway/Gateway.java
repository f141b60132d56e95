package org.sharpeye.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import org.sharpeye.gateway.live.LiveTimings;
import org.sharpeye.gateway.live.LiveHandler;
import org.sharpeye.gateway.live.LiveAccess;
import org.sharpeye.gateway.live.LiveHlsHandler;
import org.sharpeye.gateway.live.LiveSources;
import org.sharpeye.gateway.live.LiveStreams;
import org.sharpeye.ingest.Ingest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.Consumer;

/** The Vert.x HTTP server: operations endpoints, live streams, the REST API and the console. */
public final class Gateway {

    private static final Logger log = LoggerFactory.getLogger(Gateway.class);

    /** An HLS channel closes this long after its last request (players ask every part or segment). */
    private static final Duration HLS_IDLE_TIMEOUT = Duration.ofSeconds(30);

    /** About one second of a 2 Mbit/s main stream. */
    static final int SEND_BUFFER_BYTES = 256 * 1024;

    private final Vertx vertx;
    private final LiveHlsHandler hls;
    private final LiveStreams streams;
    private final Router router;
    private final LiveTimings timings = new LiveTimings();
    private volatile boolean ready;
    private HttpServer server;

    private Gateway(Vertx vertx, Ingest ingest, LiveSources sources, LiveAccess access, Consumer<Router> api) {
        this.vertx = vertx;
        this.router = Router.router(vertx);
        router.get("/healthz").handler(ctx -> ctx.response().end("ok"));
        router.get("/readyz").handler(ctx -> ctx.response().setStatusCode(ready ? 200 : 503)
                .end(ready ? "ready" : "starting"));
        streams = new LiveStreams(ingest);
        LiveHandler.mount(router, vertx, streams, sources, access, timings);
        hls = LiveHlsHandler.mount(router, vertx, streams, sources, access, HLS_IDLE_TIMEOUT);
        api.accept(router);
        router.route("/*").handler(StaticHandler.create("webroot").setCachingEnabled(false));
        router.route().last().handler(ctx -> ctx.response().setStatusCode(404)
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("error", "not found: " + ctx.normalizedPath()).encode()));
    }

    /** Builds the routes; {@code access} guards the live URLs, {@code api} mounts the REST API. */
    public static Gateway create(Vertx vertx, Ingest ingest, LiveSources sources, LiveAccess access,
                                 Consumer<Router> api) {
        return new Gateway(vertx, ingest, sources, access, api);
    }

    /** Listens on host:port (port 0 picks a free one). */
    public Future<HttpServer> listen(String host, int port) {
        // A bounded socket send buffer: Linux would otherwise autotune it to megabytes, so a stalled viewer would
        // hide tens of seconds of video in the kernel before the gateway could notice it and drop it.
        // No HTTP/2 cleartext (h2c): browsers never use it, and sniffing every new connection for its preface
        // delays the first request a viewer sends.
        return vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port).setTcpNoDelay(true)
                        .setSendBufferSize(SEND_BUFFER_BYTES).setHttp2ClearTextEnabled(false))
                .requestHandler(router)
                .listen()
                .onSuccess(s -> {
                    server = s;
                    ready = true;
                    log.info("gateway listening on {}:{}", host, s.actualPort());
                });
    }

    /** Switch times and the time live frames spend inside SharpEye, for every streaming viewer. */
    public LiveTimings liveTimings() {
        return timings;
    }

    public int port() {
        return server.actualPort();
    }

    public Future<Void> close() {
        ready = false;
        hls.close();
        streams.close();
        return server == null ? Future.succeededFuture() : server.close();
    }
}
