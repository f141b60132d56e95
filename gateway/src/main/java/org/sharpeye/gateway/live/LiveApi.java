package org.sharpeye.gateway.live;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.sharpeye.gateway.api.ApiException;
import org.sharpeye.gateway.api.AuthHandler;
import org.sharpeye.registry.Camera;
import org.sharpeye.registry.Registry;
import org.sharpeye.registry.User;

/**
 * {@code POST /api/v1/cameras/{id}/live}: a live token for a user allowed to see the camera (the registry's
 * permission rules), and the URL of every output with it. Mounted after the REST API, whose auth handler guards
 * every {@code /api/v1} route.
 */
public final class LiveApi {

    private final Registry registry;
    private final LiveAccess access;

    private LiveApi(Registry registry, LiveAccess access) {
        this.registry = registry;
        this.access = access;
    }

    /** Mounts the route. */
    public static void mount(Router router, String base, Registry registry, LiveAccess access) {
        router.post(base + "/cameras/:id/live").handler(new LiveApi(registry, access)::issue);
    }

    private void issue(RoutingContext ctx) {
        User user = AuthHandler.user(ctx);
        String id = ctx.pathParam("id");
        Camera camera = registry.camera(id).orElse(null);
        // A camera the user may not see answers like one that does not exist: ids are not to be probed.
        if (camera == null || !registry.canView(user, camera)) {
            throw new ApiException(404, "no such camera: " + id);
        }
        if (!camera.enabled()) {
            throw new ApiException(409, "camera " + id + " is disabled");
        }
        String token = access.tokens().issue(id, user.username());
        String q = "?token=" + token;
        String http = ctx.request().scheme() + "://" + ctx.request().authority();
        String ws = (ctx.request().isSSL() ? "wss" : "ws") + "://" + ctx.request().authority();
        JsonObject urls = new JsonObject()
                .put("flv", http + "/live/" + id + ".flv" + q)
                .put("wsFlv", ws + "/live/" + id + ".flv" + q)
                .put("mp4", ws + "/live/" + id + ".mp4" + q)
                .put("hls", http + "/live/" + id + "/index.m3u8" + q)
                .put("hlsTs", http + "/live/" + id + "/index.m3u8" + q + "&format=ts");
        ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("cameraId", id).put("token", token)
                        .put("expiresAt", access.tokens().expiryOfNewToken().toString())
                        .put("profiles", new io.vertx.core.json.JsonArray().add("main").add("sub"))
                        .put("urls", urls)
                        .put("hint", "add &profile=sub for the sub stream, &codec=h264 for an H.264 transcode")
                        .encode());
    }
}
