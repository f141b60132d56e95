package org.sharpeye.registry.health;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.sharpeye.registry.Actor;
import org.sharpeye.registry.Camera;
import org.sharpeye.registry.Site;
import org.sharpeye.registry.SiteTree;
import org.sharpeye.registry.store.AuditAction;
import org.sharpeye.registry.store.DocumentKind;

/**
 * The alerts and their lifecycle: at most one active alert per camera and kind; an alert of a health reason is active
 * while the camera shows that reason and resolves by itself when it stops; a flapping camera gets one FLAPPING alert
 * and its other alerts are folded into it; a camera under a maintenance window raises nothing. Every change is
 * written to the store before its event is published. Changed on the health thread only; read from any thread.
 */
final class AlertBook {
    static final String SYSTEM = "system";
    private final HealthStore store;
    private final Consumer<HealthEvent> events;
    private final Map<String, Alert> byId = new ConcurrentHashMap<>();
    /** cameraId/kind -> id of the active alert. */
    private final Map<String, String> active = new HashMap<>();
    /** cameraId -> how many active alerts it has (the tick asks for every camera each second). */
    private final Map<String, Integer> activePerCamera = new HashMap<>();
    private final Map<String, MaintenanceWindow> windows = new ConcurrentHashMap<>();
    /**
     * cameraId/kind of alerts resolved by hand while the camera still showed their reason: the fault is handled, so
     * it raises no new alert until the camera stops showing the reason (then a new fault opens a new alert).
     */
    private final Set<String> handled = new java.util.HashSet<>();

    AlertBook(HealthStore store, Consumer<HealthEvent> events) {
        this.store = store;
        this.events = events;
    }

    void load() {
        Map<String, Alert> newest = new HashMap<>();
        for (Alert a : store.loadAll(DocumentKind.ALERT, Alert.class)) {
            byId.put(a.id(), a);
            if (a.state().active()) {
                active.put(key(a.cameraId(), a.kind()), a.id());
                activePerCamera.merge(a.cameraId(), 1, Integer::sum);
            }
            newest.merge(key(a.cameraId(), a.kind()), a, AlertBook::newer);
        }
        markHandled(newest);
        for (MaintenanceWindow w : store.loadAll(DocumentKind.MAINTENANCE, MaintenanceWindow.class)) {
            windows.put(w.id(), w);
        }
    }

    /**
     * Takes over the alerts of {@code cameraIds} as the store holds them now: in a cluster another node judged these
     * cameras until now and may have opened, changed or resolved their alerts; this book then continues them rather
     * than opening a second alert for the same fault.
     */
    void adopt(Set<String> cameraIds) {
        for (AlertKind kind : AlertKind.values()) {
            for (String cameraId : cameraIds) {
                active.remove(key(cameraId, kind));
            }
        }
        cameraIds.forEach(activePerCamera::remove);
        handled.removeIf(k -> cameraIds.contains(k.substring(0, k.lastIndexOf('/'))));
        Map<String, Alert> newest = new HashMap<>();
        for (Alert a : store.loadAll(DocumentKind.ALERT, Alert.class)) {
            if (!cameraIds.contains(a.cameraId())) {
                continue;
            }
            byId.put(a.id(), a);
            if (a.state().active()) {
                active.put(key(a.cameraId(), a.kind()), a.id());
                activePerCamera.merge(a.cameraId(), 1, Integer::sum);
            }
            newest.merge(key(a.cameraId(), a.kind()), a, AlertBook::newer);
        }
        markHandled(newest);
    }

    /**
     * A fault whose newest alert was resolved by hand stays handled over a restart or a move to another node; the
     * first observation without the reason clears it.
     */
    private void markHandled(Map<String, Alert> newestByKey) {
        newestByKey.forEach((k, a) -> {
            if (!a.state().active() && a.resolvedBy() != null && !SYSTEM.equals(a.resolvedBy())) {
                handled.add(k);
            }
        });
    }

    private static Alert newer(Alert x, Alert y) {
        return x.openedAt().isAfter(y.openedAt()) ? x : y;
    }

    Collection<Alert> all() {
        return byId.values();
    }

