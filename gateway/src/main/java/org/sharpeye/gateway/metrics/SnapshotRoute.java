package org.sharpeye.gateway.metrics;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.sharpeye.gateway.api.AuthHandler;
import org.sharpeye.registry.Camera;
import org.sharpeye.registry.NotFoundException;
import org.sharpeye.registry.Registry;
import org.sharpeye.registry.User;

import java.util.Optional;
import java.util.function.Function;

/**
 * {@code GET /api/v1/cameras/{id}/snapshot.jpg}: the camera's last picture-check snapshot. Mount it after
 * {@code RegistryApi.mount}, so that the API's login check and error replies apply; a camera the user may not
 * view answers 404 like every camera route (its existence is not revealed), as does one without a snapshot.
 */
public final class SnapshotRoute {

    private SnapshotRoute() {
    }

    /**
     * @param base the API base, {@code /api/v1}
     * @param snapshots the last JPEG of a camera id (e.g. {@code PictureChecker::snapshot})
     */
    public static void mount(Router router, String base, Registry registry,
                             Function<String, Optional<byte[]>> snapshots) {
        router.get(base + "/cameras/:id/snapshot.jpg").handler(ctx -> serve(ctx, registry, snapshots));
    }

    private static void serve(RoutingContext ctx, Registry registry, Function<String, Optional<byte[]>> snapshots) {
        User user = AuthHandler.user(ctx);
        String id = ctx.pathParam("id");
        ctx.vertx().<byte[]>executeBlocking(() -> {
            Camera camera = registry.camera(id).orElse(null);
            if (camera == null || !registry.canView(user, camera)) {
                throw new NotFoundException("camera", id);
            }
            return snapshots.apply(id).orElseThrow(() -> new NotFoundException("snapshot of camera", id));
        }, false).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            ctx.response().putHeader("Content-Type", "image/jpeg").putHeader("Cache-Control", "no-store")
                    .end(Buffer.buffer(ar.result()));
        });
    }
}
