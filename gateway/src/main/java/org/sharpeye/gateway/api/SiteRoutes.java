package org.sharpeye.gateway.api;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.sharpeye.registry.Actor;
import org.sharpeye.registry.NotFoundException;
import org.sharpeye.registry.Registry;
import org.sharpeye.registry.Site;
import org.sharpeye.registry.SiteKind;
import org.sharpeye.registry.SiteTree;
import org.sharpeye.registry.User;

/** {@code /sites}: the site trees a user may see, and their changes (moving a site moves its subtree). */
final class SiteRoutes {
    /** A site as a client sends it; {@code id} comes from the path on PUT. */
    record SiteInput(String id, String name, SiteKind kind, String parentId, String centreCode, Long version) {
    }

    private final Registry registry;

    SiteRoutes(Registry registry) {
        this.registry = registry;
    }

    void mount(Router router, String base, BodyHandler body) {
        router.get(base + "/sites").handler(this::list);
        router.get(base + "/sites/:id").handler(this::get);
        router.post(base + "/sites").handler(body).handler(this::create);
        router.put(base + "/sites/:id").handler(body).handler(this::update);
        router.delete(base + "/sites/:id").handler(this::delete);
    }

    private void list(RoutingContext ctx) {
        User user = AuthHandler.user(ctx);
        SiteTree tree = registry.sites();
        List<Site> visible = tree.all().stream()
                .filter(s -> registry.permissions().canSeeSite(user, s.id(), tree))
                .sorted(Comparator.comparing(Site::id))
                .toList();
        Replies.json(ctx, 200, Map.of("items", visible, "total", visible.size()));
    }

    private Site visible(RoutingContext ctx, String id) {
        User user = AuthHandler.user(ctx);
        Site s = registry.site(id).orElseThrow(() -> new NotFoundException("site", id));
        if (!registry.permissions().canSeeSite(user, id, registry.sites())) {
            throw new NotFoundException("site", id);
        }
        return s;
    }

    private void get(RoutingContext ctx) {
        Site s = visible(ctx, Ids.site(ctx.pathParam("id")));
        Replies.versioned(ctx, 200, s, s.version());
    }

    private void requireEdit(User user, String siteId) {
        if (!registry.permissions().canEdit(user, siteId, registry.sites())) {
            throw new ApiException(403, "you may not change sites there");
        }
    }

    private void create(RoutingContext ctx) {
        User user = AuthHandler.user(ctx);
        SiteInput in = Replies.body(ctx, SiteInput.class);
        // a root (a county or a business group) only an unscoped admin may add; otherwise the parent must be in scope
        requireEdit(user, in.parentId());
        Site site = new Site(in.id(), in.name(), in.kind(), in.parentId(), in.centreCode(), 0);
        Actor actor = actor(ctx, user);
        Blocking.run(ctx, () -> registry.createSite(site, actor), s -> {
            ctx.response().putHeader("Location", ctx.request().path() + "/" + s.id());
            Replies.versioned(ctx, 201, s, s.version());
        });
    }

    private void update(RoutingContext ctx) {
        User user = AuthHandler.user(ctx);
        String id = Ids.site(ctx.pathParam("id"));
        long version = Replies.ifMatch(ctx);
        SiteInput in = Replies.body(ctx, SiteInput.class);
        if (in.id() != null && !in.id().equals(id)) {
            throw new ApiException(400, "the body's id differs from the path's");
        }
        visible(ctx, id);
        requireEdit(user, id);
        if (in.parentId() != null) {
            requireEdit(user, in.parentId());
        }
        Site site = new Site(id, in.name(), in.kind(), in.parentId(), in.centreCode(), 0);
        Actor actor = actor(ctx, user);
        Blocking.run(ctx, () -> registry.updateSite(site, version, actor), s -> Replies.versioned(ctx, 200, s,
                s.version()));
    }

    private void delete(RoutingContext ctx) {
        User user = AuthHandler.user(ctx);
        String id = Ids.site(ctx.pathParam("id"));
        long version = Replies.ifMatch(ctx);
        visible(ctx, id);
        requireEdit(user, id);
        Actor actor = actor(ctx, user);
        Blocking.run(ctx, () -> {
            registry.deleteSite(id, version, actor);
            return id;
        }, x -> ctx.response().setStatusCode(204).end());
    }

    static Actor actor(RoutingContext ctx, User user) {
        return new Actor(user.username(), ctx.request().remoteAddress() == null ? "unknown"
                : ctx.request().remoteAddress().hostAddress());
    }
}
