package org.sharpeye.gateway.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.sharpeye.registry.Camera;
import org.sharpeye.registry.CameraQuery;
import org.sharpeye.registry.CameraStatus;
import org.sharpeye.registry.CameraTier;
import org.sharpeye.registry.NotFoundException;
import org.sharpeye.registry.Page;
import org.sharpeye.registry.Registry;
import org.sharpeye.registry.RegistryJson;
import org.sharpeye.registry.User;
import org.sharpeye.registry.ValidationException;
import org.sharpeye.registry.transfer.CameraCsv;
import org.sharpeye.registry.transfer.CameraInput;
import org.sharpeye.registry.transfer.CameraJsonFile;
import org.sharpeye.registry.transfer.CameraTransfer;

/**
 * {@code /cameras}: list with filters, sorting and pagination, CRUD with ETag / If-Match, bulk import and export.
 * Every answer is filtered by what the user may see; credentials go in and never come out.
 */
final class CameraRoutes {
    private static final Set<String> SORTS = Set.of("id", "name", "siteId", "tier", "installDate");
    /** Import files may be large: 100,000 cameras of CSV are about 25 MB. */
    static final long IMPORT_BODY_LIMIT = 64L * 1024 * 1024;

    private final Registry registry;

    CameraRoutes(Registry registry) {
        this.registry = registry;
    }

    void mount(Router router, String base, BodyHandler body) {
        router.get(base + "/cameras").handler(this::list);
        router.get(base + "/cameras/export").handler(this::export);
        router.post(base + "/cameras/import").handler(BodyHandler.create().setBodyLimit(IMPORT_BODY_LIMIT)
                .setHandleFileUploads(false)).handler(this::importFile);
        router.get(base + "/cameras/:id").handler(this::get);
        router.post(base + "/cameras").handler(body).handler(this::create);
        router.put(base + "/cameras/:id").handler(body).handler(this::update);
        router.delete(base + "/cameras/:id").handler(this::delete);
    }

    /** A camera as the API shows it: the record and its last status. */
    private ObjectNode view(Camera c) {
        ObjectNode n = RegistryJson.mapper().valueToTree(c);
        n.put("status", registry.status(c.id()).name());
        return n;
    }

