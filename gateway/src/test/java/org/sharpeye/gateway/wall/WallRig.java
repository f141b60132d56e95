package org.sharpeye.gateway.wall;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.sharpeye.gateway.api.ApiClient;
import org.sharpeye.gateway.api.RegistryApi;
import org.sharpeye.gateway.events.EventBus;
import org.sharpeye.gateway.events.EventClient;
import org.sharpeye.gateway.events.HealthApi;
import org.sharpeye.gateway.events.WebhookOptions;
import org.sharpeye.media.ManualClock;
import org.sharpeye.registry.Actor;
import org.sharpeye.registry.PasswordHasher;
import org.sharpeye.registry.Registry;
import org.sharpeye.registry.Role;
import org.sharpeye.registry.SecretBox;
import org.sharpeye.registry.User;
import org.sharpeye.registry.ViewingPolicy;
import org.sharpeye.registry.demo.DemoCounty;
import org.sharpeye.registry.health.HealthMonitor;
import org.sharpeye.registry.health.HealthOptions;
import org.sharpeye.registry.store.H2Store;

/**
 * A real node for wall tests: the demo county in an embedded H2 registry in {@code dataDir}, the registry, health and
 * wall APIs on a loopback HTTP server, a health monitor whose alerts reach alarm linkage over the event bus, and a
 * clock the test moves for tours. Users: admin, zhao (county operator), wang (township 341522101), chen (township
 * 341522102). Reopening over the same directory is a restart.
 */
final class WallRig implements AutoCloseable {
    static final String PASSWORD = "user-password-1";
    static final String TOWNSHIP_A = "341522101";
    static final String TOWNSHIP_B = "341522102";

    final Registry registry;
    final HealthMonitor monitor;
    final ManualClock clock;
    final WallApi walls;
    /** "cameraId/profile" of every warm request, in order. */
    final List<String> warmed = new CopyOnWriteArrayList<>();
    private final Vertx vertx;
    private final HttpServer server;
    private final ApiClient api;

    private WallRig(Path dataDir) throws Exception {
        registry = Registry.open(H2Store.open(dataDir), SecretBox.load(dataDir.resolve("secret.keys")),
                ViewingPolicy.defaults(), new PasswordHasher(4), Clock.systemUTC());
        if (registry.site(DemoCounty.COUNTY_ID).isEmpty()) {
            DemoCounty.populate(registry, 8554);
            registry.ensureAdmin(PASSWORD);
            Actor a = Actor.system();
            registry.accounts().create(new User("zhao", Role.COUNTY_OPERATOR, DemoCounty.COUNTY_ID, true, 0),
                    PASSWORD, a);
            registry.accounts().create(new User("wang", Role.TOWNSHIP_OFFICER, TOWNSHIP_A, true, 0), PASSWORD, a);
            registry.accounts().create(new User("chen", Role.TOWNSHIP_OFFICER, TOWNSHIP_B, true, 0), PASSWORD, a);
        }
        clock = new ManualClock(Instant.parse("2026-11-22T05:00:00Z"));
        monitor = HealthMonitor.start(registry, null, HealthOptions.defaults(), Clock.systemUTC());
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        RegistryApi.create(vertx, registry).mount(router);
        HealthApi health = HealthApi.create(vertx, registry, monitor, EventBus.inProcess(),
                WebhookOptions.defaults());
        health.mount(router, RegistryApi.BASE);
        walls = WallApi.create(vertx, registry, health.bus(), (cameraId, profile) -> {
            warmed.add(cameraId + "/" + profile);
            return () -> { };
        }, clock, TourRunner.DEFAULT_PREPARE);
        walls.mount(router, RegistryApi.BASE);
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        api = new ApiClient(server::actualPort);
    }

    static WallRig start(Path dataDir) throws Exception {
        return new WallRig(dataDir);
    }

    URI uri(String path) {
        return api.uri(path);
    }

    String login(String user) throws Exception {
        return api.login(user, PASSWORD);
    }

    HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        return api.send(method, path, token, body);
    }

    /** The event WebSocket of the user holding {@code token}. */
    EventClient events(String token) throws Exception {
        return EventClient.webSocket(uri("/api/v1/events?access_token=" + token));
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return ApiClient.json(r);
    }

    @Override
    public void close() throws Exception {
        walls.close();
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        monitor.close();
        registry.close();
    }
}
