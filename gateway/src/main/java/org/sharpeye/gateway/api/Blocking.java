package org.sharpeye.gateway.api;

import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/** Runs registry work on a worker thread (the registry blocks on its store), then answers on the event loop. */
final class Blocking {
    private Blocking() {
    }

    static <T> void run(RoutingContext ctx, Callable<T> work, Consumer<T> reply) {
        // unordered: requests of one connection context need not queue behind each other's store writes
        ctx.vertx().executeBlocking(work, false).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            try {
                reply.accept(ar.result());
            } catch (RuntimeException e) {
                ctx.fail(e);
            }
        });
    }
}