    private CameraQuery query(RoutingContext ctx, int defaultLimit, int maxLimit) {
        String site = ctx.request().getParam("site");
        String sort = ctx.request().getParam("sort");
        if (sort != null && !SORTS.contains(sort)) {
            throw new ValidationException("sort", "one of " + SORTS);
        }
        String order = ctx.request().getParam("order");
        if (order != null && !order.equals("asc") && !order.equals("desc")) {
            throw new ValidationException("order", "asc or desc");
        }
        String text = ctx.request().getParam("q");
        if (text != null && text.length() > 100) {
            throw new ValidationException("q", "at most 100 characters");
        }
        return new CameraQuery(site == null ? null : Ids.site(site),
                enumParam(ctx, "tier", CameraTier.class), enumParam(ctx, "status", CameraStatus.class),
                blankToNull(ctx.request().getParam("tag")), text == null || text.isBlank() ? null : text,
                sort == null ? "id" : sort, "desc".equals(order),
                Replies.intParam(ctx, "offset", 0, 0, 10_000_000),
                Replies.intParam(ctx, "limit", defaultLimit, 1, maxLimit));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static <E extends Enum<E>> E enumParam(RoutingContext ctx, String name, Class<E> type) {
        String v = ctx.request().getParam(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ValidationException(name, "one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    private void list(RoutingContext ctx) {
        User user = AuthHandler.user(ctx);
        CameraQuery q = query(ctx, 100, 1000);
        Page<Camera> page = registry.cameras(user, q);
        List<ObjectNode> items = new ArrayList<>(page.items().size());
        for (Camera c : page.items()) {
            items.add(view(c));
        }
        Replies.json(ctx, 200, Map.of("items", items, "total", page.total(), "offset", page.offset(),
                "limit", page.limit()));
    }

    private Camera visible(RoutingContext ctx, String id) {
        User user = AuthHandler.user(ctx);
        Camera c = registry.camera(id).orElse(null);
        if (c == null || !registry.canView(user, c)) {
            throw new NotFoundException("camera", id); // not 403: do not reveal that a hidden camera exists
        }
        return c;
    }

    private void get(RoutingContext ctx) {
        Camera c = visible(ctx, Ids.camera(ctx.pathParam("id")));
        Replies.versioned(ctx, 200, view(c), c.version());
    }

    private void requireEdit(User user, String siteId) {
        if (!registry.permissions().canEdit(user, siteId, registry.sites())) {
            throw new ApiException(403, "you may not change cameras at site " + siteId);
        }
    }

    private void create(RoutingContext ctx) {
        User user = AuthHandler.user(ctx);
        CameraInput in = Replies.body(ctx, CameraInput.class);
        if (in.id() != null && !in.id().isEmpty()) {
            Ids.camera(in.id());
        }
        requireEdit(user, in.siteId());
        Camera camera = in.toCamera();
        Blocking.run(ctx, () -> registry.createCamera(camera, in.credentials(), SiteRoutes.actor(ctx, user)), c -> {
            ctx.response().putHeader("Location", ctx.request().path() + "/" + c.id());
            Replies.versioned(ctx, 201, view(c), c.version());
        });
    }

    private void update(RoutingContext ctx) {
        User user = AuthHandler.user(ctx);
        String id = Ids.camera(ctx.pathParam("id"));
        long version = Replies.ifMatch(ctx);
        CameraInput in = Replies.body(ctx, CameraInput.class);
        if (in.id() != null && !in.id().equals(id)) {
            throw new ApiException(400, "the body's id differs from the path's");
        }
        Camera old = visible(ctx, id);
        requireEdit(user, old.siteId());
        requireEdit(user, in.siteId());
        Camera camera = in.toCamera().withId(id);
        Blocking.run(ctx, () -> registry.updateCamera(camera, version, in.credentials(), SiteRoutes.actor(ctx, user)),
                c -> Replies.versioned(ctx, 200, view(c), c.version()));
    }

    private void delete(RoutingContext ctx) {
        User user = AuthHandler.user(ctx);
        String id = Ids.camera(ctx.pathParam("id"));
        long version = Replies.ifMatch(ctx);
        Camera old = visible(ctx, id);
        requireEdit(user, old.siteId());
        Blocking.run(ctx, () -> {
            registry.deleteCamera(id, version, SiteRoutes.actor(ctx, user));
            return id;
        }, x -> ctx.response().setStatusCode(204).end());
    }

    private static CameraTransfer.Format format(RoutingContext ctx) {
        String f = ctx.request().getParam("format");
        if (f == null) {
            String ct = ctx.request().getHeader("Content-Type");
            f = ct != null && ct.toLowerCase(Locale.ROOT).startsWith("text/csv") ? "csv" : "json";
        }
        return switch (f.toLowerCase(Locale.ROOT)) {
            case "csv" -> CameraTransfer.Format.CSV;
            case "json" -> CameraTransfer.Format.JSON;
            default -> throw new ValidationException("format", "csv or json");
        };
    }

    private void importFile(RoutingContext ctx) {
        User user = AuthHandler.user(ctx);
        if (!user.role().mayEditCameras()) {
            throw new ApiException(403, "your role may not import cameras");
        }
        CameraTransfer.Format format = format(ctx);
        String text = ctx.body() == null || ctx.body().buffer() == null ? "" : ctx.body().asString("UTF-8");
        Blocking.run(ctx, () -> CameraTransfer.importText(registry, format, text, SiteRoutes.actor(ctx, user),
                c -> registry.permissions().canEdit(user, c.siteId(), registry.sites())), result -> {
                    if (result.applied()) {
                        Replies.json(ctx, 200, Map.of("created", result.created(), "updated", result.updated()));
                    } else {
                        Replies.json(ctx, 400, Map.of("error", "import refused: " + result.errors().size()
                                + " problems; nothing was changed", "rows", result.errors()));
                    }
                });
    }

    private void export(RoutingContext ctx) {
        User user = AuthHandler.user(ctx);
        CameraTransfer.Format format = format(ctx);
        CameraQuery q = query(ctx, Integer.MAX_VALUE, Integer.MAX_VALUE);
        List<Camera> cameras = registry.cameras(user, q).items();
        boolean csv = format == CameraTransfer.Format.CSV;
        ctx.response().setStatusCode(200)
                .putHeader("Content-Type", csv ? "text/csv; charset=utf-8" : "application/json; charset=utf-8")
                .putHeader("Content-Disposition", "attachment; filename=\"cameras." + (csv ? "csv" : "json") + "\"")
                .putHeader("Cache-Control", "no-store")
                .end(csv ? CameraCsv.write(cameras) : CameraJsonFile.write(cameras));
    }
}
