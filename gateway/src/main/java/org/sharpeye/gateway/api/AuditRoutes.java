package org.sharpeye.gateway.api;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.sharpeye.registry.Registry;
import org.sharpeye.registry.User;
import org.sharpeye.registry.ValidationException;
import org.sharpeye.registry.store.AuditQuery;

/** {@code GET /audit?from&to&user&camera&limit}: the audit log, newest first; admins only. */
final class AuditRoutes {
    private final Registry registry;

    AuditRoutes(Registry registry) {
        this.registry = registry;
    }

    void mount(Router router, String base) {
        router.get(base + "/audit").handler(this::query);
    }

    private void query(RoutingContext ctx) {
        User u = AuthHandler.user(ctx);
        if (!registry.permissions().canAdminister(u)) {
            throw new ApiException(403, "only an admin reads the audit log");
        }
        String camera = ctx.request().getParam("camera");
        String user = ctx.request().getParam("user");
        AuditQuery q = new AuditQuery(instant(ctx, "from"), instant(ctx, "to"),
                user == null ? null : Ids.username(user), camera == null ? null : Ids.camera(camera),
                Replies.intParam(ctx, "limit", 100, 1, 10_000));
        Blocking.run(ctx, () -> registry.audit(q), items -> Replies.json(ctx, 200, Map.of("items", items)));
    }

    private static Instant instant(RoutingContext ctx, String name) {
        String v = ctx.request().getParam(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new ValidationException(name, "must be an ISO-8601 instant such as 2026-01-31T08:00:00Z");
        }
    }
}
