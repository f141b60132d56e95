package org.sharpeye.gateway.events;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.sharpeye.gateway.api.ApiException;
import org.sharpeye.gateway.api.Replies;
import org.sharpeye.gateway.api.AuthHandler;
import org.sharpeye.registry.Actor;
import org.sharpeye.registry.Camera;
import org.sharpeye.registry.CameraTier;
import org.sharpeye.registry.Registry;
import org.sharpeye.registry.RegistryJson;
import org.sharpeye.registry.Role;
import org.sharpeye.registry.User;
import org.sharpeye.registry.health.Alert;
import org.sharpeye.registry.health.AlertKind;
import org.sharpeye.registry.health.AlertState;
import org.sharpeye.registry.health.AlertStateException;
import org.sharpeye.registry.health.HealthMonitor;
import org.sharpeye.registry.health.MaintenanceWindow;
import org.sharpeye.registry.health.Webhook;

/**
 * The health REST routes: camera status, alerts and their lifecycle, maintenance windows, webhooks, online rate.
 * Everything is filtered by what the user may see (a camera or alert out of sight answers 404, not 403).
 */
final class HealthRoutes {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private final Registry registry;
    private final HealthMonitor monitor;
    private final Clock clock;

    /** {@code POST /alerts/{id}/assign}. */
    record AssignBody(String user) {
    }

    /** {@code POST /alerts/{id}/resolve}. */
    record ResolveBody(String note) {
    }

    /** {@code POST /maintenance-windows}: exactly one of cameraId and siteId. */
    record WindowBody(String cameraId, String siteId, Instant from, Instant to, String note) {
    }

    /** {@code POST /webhooks}. */
    record WebhookBody(String siteId, String url, String secret) {
    }

    HealthRoutes(Registry registry, HealthMonitor monitor, Clock clock) {
        this.registry = registry;
        this.monitor = monitor;
        this.clock = clock;
    }

    void mount(Router router, String base, BodyHandler body) {
        router.get(base + "/cameras/:id/status").handler(this::cameraStatus);
        router.get(base + "/alerts").handler(this::alerts);
        router.post(base + "/alerts/:id/ack").handler(ctx -> transition(ctx, (a, u) -> {
            mayHandle(u);
            return monitor.acknowledge(a.id(), actor(ctx, u));
        }));
        router.post(base + "/alerts/:id/assign").handler(body).handler(ctx -> transition(ctx, (a, u) -> {
            mayDispatch(u);
            String assignee = Replies.body(ctx, AssignBody.class).user();
            User crew = assignee == null ? null : registry.accounts().user(assignee).orElse(null);
            Camera camera = registry.camera(a.cameraId()).orElse(null);
            if (crew == null || crew.role() != Role.MAINTENANCE || !crew.enabled()
                    || (camera != null && !registry.canView(crew, camera))) {
                throw new ApiException(400, "user must name an enabled maintenance user whose area holds the camera");
            }
            return monitor.assign(a.id(), crew.username(), actor(ctx, u));
        }));
        router.post(base + "/alerts/:id/resolve").handler(body).handler(ctx -> transition(ctx, (a, u) -> {
            mayHandle(u);
            String note = Replies.body(ctx, ResolveBody.class).note();
            if (note == null || note.isBlank() || note.length() > 2000) {
                throw new ApiException(400, "note: say what was done (1 to 2000 characters)");
            }
            return monitor.resolve(a.id(), note.strip(), actor(ctx, u));
        }));
        router.post(base + "/alerts/:id/verify").handler(ctx -> transition(ctx, (a, u) -> {
            mayDispatch(u);
            return monitor.verify(a.id(), actor(ctx, u));
        }));
        router.get(base + "/maintenance-windows").handler(this::windows);
        router.post(base + "/maintenance-windows").handler(body).handler(this::addWindow);
        router.delete(base + "/maintenance-windows/:id").handler(this::removeWindow);
        router.get(base + "/webhooks").handler(this::webhooks);
        router.post(base + "/webhooks").handler(body).handler(this::addWebhook);
        router.delete(base + "/webhooks/:id").handler(this::removeWebhook);
        router.get(base + "/stats/online-rate").handler(this::onlineRate);
        router.post(base + "/secrets/reseal").handler(this::resealSecrets);
    }

