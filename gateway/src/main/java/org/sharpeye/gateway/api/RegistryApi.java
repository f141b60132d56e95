package org.sharpeye.gateway.api;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import org.sharpeye.registry.Registry;

/**
 * The registry's REST API under {@code /api/v1} (DESIGN.md): login, sites, cameras (with import and export), users,
 * audit, and the OpenAPI document at {@code /api/v1/openapi.yaml}. {@link #mount} adds the routes and, in front of
 * every other {@code /api/v1} route, the {@link AuthHandler}; routes mounted later under {@code /api/v1} are
 * therefore authenticated too and may read {@link AuthHandler#user}.
 */
public final class RegistryApi {
    /** The API's path prefix. */
    public static final String BASE = "/api/v1";
    /** The largest JSON body of a single record, bytes; larger is 413. */
    public static final long BODY_LIMIT = 64 * 1024;

    private final Registry registry;
    private final Sessions sessions;
    private final LoginThrottle userThrottle;
    private final LoginThrottle addressThrottle;

    private RegistryApi(Registry registry, Sessions sessions, Clock clock) {
        this.registry = registry;
        this.sessions = sessions;
        this.userThrottle = new LoginThrottle(clock, LoginThrottle.USER_FREE_FAILURES);
        this.addressThrottle = new LoginThrottle(clock, LoginThrottle.ADDRESS_FREE_FAILURES);
    }

    /** The API over {@code registry}, with its own in-memory sessions. */
    public static RegistryApi create(Vertx vertx, Registry registry) {
        return new RegistryApi(registry, new Sessions(registry, Clock.systemUTC()), Clock.systemUTC());
    }

    /** The API over {@code registry} with the given sessions and clock (tests, or sessions shared with live). */
    public static RegistryApi create(Vertx vertx, Registry registry, Sessions sessions, Clock clock) {
        return new RegistryApi(registry, sessions, clock);
    }

    /** The sessions: resolve a bearer token to a user (the live endpoints use them through {@link #authHandler}). */
    public Sessions sessions() {
        return sessions;
    }

    /** A handler that requires a logged-in user; put it in front of routes outside {@code /api/v1}. */
    public AuthHandler authHandler() {
        return new AuthHandler(sessions);
    }

    /** Adds the API's routes and its failure handler to {@code router}. */
    public void mount(Router router) {
        router.route(BASE + "/*").failureHandler(ApiErrors::handle);
        Buffer openapi = openapi();
        router.get(BASE + "/openapi.yaml").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "application/yaml; charset=utf-8").end(openapi));
        AuthRoutes auth = new AuthRoutes(registry, sessions, userThrottle, addressThrottle);
        auth.mountPublic(router, BASE);
        router.route(BASE + "/*").handler(authHandler());
        BodyHandler body = BodyHandler.create().setBodyLimit(BODY_LIMIT).setHandleFileUploads(false);
        auth.mountProtected(router, BASE);
        new SiteRoutes(registry).mount(router, BASE, body);
        new CameraRoutes(registry).mount(router, BASE, body);
        new UserRoutes(registry).mount(router, BASE, body);
        new AuditRoutes(registry).mount(router, BASE);
    }

    private static Buffer openapi() {
        try (InputStream in = RegistryApi.class.getResourceAsStream("/openapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("openapi.yaml is missing from the classpath");
            }
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
