package org.sharpeye.gateway.api;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Map;
import org.sharpeye.registry.NotFoundException;
import org.sharpeye.registry.Registry;
import org.sharpeye.registry.Role;
import org.sharpeye.registry.User;

/** {@code /users}: admins manage users; passwords go in, never out. */
final class UserRoutes {
    /** A user as a client sends it; {@code password} is required on create, optional (unchanged) on update. */
    record UserInput(String username, Role role, String siteId, Boolean enabled, String password, Long version) {
        @Override
        public String toString() {
            return "UserInput[username=" + username + ", role=" + role + ", password=***]";
        }
    }

    private final Registry registry;

    UserRoutes(Registry registry) {
        this.registry = registry;
    }

    void mount(Router router, String base, BodyHandler body) {
        router.get(base + "/users").handler(this::list);
        router.get(base + "/users/:name").handler(this::get);
        router.post(base + "/users").handler(body).handler(this::create);
        router.put(base + "/users/:name").handler(body).handler(this::update);
        router.delete(base + "/users/:name").handler(this::delete);
    }

    private User admin(RoutingContext ctx) {
        User u = AuthHandler.user(ctx);
        if (!registry.permissions().canAdminister(u)) {
            throw new ApiException(403, "only an admin manages users");
        }
        return u;
    }

    private void list(RoutingContext ctx) {
        admin(ctx);
        List<User> all = registry.accounts().all();
        Replies.json(ctx, 200, Map.of("items", all, "total", all.size()));
    }

    private void get(RoutingContext ctx) {
        admin(ctx);
        String name = Ids.username(ctx.pathParam("name"));
        User u = registry.accounts().user(name).orElseThrow(() -> new NotFoundException("user", name));
        Replies.versioned(ctx, 200, u, u.version());
    }

    private void create(RoutingContext ctx) {
        User admin = admin(ctx);
        UserInput in = Replies.body(ctx, UserInput.class);
        User user = new User(in.username(), in.role(), in.siteId(), in.enabled() == null || in.enabled(), 0);
        Blocking.run(ctx, () -> registry.accounts().create(user, in.password(), SiteRoutes.actor(ctx, admin)), u -> {
            ctx.response().putHeader("Location", ctx.request().path() + "/" + u.username());
            Replies.versioned(ctx, 201, u, u.version());
        });
    }

    private void update(RoutingContext ctx) {
        User admin = admin(ctx);
        String name = Ids.username(ctx.pathParam("name"));
        long version = Replies.ifMatch(ctx);
        UserInput in = Replies.body(ctx, UserInput.class);
        if (in.username() != null && !in.username().equals(name)) {
            throw new ApiException(400, "the body's username differs from the path's");
        }
        User user = new User(name, in.role(), in.siteId(), in.enabled() == null || in.enabled(), 0);
        Blocking.run(ctx, () -> registry.accounts().update(user, version, in.password(),
                SiteRoutes.actor(ctx, admin)), u -> Replies.versioned(ctx, 200, u, u.version()));
    }

    private void delete(RoutingContext ctx) {
        User admin = admin(ctx);
        String name = Ids.username(ctx.pathParam("name"));
        long version = Replies.ifMatch(ctx);
        if (name.equals(admin.username())) {
            throw new ApiException(409, "an admin cannot delete themselves");
        }
        Blocking.run(ctx, () -> {
            registry.accounts().delete(name, version, SiteRoutes.actor(ctx, admin));
            return name;
        }, x -> ctx.response().setStatusCode(204).end());
    }
}