    /**
     * {@code POST /secrets/reseal}, admins only: step two of a key rotation. Every stored secret an older key sealed
     * (camera credentials, webhook signing secrets) is sealed again with the active key, audited; the answer counts
     * them. After it the old key can leave the keyring.
     */
    private void resealSecrets(RoutingContext ctx) {
        User user = AuthHandler.user(ctx);
        if (!registry.permissions().canAdminister(user)) {
            throw new ApiException(403, "only an admin reseals the stored secrets");
        }
        Actor by = actor(ctx, user);
        CompletableFuture<Map<String, Integer>> done = ctx.vertx().executeBlocking(() -> registry.resealSecrets(by))
                .toCompletionStage().toCompletableFuture()
                .thenCompose(credentials -> monitor.resealWebhookSecrets(by)
                        .thenApply(webhooks -> Map.of("credentials", credentials, "webhookSecrets", webhooks)));
        reply(ctx, done, counts -> counts);
    }

    private void cameraStatus(RoutingContext ctx) {
        User user = AuthHandler.user(ctx);
        String id = id(ctx.pathParam("id"));
        Camera c = registry.camera(id).filter(cam -> registry.canView(user, cam))
                .orElseThrow(() -> new ApiException(404, "no camera " + id));
        Replies.json(ctx, 200, monitor.health(c.id()));
    }

    private void alerts(RoutingContext ctx) {
        User user = AuthHandler.user(ctx);
        AlertState state = enumParam(ctx, "state", AlertState.class);
        AlertKind kind = enumParam(ctx, "kind", AlertKind.class);
        String site = ctx.request().getParam("site");
        if (site != null) {
            id(site);
        }
        List<Alert> list = monitor.alerts(user, state, site, kind);
        int limit = intParam(ctx, "limit", 100, 1, 1000);
        Instant now = clock.instant();
        ObjectNode out = RegistryJson.mapper().createObjectNode();
        out.put("total", list.size());
        ArrayNode items = out.putArray("items");
        list.stream().limit(limit).forEach(a -> items.add(EventJson.alert(a, now)));
        Replies.json(ctx, 200, out);
    }

    private interface Transition {
        CompletableFuture<Alert> apply(Alert alert, User user);
    }

    private void transition(RoutingContext ctx, Transition t) {
        User user = AuthHandler.user(ctx);
        String id = id(ctx.pathParam("id"));
        Alert a = monitor.alert(user, id).orElseThrow(() -> new ApiException(404, "no alert " + id));
        reply(ctx, t.apply(a, user), alert -> EventJson.alert(alert, clock.instant()));
    }

    private void addWindow(RoutingContext ctx) {
        User user = AuthHandler.user(ctx);
        WindowBody b = Replies.body(ctx, WindowBody.class);
        if ((b.cameraId() == null) == (b.siteId() == null)) {
            throw new ApiException(400, "name exactly one of cameraId and siteId");
        }
        if (b.from() == null || b.to() == null || !b.to().isAfter(b.from())
                || Duration.between(b.from(), b.to()).toDays() > 366) {
            throw new ApiException(400, "from and to: an ISO-8601 range, to after from, at most a year");
        }
        String siteId;
        if (b.cameraId() != null) {
            Camera c = registry.camera(id(b.cameraId())).filter(cam -> registry.canView(user, cam))
                    .orElseThrow(() -> new ApiException(404, "no camera " + b.cameraId()));
            siteId = c.siteId();
        } else {
            siteId = id(b.siteId());
            if (registry.site(siteId).isEmpty()) {
                throw new ApiException(404, "no site " + siteId);
            }
        }
        if (!registry.permissions().canEdit(user, siteId, registry.sites())) {
            throw new ApiException(403, "maintenance windows need edit rights on the site");
        }
        MaintenanceWindow w = new MaintenanceWindow(UUID.randomUUID().toString(), b.cameraId(),
                b.cameraId() == null ? siteId : null, b.from(), b.to(), b.note() == null ? "" : b.note(),
                user.username());
        reply(ctx, monitor.addWindow(w, actor(ctx, user)), win -> win, 201);
    }

