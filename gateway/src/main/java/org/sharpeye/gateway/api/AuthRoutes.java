package org.sharpeye.gateway.api;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.sharpeye.registry.Registry;
import org.sharpeye.registry.User;

/** {@code POST /auth/login}, {@code POST /auth/logout}, {@code GET /auth/me}. */
final class AuthRoutes {
    /** The login body. */
    record Login(String username, String password) {
        @Override
        public String toString() {
            return "Login[username=" + username + ", password=***]";
        }
    }

    private final Registry registry;
    private final Sessions sessions;
    private final LoginThrottle userThrottle;
    private final LoginThrottle addressThrottle;

    AuthRoutes(Registry registry, Sessions sessions, LoginThrottle userThrottle, LoginThrottle addressThrottle) {
        this.registry = registry;
        this.sessions = sessions;
        this.userThrottle = userThrottle;
        this.addressThrottle = addressThrottle;
    }

    void mountPublic(Router router, String base) {
        router.post(base + "/auth/login").handler(BodyHandler.create().setBodyLimit(4096)).handler(this::login);
    }

    void mountProtected(Router router, String base) {
        router.post(base + "/auth/logout").handler(this::logout);
        router.get(base + "/auth/me").handler(ctx -> Replies.json(ctx, 200, AuthHandler.user(ctx)));
    }

    private void login(RoutingContext ctx) {
        Login in = Replies.body(ctx, Login.class);
        if (in.username() == null || in.password() == null) {
            throw new ApiException(400, "username and password are required");
        }
        String remote = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
        String userKey = "user:" + in.username().toLowerCase(Locale.ROOT);
        String addressKey = "address:" + remote;
        Optional<java.time.Duration> wait = userThrottle.lockedFor(userKey)
                .or(() -> addressThrottle.lockedFor(addressKey));
        if (wait.isPresent()) {
            ctx.response().putHeader("Retry-After", Long.toString(Math.max(1, wait.get().toSeconds())));
            throw new ApiException(429, "too many failed logins; try again later");
        }
        Blocking.run(ctx, () -> {
            Optional<User> user = registry.accounts().authenticate(in.username(), in.password());
            // a failed name is logged as typed but cut short: it may be a password typed in the wrong field
            String name = user.map(User::username).orElse(in.username().length() > 32 ? "(long name)"
                    : in.username().replaceAll("[^\\p{L}\\p{N}_.@-]", "?"));
            registry.recordLogin(name, remote, user.isPresent());
            return user;
        }, user -> {
            if (user.isEmpty()) {
                userThrottle.failed(userKey);
                addressThrottle.failed(addressKey);
                throw new ApiException(401, "wrong username or password");
            }
            userThrottle.succeeded(userKey);
            String token = sessions.issue(user.get());
            Replies.json(ctx, 200, Map.of("token", token, "expiresAt", sessions.expiryOfNewToken().toString(),
                    "user", user.get()));
        });
    }

    private void logout(RoutingContext ctx) {
        sessions.revoke(AuthHandler.token(ctx));
        ctx.response().setStatusCode(204).end();
    }
}
