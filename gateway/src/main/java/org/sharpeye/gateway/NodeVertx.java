package org.sharpeye.gateway;

import io.netty.channel.EventLoopGroup;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import org.sharpeye.media.net.NetTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Vert.x instance of a node, whose event loops are the node's: the gateway serves on every one of them and
 * ingest pulls its cameras on the same ones ({@link #loops}), so a camera and a viewer on one loop share a thread and
 * a live frame reaches the viewer's socket with no hand-over between threads. One loop per core (Vert.x's default of
 * two per core would only add thread switches: nothing blocks on these loops), on Linux's native epoll transport
 * where ingest uses it too ({@link NetTransport}).
 */
public final class NodeVertx {

    private static final Logger log = LoggerFactory.getLogger(NodeVertx.class);

    private NodeVertx() {
    }

    /** A new Vert.x with the node's transport and one event loop per core. */
    public static Vertx create() {
        return create(Runtime.getRuntime().availableProcessors());
    }

    /** A new Vert.x with the node's transport and {@code eventLoops} event loops. */
    public static Vertx create(int eventLoops) {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops)
                .setPreferNativeTransport(NetTransport.preferred() == NetTransport.EPOLL));
        log.info("Vert.x on the {} transport, {} event loops", vertx.isNativeTransportEnabled() ? "native epoll"
                : "NIO", eventLoops);
        return vertx;
    }

    /** The event loops of {@code vertx}, for ingest to share; they stop when Vert.x closes. */
    public static EventLoopGroup loops(Vertx vertx) {
        return ((VertxInternal) vertx).eventLoopGroup();
    }
}