    /** Windows in force or to come that the user may see (those on its cameras, its sites and the sites above). */
    private void windows(RoutingContext ctx) {
        User user = AuthHandler.user(ctx);
        Instant now = clock.instant();
        List<MaintenanceWindow> list = monitor.windows().stream()
                .filter(w -> w.to().isAfter(now) && windowVisible(user, w))
                .sorted(Comparator.comparing(MaintenanceWindow::from).thenComparing(MaintenanceWindow::id))
                .toList();
        Replies.json(ctx, 200, Map.of("items", list));
    }

    private void removeWindow(RoutingContext ctx) {
        User user = AuthHandler.user(ctx);
        String id = id(ctx.pathParam("id"));
        MaintenanceWindow w = monitor.window(id).filter(win -> windowVisible(user, win))
                .orElseThrow(() -> new ApiException(404, "no maintenance window " + id));
        String siteId = w.siteId() != null ? w.siteId()
                : registry.camera(w.cameraId()).map(Camera::siteId).orElse(null);
        if (!registry.permissions().canEdit(user, siteId, registry.sites())) {
            throw new ApiException(403, "maintenance windows need edit rights on the site");
        }
        deleted(ctx, monitor.removeWindow(id, actor(ctx, user)), "no maintenance window " + id);
    }

    private boolean windowVisible(User user, MaintenanceWindow w) {
        if (w.cameraId() != null) {
            Camera c = registry.camera(w.cameraId()).orElse(null);
            // a window on a camera since deleted: only a county-wide admin still sees it
            return c != null ? registry.canView(user, c)
                    : user.enabled() && user.siteId() == null && user.role() == Role.ADMIN;
        }
        return user.enabled() && registry.permissions().canSeeSite(user, w.siteId(), registry.sites());
    }

    private void addWebhook(RoutingContext ctx) {
        User user = AuthHandler.user(ctx);
        WebhookBody b = Replies.body(ctx, WebhookBody.class);
        String siteId = id(b.siteId() == null ? "" : b.siteId());
        if (registry.site(siteId).isEmpty()) {
            throw new ApiException(404, "no site " + siteId);
        }
        mayManageWebhooks(user);
        if (!registry.permissions().canEdit(user, siteId, registry.sites())) {
            throw new ApiException(403, "webhooks are set up by admins and county operators of the site");
        }
        URI url;
        try {
            url = b.url() == null ? null : new URI(b.url());
        } catch (java.net.URISyntaxException e) {
            url = null;
        }
        if (url == null || url.getHost() == null || url.getUserInfo() != null
                || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
            throw new ApiException(400, "url: an absolute http(s) URL without credentials");
        }
        if (b.secret() == null || b.secret().length() < 16 || b.secret().length() > 256) {
            throw new ApiException(400, "secret: 16 to 256 characters");
        }
        Webhook w = new Webhook(UUID.randomUUID().toString(), siteId, url.toString(), b.secret(), user.username());
        reply(ctx, monitor.addWebhook(w, actor(ctx, user)), hook -> Map.of("id", hook.id(), "siteId", hook.siteId(),
                "url", hook.url()), 201);
    }

    /** The webhooks of the sites the user may set webhooks up on; never their secrets. */
    private void webhooks(RoutingContext ctx) {
        User user = AuthHandler.user(ctx);
        mayManageWebhooks(user);
        List<Map<String, String>> items = monitor.webhooks().stream()
                .filter(w -> registry.permissions().canEdit(user, w.siteId(), registry.sites()))
                .sorted(Comparator.comparing(Webhook::siteId).thenComparing(Webhook::id))
                .map(w -> Map.of("id", w.id(), "siteId", w.siteId(), "url", w.url(), "createdBy", w.createdBy()))
                .toList();
        Replies.json(ctx, 200, Map.of("items", items));
    }

    private void removeWebhook(RoutingContext ctx) {
        User user = AuthHandler.user(ctx);
        mayManageWebhooks(user);
        String id = id(ctx.pathParam("id"));
        monitor.webhook(id).filter(w -> registry.permissions().canEdit(user, w.siteId(), registry.sites()))
                .orElseThrow(() -> new ApiException(404, "no webhook " + id));
        deleted(ctx, monitor.removeWebhook(id, actor(ctx, user)), "no webhook " + id);
    }

