package org.sharpeye.gateway;

import io.netty.channel.EventLoop;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.net.SocketAddress;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** The Vert.x HTTP server: operations endpoints, live streams, the REST API and the console. */
public final class Gateway {

    private static final Logger log = LoggerFactory.getLogger(Gateway.class);

    /** An HLS channel closes this long after its last request (players ask every part or segment). */
    private static final Duration HLS_IDLE_TIMEOUT = Duration.ofSeconds(30);

    /** About one second of a 2 Mbit/s main stream. */
    static final int SEND_BUFFER_BYTES = 256 * 1024;

    /** Ids of the random ports the gateways of this JVM share between their servers. */
    private static final AtomicInteger SHARED_PORT_IDS = new AtomicInteger();

    private final Vertx vertx;
    private final LiveHlsHandler hls;
    private final LiveStreams streams;
    private final Router router;
    private final LiveTimings timings = new LiveTimings();
    private volatile boolean ready;
    private final List<HttpServer> servers = new CopyOnWriteArrayList<>();

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

    /**
     * Listens on host:port (port 0 picks a free one) on every event loop of the node: one server per loop, sharing
     * the port, so connections are spread over the loops and a viewer is served on the loop that accepted it. Ingest
     * starts an on-demand camera on the loop of the viewer who asked for it ({@link NodeVertx}).
     */
    public Future<HttpServer> listen(String host, int port) {
        List<EventLoop> loops = new ArrayList<>();
        NodeVertx.loops(vertx).forEach(loop -> loops.add((EventLoop) loop));
        // Vert.x shares a port between servers listening on the same address; port 0 would give each server its own
        // free port, so it becomes one random free port shared under an id of this gateway's.
        SocketAddress address = port == 0 ? SocketAddress.sharedRandomPort(SHARED_PORT_IDS.incrementAndGet(), host)
                : SocketAddress.inetSocketAddress(port, host);
        return listenOn(loops.get(0), address).compose(first -> {
            List<Future<HttpServer>> others = new ArrayList<>();
            for (EventLoop loop : loops.subList(1, loops.size())) {
                others.add(listenOn(loop, address));
            }
            return Future.all(others).map(first);
        }).onSuccess(first -> {
            ready = true;
            log.info("gateway listening on {}:{} on {} event loops", host, first.actualPort(), servers.size());
        });
    }

    private Future<HttpServer> listenOn(EventLoop loop, SocketAddress address) {
        // A bounded socket send buffer: Linux would otherwise autotune it to megabytes, so a stalled viewer would
        // hide tens of seconds of video in the kernel before the gateway could notice it and drop it.
        // No HTTP/2 cleartext (h2c): browsers never use it, and sniffing every new connection for its preface
        // delays the first request a viewer sends.
        HttpServerOptions options = new HttpServerOptions().setTcpNoDelay(true).setSendBufferSize(SEND_BUFFER_BYTES)
                .setHttp2ClearTextEnabled(false);
        ContextInternal context = ((VertxInternal) vertx).contextBuilder().withEventLoop(loop).build();
        Promise<HttpServer> listening = Promise.promise();
        // A server binds its connections to the event loop of the context it listens from.
        context.runOnContext(v -> {
            try {
                vertx.createHttpServer(options).requestHandler(router).listen(address).onSuccess(servers::add)
                        .onComplete(listening);
            } catch (RuntimeException e) {
                listening.fail(e);
            }
        });
        return listening.future();
    }

    /** Switch times and the time live frames spend inside SharpEye, for every streaming viewer. */
    public LiveTimings liveTimings() {
        return timings;
    }

    public int port() {
        return servers.get(0).actualPort();
    }

    public Future<Void> close() {
        ready = false;
        hls.close();
        streams.close();
        return Future.all(servers.stream().map(HttpServer::close).toList()).mapEmpty();
    }
}
