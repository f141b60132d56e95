package org.sharpeye.gateway.metrics;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.io.ByteArrayOutputStream;

/**
 * {@code GET /metrics}: the Prometheus text exposition of {@link SharpEyeMetrics}. Not behind login (scrapers do
 * not log in): bind the gateway to a network the Prometheus server is on, or filter /metrics in front.
 */
public final class MetricsRoute {

    private MetricsRoute() {
    }

    public static void mount(Router router, SharpEyeMetrics metrics) {
        router.get("/metrics").handler(ctx -> scrape(ctx, metrics));
    }

    private static void scrape(RoutingContext ctx, SharpEyeMetrics metrics) {
        // The suppliers walk the fleet's figures: off the event loop.
        ctx.vertx().<byte[]>executeBlocking(() -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
            metrics.write(out);
            return out.toByteArray();
        }, false).onComplete(ar -> {
            if (ar.failed()) {
                ctx.response().setStatusCode(500).putHeader("Content-Type", "text/plain")
                        .end("metrics failed: " + ar.cause().getClass().getSimpleName());
                return;
            }
            ctx.response().putHeader("Content-Type", metrics.contentType()).end(Buffer.buffer(ar.result()));
        });
    }
}
