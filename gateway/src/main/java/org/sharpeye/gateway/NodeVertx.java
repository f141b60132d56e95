package org.sharpeye.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.sharpeye.media.net.NetTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Vert.x instance of a node: on Linux's native epoll transport where ingest uses it too ({@link NetTransport}),
 * so a viewer's request, its first keyframe and every live frame cost fewer system calls and wake up faster than
 * through NIO's selector.
 */
public final class NodeVertx {

    private static final Logger log = LoggerFactory.getLogger(NodeVertx.class);

    private NodeVertx() {
    }

    /** A new Vert.x with the node's transport. */
    public static Vertx create() {
        Vertx vertx = Vertx.vertx(new VertxOptions()
                .setPreferNativeTransport(NetTransport.preferred() == NetTransport.EPOLL));
        log.info("Vert.x on the {} transport", vertx.isNativeTransportEnabled() ? "native epoll" : "NIO");
        return vertx;
    }
}
