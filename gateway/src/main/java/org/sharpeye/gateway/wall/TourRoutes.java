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
import org.sharpeye.registry.wall.TourDraft;
import org.sharpeye.registry.wall.WallBook;

/** {@code /tours} (saved tours) and {@code /walls/{id}/tours} (tours running on a wall), WALLS-API.md. */
final class TourRoutes {
    /** A tour as a client sends it; on PUT the tour as read, changed. */
    record TourInput(String id, String name, String siteId, List<String> cameraIds, Integer dwellSeconds,
            String profile, Long version, String updatedBy, String updatedAt) {
        TourDraft draft() {
            return new TourDraft(name, siteId, cameraIds, dwellSeconds, profile);
        }
    }

    /** Starting a tour on a wall: on {@code tile}, or the whole wall when null. */
    record RunInput(String tourId, Integer tile) {
    }

    private final WallBook book;
    private final TourRunner runner;

    TourRoutes(WallBook book, TourRunner runner) {
        this.book = book;
        this.runner = runner;
    }

    void mount(Router router, String base, BodyHandler body) {
        router.get(base + "/tours").handler(this::list);
        router.post(base + "/tours").handler(body).handler(this::create);
        router.get(base + "/tours/:id").handler(this::get);
        router.put(base + "/tours/:id").handler(body).handler(this::replace);
        router.delete(base + "/tours/:id").handler(this::delete);
        router.get(base + "/walls/:id/tours").handler(this::running);
        router.post(base + "/walls/:id/tours").handler(body).handler(this::startRun);
        router.delete(base + "/walls/:id/tours/:run").handler(this::stopRun);
    }

    private void list(RoutingContext ctx) {
        User user = AuthHandler.user(ctx);
        String siteId = ctx.request().getParam("siteId");
        WallWork.run(ctx, () -> book.tours().list(user, siteId == null || siteId.isEmpty() ? null : siteId),
                tours -> Replies.json(ctx, 200, Map.of("items", tours)));
    }

    private void get(RoutingContext ctx) {
        User user = AuthHandler.user(ctx);
        String id = WallWork.id(ctx, "id", "tour");
        WallWork.run(ctx, () -> book.tours().tour(user, id), t -> Replies.json(ctx, 200, t));
    }

    private void create(RoutingContext ctx) {
        User user = AuthHandler.user(ctx);
        TourInput in = Replies.body(ctx, TourInput.class);
        WallWork.run(ctx, () -> book.tours().create(user, WallWork.actor(ctx, user), in.draft()), t -> {
            ctx.response().putHeader("Location", ctx.request().path() + "/" + t.id());
            Replies.json(ctx, 201, t);
        });
    }

    private void replace(RoutingContext ctx) {
        User user = AuthHandler.user(ctx);
        String id = WallWork.id(ctx, "id", "tour");
        TourInput in = Replies.body(ctx, TourInput.class);
        if (in.id() != null && !in.id().equals(id)) {
            throw new ApiException(400, "the body's id differs from the path's");
        }
        if (in.version() == null) {
            throw new ValidationException("version", "is required: send the version you read");
        }
        WallWork.run(ctx, () -> book.tours().replace(user, WallWork.actor(ctx, user), id, in.draft(), in.version()),
                t -> Replies.json(ctx, 200, t));
    }

    private void delete(RoutingContext ctx) {
        User user = AuthHandler.user(ctx);
        String id = WallWork.id(ctx, "id", "tour");
        Long version = WallWork.versionParam(ctx);
        WallWork.run(ctx, () -> {
            book.tours().delete(user, WallWork.actor(ctx, user), id, version);
            return id;
        }, x -> ctx.response().setStatusCode(204).end());
    }

    private void running(RoutingContext ctx) {
        User user = AuthHandler.user(ctx);
        String id = WallWork.id(ctx, "id", "wall");
        WallWork.run(ctx, () -> {
            book.wall(user, id);
            return runner.runs(id);
        }, runs -> Replies.json(ctx, 200, Map.of("items", runs)));
    }

    private void startRun(RoutingContext ctx) {
        User user = AuthHandler.user(ctx);
        String id = WallWork.id(ctx, "id", "wall");
        RunInput in = Replies.body(ctx, RunInput.class);
        WallWork.run(ctx, () -> runner.start(user, WallWork.actor(ctx, user), id, in.tourId(), in.tile()), r -> {
            ctx.response().putHeader("Location", ctx.request().path() + "/" + r.runId());
            Replies.json(ctx, 201, r);
        });
    }

    private void stopRun(RoutingContext ctx) {
        User user = AuthHandler.user(ctx);
        String id = WallWork.id(ctx, "id", "wall");
        String runId = WallWork.id(ctx, "run", "run");
        WallWork.run(ctx, () -> {
            book.wall(user, id);
            if (!runner.stop(id, runId, WallWork.actor(ctx, user))) {
                throw new ApiException(404, "no tour run " + runId + " on wall " + id);
            }
            return runId;
        }, x -> ctx.response().setStatusCode(204).end());
    }
}
