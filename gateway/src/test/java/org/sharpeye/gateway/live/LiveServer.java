package org.sharpeye.gateway.live;

import io.vertx.core.Vertx;
import org.sharpeye.gateway.Gateway;
import org.sharpeye.gateway.NodeVertx;
import org.sharpeye.ingest.Ingest;
import org.sharpeye.ingest.IngestOptions;

import java.util.concurrent.TimeUnit;

/**
 * The gateway's live outputs over a real ingest, arranged as a node runs them (ingest on the gateway's event loops,
 * two of them as on the reference machine), listening on 127.0.0.1 at a free port, for the live integration tests.
 * Closing it closes the gateway, ingest and Vert.x, in that order.
 */
final class LiveServer implements AutoCloseable {

    private final Ingest ingest;
    private final Vertx vertx;
    private final Gateway gateway;

    private LiveServer(Ingest ingest, Vertx vertx, Gateway gateway) {
        this.ingest = ingest;
        this.vertx = vertx;
        this.gateway = gateway;
    }

    /** Serves the cameras {@code sources} finds to the viewers {@code access} admits. */
    static LiveServer start(LiveSources sources, LiveAccess access) throws Exception {
        Vertx vertx = NodeVertx.create(2);
        Ingest ingest = Ingest.create(IngestOptions.defaults(), NodeVertx.loops(vertx));
        Gateway gateway = Gateway.create(vertx, ingest, sources, access, router -> { });
        LiveServer server = new LiveServer(ingest, vertx, gateway);
        try {
            server.gateway.listen("127.0.0.1", 0).await(10, TimeUnit.SECONDS);
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** Closes {@code server}, then {@code cameras}; either may be null (a fixture that did not start). */
    static void close(LiveServer server, AutoCloseable cameras) throws Exception {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            if (cameras != null) {
                cameras.close();
            }
        }
    }

    Ingest ingest() {
        return ingest;
    }

    Vertx vertx() {
        return vertx;
    }

    int port() {
        return gateway.port();
    }

    LiveTimings timings() {
        return gateway.liveTimings();
    }

    @Override
    public void close() throws Exception {
        try {
            gateway.close().await(10, TimeUnit.SECONDS);
        } finally {
            try {
                ingest.close();
            } finally {
                vertx.close().await(10, TimeUnit.SECONDS);
            }
        }
    }
}
