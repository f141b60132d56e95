package org.sharpeye.gateway.api;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.sharpeye.registry.User;

/**
 * Requires a logged-in user: {@code Authorization: Bearer <token>} (or, for media elements that cannot set headers,
 * the query parameter {@code access_token}, RFC 6750 section 2.3). Puts the {@link User} in the context
 * ({@link #user(RoutingContext)}); answers 401 otherwise.
 */
public final class AuthHandler implements Handler<RoutingContext> {
    private static final String USER_KEY = "sharpeye.user";
    private final Sessions sessions;

    public AuthHandler(Sessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public void handle(RoutingContext ctx) {
        User user = sessions.resolve(token(ctx)).orElse(null);
        if (user == null) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"sharpeye\"");
            ctx.fail(new ApiException(401, "log in first: POST /api/v1/auth/login, then Authorization: Bearer"));
            return;
        }
        ctx.put(USER_KEY, user);
        ctx.next();
    }

    /** The bearer token of a request, or null. */
    static String token(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).strip();
        }
        return ctx.request().getParam("access_token");
    }

    /** The user {@link AuthHandler} let through. */
    public static User user(RoutingContext ctx) {
        User u = ctx.get(USER_KEY);
        if (u == null) {
            throw new ApiException(401, "not logged in");
        }
        return u;
    }
}
