package org.sharpeye.registry.health;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.sharpeye.registry.Actor;
import org.sharpeye.registry.Camera;
import org.sharpeye.registry.CameraStatus;
import org.sharpeye.registry.CameraTier;
import org.sharpeye.registry.Registry;
import org.sharpeye.registry.SiteTree;
import org.sharpeye.registry.User;
import org.sharpeye.registry.store.AuditAction;
import org.sharpeye.registry.store.DocumentKind;
import org.sharpeye.registry.store.RegistryStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health model of DESIGN.md: turns observations into each camera's status (per profile and overall), keeps the
 * alerts with their lifecycle, flapping and maintenance windows, and the online-rate ledger; publishes every change
 * as a {@link HealthEvent}. All judgement runs on one thread of its own (no locks; store writes block only it), so
 * {@link #observe} may be called from event loops. Reads ({@link #health}, {@link #alerts}) are served from memory.
 */
public final class HealthMonitor implements HealthInput, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HealthMonitor.class);
    private final Registry registry;
    private final HealthOptions options;
    private final Clock clock;
    private final HealthStore store;
    private final ScheduledExecutorService thread;
    private final Map<String, CameraHealth> health = new ConcurrentHashMap<>();
    private final Map<String, Webhook> webhooks = new ConcurrentHashMap<>();
    /**
     * cameraId/profile of the profiles ingest is judging (its last word on them was ONLINE or OFFLINE, not UNKNOWN):
     * probes of them are ignored, since a probe never opens a media session and cannot see a stall. Health thread only.
     */
    private final java.util.Set<String> heldByIngest = new java.util.HashSet<>();
    private final List<Consumer<HealthEvent>> listeners = new CopyOnWriteArrayList<>();
    private final FlapDetector flaps;
    private final AlertBook alerts;
    private final OnlineRateLedger ledger;
    private Instant lastFlush;
    private volatile boolean closed;

    private HealthMonitor(Registry registry, RegistryStore store, HealthOptions options, Clock clock) {
        this.registry = registry;
        this.options = options;
        this.clock = clock;
        this.store = new HealthStore(store, registry.store());
        this.flaps = new FlapDetector(options.flapThreshold(), options.flapWindow());
        this.alerts = new AlertBook(this.store, this::publish);
        this.ledger = new OnlineRateLedger(options.zone(), this.store);
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "health");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * A monitor over {@code registry}'s cameras, keeping alerts, maintenance windows, webhooks and the ledger in
     * {@code store} (the registry's own store; null: nothing durable). Loads what the store holds (blocking).
     */
    public static HealthMonitor start(Registry registry, RegistryStore store, HealthOptions options, Clock clock) {
        HealthMonitor m = new HealthMonitor(registry, store, options, clock);
        m.alerts.load();
        m.ledger.load();
        for (Webhook w : m.store.loadAll(DocumentKind.WEBHOOK, Webhook.class)) {
            m.webhooks.put(w.id(), m.opened(w));
        }
        m.lastFlush = clock.instant();
        if (options.tickInterval() != null) {
            long ms = options.tickInterval().toMillis();
            m.thread.scheduleWithFixedDelay(m::tickNow, ms, ms, TimeUnit.MILLISECONDS);
        }
        return m;
    }

    // ---- input

    @Override
    public void observe(HealthObservation o) {
        if (!closed) {
            thread.execute(() -> guarded(() -> apply(o)));
        }
    }

    private void apply(HealthObservation o) {
        Camera camera = registry.camera(o.cameraId()).orElse(null);
        if (camera == null) {
            return;
        }
        String path = o.cameraId() + "/" + o.profile();
        if (o.source() == HealthSource.INGEST) {
            if (o.status() == CameraStatus.UNKNOWN) {
                heldByIngest.remove(path);
            } else {
                heldByIngest.add(path);
            }
        } else if (o.source() == HealthSource.PROBE && heldByIngest.contains(path)) {
            // a stalled stream answers OPTIONS and DESCRIBE between ingest's retries: ingest's STALLED stands
            return;
        }
        Instant now = clock.instant();
        CameraHealth before = health.getOrDefault(o.cameraId(), CameraHealth.unknown(o.cameraId(), o.at()));
        ledger.accrue(camera.id(), before.online() && camera.enabled(), before.status() == CameraStatus.ONLINE,
                now);
        CameraHealth after = before.apply(o);
        health.put(camera.id(), after);
        boolean statusChanged = after.status() != before.status() || after.reason() != before.reason();
        if (statusChanged) {
            registry.reportStatus(camera.id(), after.status());
            publish(new HealthEvent(java.util.UUID.randomUUID().toString(), HealthEvent.CAMERA_STATUS, now,
                    camera.id(), camera.siteId(), after));
        }
        boolean flapped = after.status() != before.status() && before.status() != CameraStatus.UNKNOWN;
        if (flapped) {
            flaps.changed(camera.id(), now);
        }
        if (statusChanged || !after.reasons().equals(before.reasons())) {
            reconcile(camera, after, flapped, now);
        }
    }

    private void reconcile(Camera camera, CameraHealth h, boolean flapped, Instant now) {
        SiteTree sites = registry.sites();
        boolean counts = camera.enabled() && !alerts.silenced(camera, sites, now);
        alerts.reconcile(camera, sites, h, counts, flaps.isFlapping(camera.id(), now), flapped,
                now.minus(options.flapWindow()), now);
    }

    // ---- cluster

    /**
     * This node judges {@code cameraIds} from now on (a cluster moved them here): their alerts are re-read from the
     * store, so a fault another node raised an alert for is continued, not raised twice. Completes once applied.
     */
    public CompletableFuture<Void> adopt(Set<String> cameraIds) {
        return call(() -> {
            alerts.adopt(Set.copyOf(cameraIds));
            cameraIds.forEach(health::remove);
            return null;
        });
    }

    /**
     * This node no longer judges {@code cameraIds} (another node owns them now): their health is forgotten here and
     * they accrue no online time here, so the new owner's judgement is the only one.
     */
    public CompletableFuture<Void> forget(Set<String> cameraIds) {
        return call(() -> {
            for (String id : cameraIds) {
                health.remove(id);
                ledger.stop(id);
            }
            return null;
        });
    }

    // ---- time

    /** Accrues online time, re-checks flapping and maintenance windows, flushes the ledger when due. */
    public CompletableFuture<Void> tick() {
        return call(() -> {
            tickNow();
            return null;
        });
    }

    private void tickNow() {
        guarded(() -> {
            Instant now = clock.instant();
            for (CameraHealth h : health.values()) {
                Camera camera = registry.camera(h.cameraId()).orElse(null);
                if (camera == null || !camera.enabled()) {
                    ledger.stop(h.cameraId());
                    continue;
                }
                ledger.accrue(camera.id(), h.online(), h.status() == CameraStatus.ONLINE, now);
                if (!h.reasons().isEmpty() || alerts.hasActive(camera.id())) {
                    reconcile(camera, h, false, now);
                }
            }
            if (!now.isBefore(lastFlush.plus(options.flushInterval()))) {
                ledger.flush();
                lastFlush = now;
            }
        });
    }

    /** Completes once everything submitted before it has been applied (tests, orderly shutdown). */
    public CompletableFuture<Void> sync() {
        return call(() -> null);
    }

    // ---- reads

    /** A camera's health (UNKNOWN before its first observation). */
    public CameraHealth health(String cameraId) {
        return health.getOrDefault(cameraId, CameraHealth.unknown(cameraId, null));
    }

    /**
     * The alerts {@code user} may see (their camera is visible to the user), newest first, filtered by state, site
     * subtree and kind (null: any).
     */
    public List<Alert> alerts(User user, AlertState state, String siteId, AlertKind kind) {
        SiteTree sites = registry.sites();
        List<Alert> out = new ArrayList<>();
        for (Alert a : alerts.all()) {
            if ((state == null || a.state() == state) && (kind == null || a.kind() == kind)
                    && (siteId == null || sites.isWithin(a.camera().siteId(), siteId)) && visible(user, a)) {
                out.add(a);
            }
        }
        out.sort(Comparator.comparing(Alert::openedAt).reversed().thenComparing(Alert::id));
        return out;
    }

    /** An alert if {@code user} may see it. */
    public Optional<Alert> alert(User user, String id) {
        return alerts.alert(id).filter(a -> visible(user, a));
    }

    /** Whether {@code user} may see the camera of {@code a}. */
    public boolean visible(User user, Alert a) {
        return canSee(user, a.cameraId());
    }

    /** Whether {@code user} may see events of {@code cameraId}. */
    public boolean canSee(User user, String cameraId) {
        Camera c = registry.camera(cameraId).orElse(null);
        if (c == null) {
            return user.enabled() && user.siteId() == null && user.role().mayAdminister();
        }
        return registry.canView(user, c);
    }

    /** The online-rate report of what {@code user} may see; see {@link OnlineRateReport}. */
    public OnlineRateReport onlineRate(User user, String siteId, CameraTier tier, String cameraId, LocalDate from,
            LocalDate to) {
        return OnlineRates.report(registry, ledger, user, siteId, tier, cameraId, from, to, clock.instant());
    }

    /** The ledger (per-camera day figures). */
    public OnlineRateLedger ledger() {
        return ledger;
    }

    /** The maintenance windows. */
    public List<MaintenanceWindow> windows() {
        return List.copyOf(alerts.windows());
    }

    /** The webhooks. */
    public List<Webhook> webhooks() {
        return List.copyOf(webhooks.values());
    }

    /** A webhook by id. */
    public Optional<Webhook> webhook(String id) {
        return Optional.ofNullable(webhooks.get(id));
    }

    /** A maintenance window by id. */
    public Optional<MaintenanceWindow> window(String id) {
        return alerts.windows().stream().filter(w -> w.id().equals(id)).findFirst();
    }

    // ---- by hand: each completes once written to the store, together with its entry in the registry's audit log
    // (who, from where, when, the record before and after), like changes to sites, cameras and users

    /** OPEN -> ACKNOWLEDGED. */
    public CompletableFuture<Alert> acknowledge(String alertId, Actor by) {
        return call(() -> alerts.acknowledge(alertId, by, clock.instant()));
    }

    /** Assigns an active alert to a maintenance user -> ASSIGNED. */
    public CompletableFuture<Alert> assign(String alertId, String assignee, Actor by) {
        return call(() -> alerts.assign(alertId, assignee, by, clock.instant()));
    }

    /** Resolves an active alert by hand with a note -> RESOLVED. */
    public CompletableFuture<Alert> resolve(String alertId, String note, Actor by) {
        return call(() -> alerts.resolveByHand(alertId, by, note, clock.instant()));
    }

    /** RESOLVED -> VERIFIED (the fix was checked). */
    public CompletableFuture<Alert> verify(String alertId, Actor by) {
        return call(() -> alerts.verify(alertId, by, clock.instant()));
    }

    /** Stores a maintenance window; cameras it covers raise no alerts while it is in force. */
    public CompletableFuture<MaintenanceWindow> addWindow(MaintenanceWindow w, Actor by) {
        return call(() -> {
            alerts.addWindow(w, by, clock.instant());
            return w;
        });
    }

    /**
     * Deletes a maintenance window; the cameras it silenced raise the alerts they still call for at the next tick.
     * Completes with the deleted window, or empty when there was none.
     */
    public CompletableFuture<Optional<MaintenanceWindow>> removeWindow(String windowId, Actor by) {
        return call(() -> alerts.removeWindow(windowId, by, clock.instant()));
    }

    /** The form a webhook is stored in: its signing secret sealed like camera credentials, bound to its id. */
    private Webhook sealed(Webhook w) {
        return new Webhook(w.id(), w.siteId(), w.url(), registry.sealSecret(w.secret(), secretOwner(w)),
                w.createdBy());
    }

    private Webhook opened(Webhook stored) {
        return new Webhook(stored.id(), stored.siteId(), stored.url(),
                registry.openSecret(stored.secret(), secretOwner(stored)), stored.createdBy());
    }

    private static String secretOwner(Webhook w) {
        return "webhook:" + w.id();
    }

    /** Stores a webhook (its secret sealed at rest). */
    public CompletableFuture<Webhook> addWebhook(Webhook w, Actor by) {
        return call(() -> {
            store.put(DocumentKind.WEBHOOK, w.id(), sealed(w), HealthAudit.webhook(by, AuditAction.CREATE, w,
                    clock.instant()));
            webhooks.put(w.id(), w);
            return w;
        });
    }

    /**
     * Re-seals with the registry's active key the stored signing secrets an older key sealed (step two of a key
     * rotation, beside {@link Registry#resealSecrets}); each is audited as an update of its webhook. Completes with
     * how many.
     */
    public CompletableFuture<Integer> resealWebhookSecrets(Actor by) {
        return call(() -> {
            int resealed = 0;
            for (Webhook stored : store.loadAll(DocumentKind.WEBHOOK, Webhook.class)) {
                if (registry.sealedWithOldKey(stored.secret())) {
                    Webhook w = opened(stored);
                    store.put(DocumentKind.WEBHOOK, w.id(), sealed(w), HealthAudit.webhook(by, AuditAction.UPDATE, w,
                            clock.instant()));
                    resealed++;
                }
            }
            return resealed;
        });
    }

    /** Deletes a webhook (nothing more is sent to it); completes with it, or empty when there was none. */
    public CompletableFuture<Optional<Webhook>> removeWebhook(String webhookId, Actor by) {
        return call(() -> {
            Webhook w = webhooks.get(webhookId);
            if (w == null) {
                return Optional.empty();
            }
            store.delete(DocumentKind.WEBHOOK, webhookId, HealthAudit.webhook(by, AuditAction.DELETE, w,
                    clock.instant()));
            webhooks.remove(webhookId);
            return Optional.of(w);
        });
    }

    // ---- events

    /** Adds a listener for every {@link HealthEvent}; called on the health thread, so it must not block. */
    public void onEvent(Consumer<HealthEvent> listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    private void publish(HealthEvent e) {
        for (Consumer<HealthEvent> l : listeners) {
            try {
                l.accept(e);
            } catch (RuntimeException ex) {
                log.warn("a health event listener failed on {}", e.type(), ex);
            }
        }
    }

    // ----

    private <T> CompletableFuture<T> call(Supplier<T> work) {
        CompletableFuture<T> f = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                try {
                    f.complete(work.get());
                } catch (RuntimeException e) {
                    f.completeExceptionally(e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            f.completeExceptionally(new IllegalStateException("the health monitor is closed"));
        }
        return f;
    }

    private static void guarded(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            log.error("health monitor step failed", e);
        }
    }

    /** Counts online time up to now, writes the ledger and stops the health thread. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            call(() -> {
                tickNow();
                ledger.flush();
                return null;
            }).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("the ledger could not be flushed on close", e);
        }
        closed = true;
        thread.shutdown();
    }
}
