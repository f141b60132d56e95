package org.sharpeye.gateway.live;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The JSON error answer of the live endpoints: a status and a reason, no media bytes. */
final class LiveErrors {

    private LiveErrors() {
    }

    static void send(RoutingContext ctx, int status, String reason) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("error", reason).encode());
    }
}
