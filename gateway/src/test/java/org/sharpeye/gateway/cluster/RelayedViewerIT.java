package org.sharpeye.gateway.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.redis.client.Redis;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two cluster nodes over a real redis-server on loopback, each with the owner routing in front of a live route that
 * answers with the address it would audit: a view relayed by the other node is audited under the viewer's address,
 * and the relay headers sent by a viewer itself are not believed.
 */
class RelayedViewerIT {
    private static final byte[] KEY = "relayed-viewer-test-live-token-key".getBytes(StandardCharsets.UTF_8);
    private static final List<String> CAMERAS = List.of("cam-1", "cam-2", "cam-3", "cam-4", "cam-5", "cam-6");
    private static final ClusterNode.Duty NOTHING = new ClusterNode.Duty() {
        @Override
        public void take(Set<String> cameraIds) {
        }

        @Override
        public void drop(Set<String> cameraIds) {
        }
    };

    @TempDir
    Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();
    private Vertx vertx;

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        if (vertx != null) {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theOwnerAuditsTheViewerOfARelayedRequestNotTheRelay() throws Exception {
        RedisServer redis = RedisServer.start(dir.resolve("redis"));
        open.add(redis);
        vertx = Vertx.vertx();
        int port1 = FreePort.pick();
        int port2 = FreePort.pick();
        ClusterNode n1 = node("n1", port1, redis);
        ClusterNode n2 = node("n2", port2, redis);
        String camera = CAMERAS.stream().filter(c -> "n1".equals(Rendezvous.owner(c, List.of("n1", "n2"))))
                .findFirst().orElseThrow();
        await(() -> n1.owns(camera) && n1.liveNodes().containsKey("n2") && n2.liveNodes().containsKey("n1"));
        serve(n1, port1);
        serve(n2, port2);
        String path = "/live/" + camera + ".flv?token=t";

        try (Socket viewer = new Socket(InetAddress.getLoopbackAddress(), port2)) {
            String answer = get(viewer, path, "");
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            assertEquals("127.0.0.1:" + viewer.getLocalPort(), body(answer), "relayed by n2, audited by n1");
        }
        try (Socket forger = new Socket(InetAddress.getLoopbackAddress(), port1)) {
            String answer = get(forger, path, RelayMarker.RELAYED_BY + ": n2\r\n" + RelayMarker.VIEWER
                    + ": 198.51.100.1:1\r\n" + RelayMarker.SIGNATURE + ": "
                    + Clock.systemUTC().instant().getEpochSecond() + ".Zm9yZ2Vk\r\n");
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            assertEquals("127.0.0.1:" + forger.getLocalPort(), body(answer), "a viewer cannot name another address");
        }
    }

    private ClusterNode node(String id, int port, RedisServer redis) {
        Redis client = Redis.createClient(vertx, redis.url());
        ClusterNode node = ClusterNode.start(vertx, client, new ClusterNode.Settings(id, "http://127.0.0.1:" + port,
                Duration.ofSeconds(1), Duration.ofSeconds(3)), () -> CAMERAS, NOTHING);
        open.add(client::close);
        open.add(node);
        return node;
    }

    private void serve(ClusterNode node, int port) throws Exception {
        Router router = Router.router(vertx);
        OwnerRouting routing = OwnerRouting.mount(router, vertx, node, new RelayMarker(KEY, Clock.systemUTC()));
        router.get("/live/:file").handler(ctx -> ctx.response().end(RelayMarker.viewerAddress(ctx)));
        HttpServer server = vertx.createHttpServer().requestHandler(router).listen(port, "127.0.0.1")
                .await(10, TimeUnit.SECONDS);
        open.add(() -> server.close().await(10, TimeUnit.SECONDS));
        open.add(routing::close);
    }

    private static String get(Socket socket, String path, String extraHeaders) throws Exception {
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + extraHeaders + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        return all.toString(StandardCharsets.US_ASCII);
    }

    private static String body(String response) {
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "the two nodes did not settle");
            Thread.sleep(50); // polling the nodes' view of the membership
        }
    }
}
