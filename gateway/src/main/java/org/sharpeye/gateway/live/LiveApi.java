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

    /** Mounts the routes. */
    public static void mount(Router router, String base, Registry registry, LiveAccess access) {
        LiveApi api = new LiveApi(registry, access);
        router.post(base + "/cameras/:id/live").handler(api::issue);
        router.get(base + "/live/viewers").handler(api::viewers);
    }

    /**
     * {@code GET /api/v1/live/viewers[?camera=id]}: every open streaming view of a camera the caller may see, with
     * what it received and lost, and per camera the totals. HLS clients are counted in the audit log, not here:
     * they share one segmenter and have no connection of their own.
     */
    private void viewers(RoutingContext ctx) {
        User user = AuthHandler.user(ctx);
        String only = ctx.request().getParam("camera");
        io.vertx.core.json.JsonArray list = new io.vertx.core.json.JsonArray();
        java.util.Map<String, JsonObject> cameras = new java.util.TreeMap<>();
        long now = System.currentTimeMillis();
        for (LiveAccess.OpenView v : access.openViews()) {
            String id = v.live().cameraId();
            if (only != null && !only.equals(id)) {
                continue;
            }
            Camera camera = registry.camera(id).orElse(null);
            if (camera == null || !registry.canView(user, camera)) {
                continue;
            }
            var reader = v.viewer().reader();
            var stats = reader.stats();
            list.add(new JsonObject().put("id", v.id()).put("cameraId", id).put("profile", v.live().profile())
                    .put("output", v.output()).put("codec", v.live().transcode() ? "h264" : "copy")
                    .put("username", v.username()).put("clientAddress", v.clientAddress())
                    .put("connectedSeconds", (now - v.start().toEpochMilli()) / 1000.0)
                    .put("bytes", v.viewer().bytes()).put("framesSent", stats.framesSent())
                    .put("framesDropped", stats.framesDropped()).put("overflows", stats.overflows())
                    .put("queueDepth", reader.queueDepth()).put("maxQueueDepth", stats.maxQueueDepth()));
            JsonObject total = cameras.computeIfAbsent(id, k -> new JsonObject().put("cameraId", k)
                    .put("viewers", 0).put("bytes", 0L).put("framesSent", 0L).put("framesDropped", 0L));
            total.put("viewers", total.getInteger("viewers") + 1)
                    .put("bytes", total.getLong("bytes") + v.viewer().bytes())
                    .put("framesSent", total.getLong("framesSent") + stats.framesSent())
                    .put("framesDropped", total.getLong("framesDropped") + stats.framesDropped());
        }
        ctx.response().putHeader("Content-Type", "application/json").end(new JsonObject()
                .put("viewers", list)
                .put("cameras", new io.vertx.core.json.JsonArray(new java.util.ArrayList<>(cameras.values())))
                .encode());
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
