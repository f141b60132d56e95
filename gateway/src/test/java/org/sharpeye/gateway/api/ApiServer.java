package org.sharpeye.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.sharpeye.registry.Actor;
import org.sharpeye.registry.PasswordHasher;
import org.sharpeye.registry.Registry;
import org.sharpeye.registry.RegistryJson;
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
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ApiServer(Vertx vertx, Registry registry, Router router, HttpServer server, DemoCounty.Summary demo) {
        this.vertx = vertx;
        this.registry = registry;
        this.router = router;
        this.server = server;
        this.demo = demo;
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
        return URI.create("http://127.0.0.1:" + server.actualPort() + path);
    }

    String login(String user, String password) throws Exception {
        HttpResponse<String> r = send("POST", "/api/v1/auth/login", null,
                "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}");
        if (r.statusCode() != 200) {
            throw new AssertionError("login of " + user + ": " + r.statusCode() + " " + r.body());
        }
        return json(r).get("token").asText();
    }

    HttpResponse<String> send(String method, String path, String token, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.setHeader(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        return send("GET", path, token, null);
    }

    static JsonNode json(HttpResponse<String> r) throws IOException {
        return RegistryJson.mapper().readTree(r.body());
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        registry.close();
    }
}