    private static void mayManageWebhooks(User u) {
        if (!(u.role() == Role.ADMIN || u.role() == Role.COUNTY_OPERATOR)) {
            throw new ApiException(403, "webhooks are set up by admins and county operators of the site");
        }
    }

    /** 204 once deleted; 404 when another request deleted it first. */
    private <T> void deleted(RoutingContext ctx, CompletableFuture<Optional<T>> f, String missing) {
        f.whenComplete((v, err) -> ctx.vertx().runOnContext(x -> {
            if (err != null) {
                ctx.fail(err instanceof CompletionException && err.getCause() != null ? err.getCause() : err);
            } else if (v.isEmpty()) {
                ctx.fail(new ApiException(404, missing));
            } else {
                ctx.response().setStatusCode(204).end();
            }
        }));
    }

    private void onlineRate(RoutingContext ctx) {
        User user = AuthHandler.user(ctx);
        String site = ctx.request().getParam("site");
        String camera = ctx.request().getParam("camera");
        CameraTier tier = enumParam(ctx, "tier", CameraTier.class);
        String day = ctx.request().getParam("day");
        String month = ctx.request().getParam("month");
        if (day != null && month != null) {
            throw new ApiException(400, "give day or month, not both");
        }
        LocalDate from;
        LocalDate to;
        try {
            if (month != null) {
                YearMonth m = YearMonth.parse(month);
                from = m.atDay(1);
                to = m.atEndOfMonth();
            } else {
                from = day != null ? LocalDate.parse(day) : clock.instant().atZone(monitor.ledger().zone())
                        .toLocalDate();
                to = from;
            }
        } catch (DateTimeParseException e) {
            throw new ApiException(400, "day is YYYY-MM-DD, month is YYYY-MM");
        }
        String siteId = site == null ? null : id(site);
        String cameraId = camera == null ? null : id(camera);
        ctx.vertx().executeBlocking(() -> monitor.onlineRate(user, siteId, tier, cameraId, from, to), false)
                .onSuccess(r -> Replies.json(ctx, 200, r)).onFailure(ctx::fail);
    }

    // ----

    /** Who acts and from where, for the audit log (as the registry routes record it). */
    private static Actor actor(RoutingContext ctx, User user) {
        return Actor.of(user, ctx.request().remoteAddress() == null ? "unknown"
                : ctx.request().remoteAddress().hostAddress());
    }

    private static void mayHandle(User u) {
        if (u.role() == Role.VILLAGE_VIEWER) {
            throw new ApiException(403, "village rooms view alerts; township, county and maintenance handle them");
        }
    }

    private static void mayDispatch(User u) {
        if (u.role() == Role.VILLAGE_VIEWER || u.role() == Role.MAINTENANCE) {
            throw new ApiException(403, "assigning and verifying is for the command rooms");
        }
    }

    private <T> void reply(RoutingContext ctx, CompletableFuture<T> f, Function<T, Object> view) {
        reply(ctx, f, view, 200);
    }

    private <T> void reply(RoutingContext ctx, CompletableFuture<T> f, Function<T, Object> view, int status) {
        f.whenComplete((v, err) -> ctx.vertx().runOnContext(x -> {
            if (err != null) {
                Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
                ctx.fail(cause instanceof AlertStateException ? new ApiException(409, cause.getMessage()) : cause);
                return;
            }
            Replies.json(ctx, status, view.apply(v));
        }));
    }

    private static String id(String s) {
        if (s == null || !ID.matcher(s).matches()) {
            throw new ApiException(400, "not an id: letters, digits, '-' and '_', at most 64");
        }
        return s;
    }

    private static <E extends Enum<E>> E enumParam(RoutingContext ctx, String name, Class<E> type) {
        String v = ctx.request().getParam(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return Enum.valueOf(type, v.toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, name + ": one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    private static int intParam(RoutingContext ctx, String name, int otherwise, int min, int max) {
        String v = ctx.request().getParam(name);
        if (v == null || v.isEmpty()) {
            return otherwise;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new ApiException(400, name + ": a whole number from " + min + " to " + max);
    }
}
