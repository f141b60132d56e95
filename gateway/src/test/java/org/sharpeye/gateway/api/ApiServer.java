package org.sharpeye.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.sharpeye.registry.Actor;
import org.sharpeye.registry.PasswordHasher;
import org.sharpeye.registry.Registry;
import org.sharpeye.registry.Role;
import org.sharpeye.registry.SecretBox;
import org.sharpeye.registry.User;
import org.sharpeye.registry.ViewingPolicy;
import org.sharpeye.registry.demo.DemoCounty;
import org.sharpeye.registry.store.InMemoryStore;

/**
 * A real HTTP server on loopback with only the registry API mounted (not the gateway's main class), over the demo
 * county, with users of every level; and a small blocking client.
 */
final class ApiServer implements AutoCloseable {
    static final String ADMIN_PASSWORD = "admin-password-1";
    static final String PASSWORD = "user-password-1";

    final Vertx vertx;
    final Registry registry;
    final Router router;
    final DemoCounty.Summary demo;
    private final HttpServer server;
    private final ApiClient api;

    private ApiServer(Vertx vertx, Registry registry, Router router, HttpServer server, DemoCounty.Summary demo) {
        this.vertx = vertx;
        this.registry = registry;
        this.router = router;
        this.server = server;
        this.demo = demo;
        this.api = new ApiClient(server::actualPort);
    }

    static ApiServer start() throws Exception {
        Registry registry = Registry.open(new InMemoryStore(), SecretBox.random(), ViewingPolicy.defaults(),
                new PasswordHasher(4), Clock.systemUTC());
        DemoCounty.Summary demo = DemoCounty.populate(registry, 8554);
        registry.ensureAdmin(ADMIN_PASSWORD);
        Actor a = Actor.system();
        registry.accounts().create(new User("zhao", Role.COUNTY_OPERATOR, "341522", true, 0), PASSWORD, a);
        registry.accounts().create(new User("wang", Role.TOWNSHIP_OFFICER, "341522101", true, 0), PASSWORD, a);
        registry.accounts().create(new User("li", Role.VILLAGE_VIEWER, "341522101201", true, 0), PASSWORD, a);
        registry.accounts().create(new User("fix", Role.MAINTENANCE, "341522102", true, 0), PASSWORD, a);
        Vertx vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        RegistryApi.create(vertx, registry).mount(router);
        // The health and live routes under /api/v1 too, so that the OpenAPI test sees every route served there.
        org.sharpeye.gateway.events.HealthApi health = org.sharpeye.gateway.events.HealthApi.create(vertx, registry,
                org.sharpeye.registry.health.HealthMonitor.start(registry, null,
                        org.sharpeye.registry.health.HealthOptions.defaults(), java.time.Clock.systemUTC()),
                org.sharpeye.gateway.events.EventBus.inProcess(),
                org.sharpeye.gateway.events.WebhookOptions.defaults());
        health.mount(router, RegistryApi.BASE);
        org.sharpeye.gateway.wall.WallApi.create(vertx, registry, health.bus(),
                org.sharpeye.gateway.wall.Warmer.none()).mount(router, RegistryApi.BASE);
        org.sharpeye.gateway.live.LiveApi.mount(router, RegistryApi.BASE, registry,
                new org.sharpeye.gateway.live.LiveAccess(org.sharpeye.gateway.live.LiveTokens.random(), v -> { },
                        java.time.Clock.systemUTC()));
        HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return new ApiServer(vertx, registry, router, server, demo);
    }

    URI uri(String path) {
        return api.uri(path);
    }

    String login(String user, String password) throws Exception {
        return api.login(user, password);
    }

    HttpResponse<String> send(String method, String path, String token, String body, String... headers)
            throws IOException, InterruptedException {
        return api.send(method, path, token, body, headers);
    }

    HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        return send("GET", path, token, null);
    }

    static JsonNode json(HttpResponse<String> r) throws IOException {
        return ApiClient.json(r);
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        registry.close();
    }
}
