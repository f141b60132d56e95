package org.sharpeye.gateway.wall;

import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.sharpeye.gateway.api.ApiException;
import org.sharpeye.gateway.api.Replies;
import org.sharpeye.registry.Actor;
import org.sharpeye.registry.User;
import org.sharpeye.registry.ValidationException;
import org.sharpeye.registry.wall.StaleVersionException;

/**
 * Runs wall work on a worker thread (the store blocks) and answers on the event loop. A stale version is answered
 * here, 409 with the current record (the console merges it); every other failure goes to the API's error handler.
 */
final class WallWork {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private WallWork() {
    }

    static <T> void run(RoutingContext ctx, Callable<T> work, Consumer<T> reply) {
        ctx.vertx().executeBlocking(work, false).onComplete(ar -> {
            if (ar.failed()) {
                if (ar.cause() instanceof StaleVersionException s) {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("error", "version conflict");
                    body.put("detail", s.getMessage());
                    body.put("current", s.current());
                    Replies.json(ctx, 409, body);
                } else {
                    ctx.fail(ar.cause());
                }
                return;
            }
            try {
                reply.accept(ar.result());
            } catch (RuntimeException e) {
                ctx.fail(e);
            }
        });
    }

    /** A path id of a wall, tour or run; anything else cannot name one (404). */
    static String id(RoutingContext ctx, String name, String what) {
        String id = ctx.pathParam(name);
        if (id == null || !ID.matcher(id).matches()) {
            throw new ApiException(404, what + " not found: malformed id");
        }
        return id;
    }

    /** The optional {@code ?version=} of a DELETE. */
    static Long versionParam(RoutingContext ctx) {
        String v = ctx.request().getParam("version");
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ValidationException("version", "must be a whole number");
        }
    }

    static Actor actor(RoutingContext ctx, User user) {
        return new Actor(user.username(), ctx.request().remoteAddress() == null ? "unknown"
                : ctx.request().remoteAddress().hostAddress());
    }
}
