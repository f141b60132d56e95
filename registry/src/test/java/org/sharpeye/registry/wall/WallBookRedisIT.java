package org.sharpeye.registry.wall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sharpeye.registry.Actor;
import org.sharpeye.registry.Camera;
import org.sharpeye.registry.CameraQuery;
import org.sharpeye.registry.NotFoundException;
import org.sharpeye.registry.PasswordHasher;
import org.sharpeye.registry.Registry;
import org.sharpeye.registry.Role;
import org.sharpeye.registry.SecretBox;
import org.sharpeye.registry.User;
import org.sharpeye.registry.ViewingPolicy;
import org.sharpeye.registry.demo.DemoCounty;
import org.sharpeye.registry.store.RedisStore;

/** Two nodes on one real redis-server share walls and tours: a change on one is read on the other, versions hold. */
class WallBookRedisIT {
    private static final String TOWNSHIP = "341522101";
    private static final User WANG = new User("wang", Role.TOWNSHIP_OFFICER, TOWNSHIP, true, 1);
    private static final Actor BY = new Actor("wang", "127.0.0.1");

    @TempDir
    Path dir;

    @Test
    void twoNodesOnOneRedisShareWallsAndToursWithVersions() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Process redis = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        try {
            awaitListening(redis, port);
            String uri = "redis://127.0.0.1:" + port;
            try (Registry nodeA = open(uri)) {
                DemoCounty.populate(nodeA, 8554);
                try (Registry nodeB = open(uri)) {
                    WallBook a = new WallBook(nodeA, Clock.systemUTC());
                    WallBook b = new WallBook(nodeB, Clock.systemUTC());
                    List<String> cams = nodeA.cameras(null, CameraQuery.all(Integer.MAX_VALUE)).items().stream()
                            .filter(c -> nodeA.sites().isWithin(c.siteId(), TOWNSHIP)).map(Camera::id).limit(2)
                            .toList();
                    Wall w = a.create(WANG, BY, new WallDraft("共享屏", TOWNSHIP, "4",
                            null, List.of(new WallDraft.TileDraft(0, cams.get(0), null, null)), 3));
                    assertEquals(w.tiles(), b.wall(WANG, w.id()).tiles());
                    assertEquals(2, b.setTile(WANG, BY, w.id(), 1, cams.get(1), null, 1L).version());
                    StaleVersionException stale = assertThrows(StaleVersionException.class,
                            () -> a.setTile(WANG, BY, w.id(), 2, cams.get(1), null, 1L));
                    assertEquals(2, ((Wall) stale.current()).version());
                    Tour t = b.tours().create(WANG, BY, new TourDraft("巡", TOWNSHIP, cams, 5, "sub"));
                    assertEquals(t, a.tours().tour(WANG, t.id()));
                    a.delete(WANG, BY, w.id(), 2L);
                    assertThrows(NotFoundException.class, () -> b.wall(WANG, w.id()));
                    assertTrue(nodeB.audit(new org.sharpeye.registry.store.AuditQuery(null, null, null, w.id(), 10))
                            .size() >= 3, "the audit entries are in the shared store too");
                }
            }
        } finally {
            redis.destroy();
            if (!redis.waitFor(5, TimeUnit.SECONDS)) {
                redis.destroyForcibly().waitFor();
            }
        }
    }

    private static Registry open(String uri) {
        return Registry.open(RedisStore.open(uri), SecretBox.random(), ViewingPolicy.defaults(),
                new PasswordHasher(4), Clock.systemUTC());
    }

    private static void awaitListening(Process p, int port) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline) && p.isAlive()) {
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(20); // polling with a deadline: redis-server tells readiness only in its log
            }
        }
        throw new IOException("redis-server did not start on port " + port);
    }
}