    Optional<Alert> alert(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Whether the camera has any active alert. */
    boolean hasActive(String cameraId) {
        return activePerCamera.containsKey(cameraId);
    }

    // ---- the automatic side

    /**
     * Brings a camera's alerts in line with its health: the alerts it calls for are active, the others resolved.
     *
     * @param counts     whether the camera raises alerts at all (enabled and not under a maintenance window)
     * @param flapping   whether the camera is flapping now
     * @param flapped    whether this call follows a status change (a FLAPPING alert counts it)
     * @param flapSince  the start of the flapping window: alerts of the camera opened since are folded into a new
     *                   FLAPPING alert
     */
    void reconcile(Camera camera, SiteTree sites, CameraHealth health, boolean counts, boolean flapping,
            boolean flapped, Instant flapSince, Instant now) {
        String flapId = active.get(key(camera.id(), AlertKind.FLAPPING));
        if (flapId != null && !flapping) {
            resolve(flapId, SYSTEM, "stable again", null, now);
            flapId = null;
        }
        if (counts && flapping) {
            if (flapId == null) {
                flapId = open(camera, sites, AlertKind.FLAPPING, health, now).id();
                foldRecent(camera.id(), flapId, flapSince, now);
            } else if (flapped) {
                update(byId.get(flapId).occurred(health.lastError(), health.lastSeenAlive(), now), now);
            }
        }
        Set<HealthReason> reasons = health.reasons();
        // resolve first, then open: a reason change reads as "STALLED resolved, UNREACHABLE opened"
        for (AlertKind kind : AlertKind.values()) {
            String id = active.get(key(camera.id(), kind));
            if (kind == AlertKind.FLAPPING || id == null) {
                continue;
            }
            if (!reasons.contains(HealthReason.valueOf(kind.name()))) {
                resolve(id, SYSTEM, "cleared: the camera no longer shows " + kind, null, now);
            } else if (flapId != null) {
                resolve(id, SYSTEM, "folded into the FLAPPING alert", flapId, now);
            }
        }
        for (AlertKind kind : AlertKind.values()) {
            if (kind != AlertKind.FLAPPING && !reasons.contains(HealthReason.valueOf(kind.name()))) {
                handled.remove(key(camera.id(), kind));
            }
        }
        if (!counts || flapId != null) {
            return;
        }
        for (HealthReason r : reasons) {
            String k = key(camera.id(), AlertKind.of(r));
            if (!active.containsKey(k) && !handled.contains(k)) {
                open(camera, sites, AlertKind.of(r), health, now);
            }
        }
    }

    /** Marks the camera's alerts opened since {@code since} (already resolved ones too) as part of the flapping. */
    private void foldRecent(String cameraId, String flapId, Instant since, Instant now) {
        for (Alert a : List.copyOf(byId.values())) {
            if (a.cameraId().equals(cameraId) && a.kind() != AlertKind.FLAPPING && a.foldedInto() == null
                    && !a.openedAt().isBefore(since)) {
                if (a.state().active()) {
                    resolve(a.id(), SYSTEM, "folded into the FLAPPING alert", flapId, now);
                } else {
                    update(new Alert(a.id(), a.cameraId(), a.kind(), a.state(), a.openedAt(), now, a.resolvedAt(),
                            a.assignee(), a.note(), a.resolvedBy(), flapId, a.occurrences(), a.detail(),
                            a.lastSeenAlive(), a.camera()), now);
                }
            }
        }
    }

    private Alert open(Camera camera, SiteTree sites, AlertKind kind, CameraHealth health, Instant now) {
        Alert a = new Alert(UUID.randomUUID().toString(), camera.id(), kind, AlertState.OPEN, now, now, null, null,
                null, null, null, 1, health.lastError(), health.lastSeenAlive(), describe(camera, sites));
        byId.put(a.id(), a);
        active.put(key(a.cameraId(), kind), a.id());
        activePerCamera.merge(a.cameraId(), 1, Integer::sum);
        store.put(DocumentKind.ALERT, a.id(), a);
        events.accept(event(HealthEvent.ALERT_OPENED, a, now));
        return a;
    }

    private void resolve(String id, String by, String why, String foldedInto, Instant now) {
        resolve(id, by, why, foldedInto, now, null);
    }

    /** Resolves; {@code actor} (null for the system) is written to the audit log with the change. */
    private void resolve(String id, String by, String why, String foldedInto, Instant now, Actor actor) {
        Alert before = byId.get(id);
        Alert a = before.resolved(by, why, foldedInto, now);
        if (active.remove(key(a.cameraId(), a.kind())) != null) {
            activePerCamera.computeIfPresent(a.cameraId(), (k, n) -> n > 1 ? n - 1 : null);
        }
        byId.put(id, a);
        store.put(DocumentKind.ALERT, id, a, actor == null ? null : HealthAudit.alert(actor, before, a, now));
        events.accept(event(HealthEvent.ALERT_RESOLVED, a, now));
    }

    private void update(Alert a, Instant now) {
        update(a, now, null);
    }

    private void update(Alert a, Instant now, Actor actor) {
        Alert before = byId.put(a.id(), a);
        store.put(DocumentKind.ALERT, a.id(), a,
                actor == null || before == null ? null : HealthAudit.alert(actor, before, a, now));
        events.accept(event(HealthEvent.ALERT_UPDATED, a, now));
    }

    // ---- by hand

    // each change by hand is written to the audit log together with the alert

    Alert acknowledge(String id, Actor by, Instant now) {
        Alert a = existing(id);
        if (a.state() != AlertState.OPEN) {
            throw new AlertStateException("only an OPEN alert can be acknowledged; this one is " + a.state());
        }
        update(a.with(AlertState.ACKNOWLEDGED, now), now, by);
        return byId.get(id);
    }

    Alert assign(String id, String user, Actor by, Instant now) {
        Alert a = existing(id);
        if (!a.state().active()) {
            throw new AlertStateException("a " + a.state() + " alert cannot be assigned");
        }
        update(a.assigned(user, now), now, by);
        return byId.get(id);
    }

    Alert resolveByHand(String id, Actor by, String note, Instant now) {
        Alert a = existing(id);
        if (!a.state().active()) {
            throw new AlertStateException("the alert is already " + a.state());
        }
        resolve(id, by.username(), note, null, now, by);
        handled.add(key(a.cameraId(), a.kind()));
        return byId.get(id);
    }

    Alert verify(String id, Actor by, Instant now) {
        Alert a = existing(id);
        if (a.state() != AlertState.RESOLVED) {
            throw new AlertStateException("only a RESOLVED alert can be verified; this one is " + a.state());
        }
        update(a.with(AlertState.VERIFIED, now), now, by);
        return byId.get(id);
    }

    private Alert existing(String id) {
        Alert a = byId.get(id);
        if (a == null) {
            throw new java.util.NoSuchElementException("no alert " + id);
        }
        return a;
    }

    // ---- maintenance windows

    void addWindow(MaintenanceWindow w, Actor by, Instant now) {
        store.put(DocumentKind.MAINTENANCE, w.id(), w, HealthAudit.window(by, AuditAction.CREATE, w, now));
        windows.put(w.id(), w);
    }

    /** Deletes a window (its cameras raise alerts again from the next tick); empty when there is no such window. */
    Optional<MaintenanceWindow> removeWindow(String id, Actor by, Instant now) {
        MaintenanceWindow w = windows.get(id);
        if (w == null) {
            return Optional.empty();
        }
        store.delete(DocumentKind.MAINTENANCE, id, HealthAudit.window(by, AuditAction.DELETE, w, now));
        windows.remove(id);
        return Optional.of(w);
    }

    Collection<MaintenanceWindow> windows() {
        return windows.values();
    }

    /** Whether a window silences {@code camera} at {@code now}. */
    boolean silenced(Camera camera, SiteTree sites, Instant now) {
        for (MaintenanceWindow w : windows.values()) {
            if (!w.covers(now)) {
                continue;
            }
            if (camera.id().equals(w.cameraId())) {
                return true;
            }
            if (w.siteId() != null && (sites.isWithin(camera.siteId(), w.siteId())
                    || camera.groupIds().stream().anyMatch(g -> sites.isWithin(g, w.siteId())))) {
                return true;
            }
        }
        return false;
    }

    // ----

    private HealthEvent event(String type, Alert a, Instant now) {
        return new HealthEvent(UUID.randomUUID().toString(), type, now, a.cameraId(), a.camera().siteId(), a);
    }

    static AlertCamera describe(Camera c, SiteTree sites) {
        List<String> path = new ArrayList<>();
        String cur = c.siteId();
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (cur != null && seen.add(cur)) {
            Site s = sites.site(cur).orElse(null);
            if (s == null) {
                break;
            }
            path.add(0, s.name());
            cur = s.parentId();
        }
        return new AlertCamera(c.name(), c.siteId(), path, c.address(), c.latitude(), c.longitude(),
                c.vendor() == null ? null : c.vendor().name(), c.model(), c.ip(), c.tier());
    }

    private static String key(String cameraId, AlertKind kind) {
        return cameraId + "/" + kind;
    }
}
