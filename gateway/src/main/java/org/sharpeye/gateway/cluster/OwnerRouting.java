package org.sharpeye.gateway.cluster;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live requests for a camera another node owns are proxied to the owner: HTTP-FLV and HLS by relaying the response,
 * WS-FLV and fMP4 by relaying WebSocket frames both ways. The viewer keeps one URL on whichever node it reached (a
 * WebSocket client would not follow a redirect), the owner checks the same live token (every node shares the key),
 * and the camera is still pulled once. Mounted ahead of the live routes; a request for a camera this node owns goes
 * on to them. A relayed request carries the {@link RelayMarker}: the owner audits the viewer's address it vouches for,
 * not the relaying node's.
 */
public final class OwnerRouting {
    private static final Logger log = LoggerFactory.getLogger(OwnerRouting.class);
    /** Request headers that belong to one hop only. */
    private static final Set<String> HOP_BY_HOP = Set.of("host", "connection", "keep-alive", "upgrade",
            "transfer-encoding", "te", "trailer", "proxy-authorization", "proxy-authenticate",
            "sec-websocket-key", "sec-websocket-version", "sec-websocket-extensions", "sec-websocket-accept");

    private final ClusterNode cluster;
    private final RelayMarker marker;
    private final HttpClientAgent http;
    private final WebSocketClient ws;

