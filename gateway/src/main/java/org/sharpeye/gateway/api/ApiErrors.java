package org.sharpeye.gateway.api;

import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.sharpeye.registry.InUseException;
import org.sharpeye.registry.NotFoundException;
import org.sharpeye.registry.PermissionDeniedException;
import org.sharpeye.registry.ValidationException;
import org.sharpeye.registry.VersionConflictException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one failure handler of the API: every failure becomes a JSON body {@code {"error": ..., "fields": [...]}} with
 * its status. Unexpected failures are logged with an incident id and answered 500 with only that id; messages of
 * registry exceptions never hold secrets (the registry guarantees it), so they may be shown.
 */
final class ApiErrors {
    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

    private ApiErrors() {
    }

    static void handle(RoutingContext ctx) {
        if (ctx.response().ended()) {
            return;
        }
        Throwable f = ctx.failure();
        Map<String, Object> body = new LinkedHashMap<>();
        int status;
        if (f == null) {
            status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
            body.put("error", switch (status) {
                case 413 -> "the body is too large";
                case 404 -> "no such resource";
                case 405 -> "method not allowed";
                default -> "request refused (" + status + ")";
            });
        } else if (f instanceof ApiException a) {
            status = a.status();
            body.put("error", a.getMessage());
        } else if (f instanceof ValidationException v) {
            status = 400;
            body.put("error", "invalid fields");
            body.put("fields", v.errors());
        } else if (f instanceof NotFoundException) {
            status = 404;
            body.put("error", f.getMessage());
        } else if (f instanceof VersionConflictException v) {
            // POST creates: the record already exists (409); PUT and DELETE: If-Match named an old version (412)
            status = ctx.request().method().name().equals("POST") ? 409 : 412;
            body.put("error", f.getMessage());
            if (v.currentVersion() > 0) {
                ctx.response().putHeader("ETag", "\"" + v.currentVersion() + "\"");
            }
        } else if (f instanceof InUseException) {
            status = 409;
            body.put("error", f.getMessage());
        } else if (f instanceof PermissionDeniedException) {
            status = 403;
            body.put("error", f.getMessage());
        } else {
            status = 500;
            String incident = UUID.randomUUID().toString();
            LOG.error("internal error {} on {} {}", incident, ctx.request().method(), ctx.request().path(), f);
            body.put("error", "internal error, incident " + incident);
        }
        Replies.json(ctx, status, body);
    }
}
