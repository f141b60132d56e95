package org.sharpeye.gateway.wall;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Map;
import org.sharpeye.gateway.api.ApiException;
import org.sharpeye.gateway.api.AuthHandler;
import org.sharpeye.gateway.api.Replies;
import org.sharpeye.registry.User;
import org.sharpeye.registry.ValidationException;
import org.sharpeye.registry.wall.Grid;
import org.sharpeye.registry.wall.Wall;
import org.sharpeye.registry.wall.WallBook;
import org.sharpeye.registry.wall.WallDraft;

/** {@code /walls}: saved video walls of the sites a user may see (WALLS-API.md). */
final class WallRoutes {
    /** A wall as a client sends it: on PUT, the wall as read (id, version and the rest), changed. */
    record WallInput(String id, String name, String siteId, String layout, Grid grid,
            List<WallDraft.TileDraft> tiles, Integer alarmTile, Long version, String updatedBy, String updatedAt) {
        WallDraft draft() {
            return new WallDraft(name, siteId, layout, grid, tiles, alarmTile);
        }
    }

    /** One tile change: the camera (null: empty the tile), its profile, and the version it was read at. */
    record TileInput(String cameraId, String profile, Long version) {
    }

    private final WallBook book;

    WallRoutes(WallBook book) {
        this.book = book;
    }

    void mount(Router router, String base, BodyHandler body) {
        router.get(base + "/walls").handler(this::list);
        router.post(base + "/walls").handler(body).handler(this::create);
        router.get(base + "/walls/:id").handler(this::get);
        router.put(base + "/walls/:id").handler(body).handler(this::replace);
        router.delete(base + "/walls/:id").handler(this::delete);
        router.put(base + "/walls/:id/tiles/:index").handler(body).handler(this::setTile);
    }

    private void list(RoutingContext ctx) {
        User user = AuthHandler.user(ctx);
        String siteId = ctx.request().getParam("siteId");
        WallWork.run(ctx, () -> book.walls(user, siteId == null || siteId.isEmpty() ? null : siteId),
                walls -> Replies.json(ctx, 200, Map.of("items", walls.stream().map(Wall::effective).toList())));
    }

    private void get(RoutingContext ctx) {
        User user = AuthHandler.user(ctx);
        String id = WallWork.id(ctx, "id", "wall");
        WallWork.run(ctx, () -> book.wall(user, id), w -> Replies.json(ctx, 200, w.effective()));
    }

    private void create(RoutingContext ctx) {
        User user = AuthHandler.user(ctx);
        WallInput in = Replies.body(ctx, WallInput.class);
        WallWork.run(ctx, () -> book.create(user, WallWork.actor(ctx, user), in.draft()), w -> {
            ctx.response().putHeader("Location", ctx.request().path() + "/" + w.id());
            Replies.json(ctx, 201, w.effective());
        });
    }

    private void replace(RoutingContext ctx) {
        User user = AuthHandler.user(ctx);
        String id = WallWork.id(ctx, "id", "wall");
        WallInput in = Replies.body(ctx, WallInput.class);
        if (in.id() != null && !in.id().equals(id)) {
            throw new ApiException(400, "the body's id differs from the path's");
        }
        if (in.version() == null) {
            throw new ValidationException("version", "is required: send the version you read");
        }
        WallWork.run(ctx, () -> book.replace(user, WallWork.actor(ctx, user), id, in.draft(), in.version()),
                w -> Replies.json(ctx, 200, w.effective()));
    }

    private void setTile(RoutingContext ctx) {
        User user = AuthHandler.user(ctx);
        String id = WallWork.id(ctx, "id", "wall");
        int index;
        try {
            index = Integer.parseInt(ctx.pathParam("index"));
        } catch (NumberFormatException e) {
            throw new ValidationException("index", "must be a tile number");
        }
        TileInput in = Replies.body(ctx, TileInput.class);
        WallWork.run(ctx, () -> book.setTile(user, WallWork.actor(ctx, user), id, index, in.cameraId(),
                in.profile(), in.version()), w -> Replies.json(ctx, 200, w.effective()));
    }

    private void delete(RoutingContext ctx) {
        User user = AuthHandler.user(ctx);
        String id = WallWork.id(ctx, "id", "wall");
        Long version = WallWork.versionParam(ctx);
        WallWork.run(ctx, () -> {
            book.delete(user, WallWork.actor(ctx, user), id, version);
            return id;
        }, x -> ctx.response().setStatusCode(204).end());
    }
}