    private OwnerRouting(Vertx vertx, ClusterNode cluster, RelayMarker marker) {
        this.cluster = cluster;
        this.marker = marker;
        this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
                .setConnectTimeout(3_000), new io.vertx.core.http.PoolOptions().setHttp1MaxSize(256));
        this.ws = vertx.createWebSocketClient(new WebSocketClientOptions().setConnectTimeout(3_000)
                .setMaxFrameSize(16 * 1024 * 1024).setMaxMessageSize(64 * 1024 * 1024));
    }

    /**
     * Mounts the routing of {@code /live/*} ahead of every other route of {@code router}; relayed requests are marked
     * and their marks checked with {@code marker}.
     */
    public static OwnerRouting mount(Router router, Vertx vertx, ClusterNode cluster, RelayMarker marker) {
        OwnerRouting r = new OwnerRouting(vertx, cluster, marker);
        router.route("/live/*").order(-1).handler(r::route);
        return r;
    }

    /** The camera id of a live path: {@code /live/{id}.flv}, {@code /live/{id}.mp4}, {@code /live/{id}/...}. */
    static String cameraId(String path) {
        String rest = path.substring("/live/".length());
        int end = rest.length();
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            end = slash;
        } else {
            int dot = rest.lastIndexOf('.');
            if (dot >= 0) {
                end = dot;
            }
        }
        return rest.substring(0, end);
    }

    private void route(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        if (!path.startsWith("/live/")) {
            ctx.next();
            return;
        }
        String camera = cameraId(path);
        boolean relayed = ctx.request().getHeader(RelayMarker.RELAYED_BY) != null;
        if (relayed) {
            marker.viewer(ctx.request().headers(), ctx.request().uri(), cluster.liveNodes())
                    .ifPresent(viewer -> RelayMarker.believe(ctx, viewer));
        }
        if (camera.isEmpty() || cluster.owns(camera)) {
            ctx.next();
            return;
        }
        if (relayed) {
            // relayed here by a node that thinks this one owns it: ownership is moving; the viewer retries
            unavailable(ctx, "camera " + camera + " is changing owner; retry");
            return;
        }
        HttpServerRequest req = ctx.request();
        req.pause();
        cluster.owner(camera).onComplete(ar -> {
            if (ar.failed()) {
                req.resume();
                unavailable(ctx, "the cluster store is unavailable; retry");
            } else if (ar.result().isEmpty()) {
                req.resume();
                unavailable(ctx, "camera " + camera + " has no owner at the moment (a node is taking it over); retry");
            } else if (ar.result().get().nodeId().equals(cluster.nodeId())) {
                req.resume();
                ctx.next();
            } else if ("websocket".equalsIgnoreCase(req.getHeader(HttpHeaders.UPGRADE))) {
                relayWebSocket(ctx, ar.result().get());
            } else {
                relayHttp(ctx, ar.result().get());
            }
        });
    }

    private void relayHttp(RoutingContext ctx, ClusterNode.Owner owner) {
        HttpServerRequest req = ctx.request();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
                .setAbsoluteURI(owner.url() + req.uri()).setHeaders(forwarded(req.headers(), req));
        http.request(options).compose(upstream -> upstream.send()).onComplete(ar -> {
            req.resume();
            if (ar.failed()) {
                log.info("relay of {} to {} failed: {}", req.path(), owner.nodeId(), ar.cause().getMessage());
                unavailable(ctx, "the owner of this camera (" + owner.nodeId() + ") does not answer; retry");
                return;
            }
            HttpClientResponse up = ar.result();
            var res = ctx.response();
            if (res.closed()) {
                up.request().reset();
                return;
            }
            res.setStatusCode(up.statusCode()).setStatusMessage(up.statusMessage());
            up.headers().forEach((k, v) -> {
                if (!HOP_BY_HOP.contains(k.toLowerCase())) {
                    res.headers().add(k, v);
                }
            });
            if (up.getHeader(HttpHeaders.CONTENT_LENGTH) == null) {
                res.setChunked(true);
            }
            // relayed by hand, not pipeTo: when the owner dies mid-stream the viewer's connection must be reset at
            // once (its player then reconnects here and is relayed to the new owner), as a dropped viewer's is
            up.handler(buf -> {
                res.write(buf);
                if (res.writeQueueFull()) {
                    up.pause();
                    res.drainHandler(v -> up.resume());
                }
            });
            up.endHandler(v -> res.end());
            up.exceptionHandler(e -> res.reset());
            up.request().connection().closeHandler(v -> {
                if (!res.ended()) {
                    res.reset();
                }
            });
            res.closeHandler(v -> up.request().reset());
        });
    }

    private void relayWebSocket(RoutingContext ctx, ClusterNode.Owner owner) {
        HttpServerRequest req = ctx.request();
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setAbsoluteURI(owner.url().replaceFirst("^http", "ws") + req.uri())
                .setHeaders(forwarded(req.headers(), req));
        ws.connect(options).onComplete(ar -> {
            req.resume();
            if (ar.failed()) {
                log.debug("WebSocket relay of {} to {} failed: {}", req.path(), owner.nodeId(),
                        ar.cause().getMessage());
                unavailable(ctx, "the owner of this camera (" + owner.nodeId() + ") does not answer; retry");
                return;
            }
            WebSocket up = ar.result();
            req.toWebSocket().onSuccess(down -> join(down, up)).onFailure(e -> up.close());
        });
    }

    /** Relays frames both ways with back-pressure; either side closing closes the other with its code. */
    private static void join(ServerWebSocket down, WebSocket up) {
        pipeFrames(up, down);
        pipeFrames(down, up);
        up.closeHandler(v -> {
            if (!down.isClosed()) {
                down.close(up.closeStatusCode() == null ? 1001 : up.closeStatusCode(),
                        up.closeReason() == null ? "owner closed" : up.closeReason());
            }
        });
        down.closeHandler(v -> {
            if (!up.isClosed()) {
                up.close();
            }
        });
        up.exceptionHandler(e -> down.close());
        down.exceptionHandler(e -> up.close());
    }

    private static void pipeFrames(WebSocketBase from, WebSocketBase to) {
        from.frameHandler(frame -> {
            if (frame.isClose() || to.isClosed()) {
                return;
            }
            to.writeFrame(frame);
            if (to.writeQueueFull()) {
                from.pause();
                to.drainHandler(v -> from.resume());
            }
        });
    }

    private MultiMap forwarded(MultiMap in, HttpServerRequest req) {
        MultiMap out = MultiMap.caseInsensitiveMultiMap();
        in.forEach((k, v) -> {
            if (!HOP_BY_HOP.contains(k.toLowerCase())) {
                out.add(k, v);
            }
        });
        marker.mark(out, cluster.nodeId(), String.valueOf(req.remoteAddress()), req.uri());
        String client = req.remoteAddress() == null ? null : req.remoteAddress().hostAddress();
        if (client != null) {
            String prior = in.get("X-Forwarded-For");
            out.set("X-Forwarded-For", prior == null ? client : prior + ", " + client);
        }
        return out;
    }

    private static void unavailable(RoutingContext ctx, String why) {
        if (ctx.response().closed() || ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(503).putHeader("Retry-After", "1")
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("error", why).encode());
    }

    /** Stops the relays' clients. */
    public void close() {
        http.close();
        ws.close();
    }
}
