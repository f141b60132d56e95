package org.sharpeye.registry.wall;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.sharpeye.registry.Actor;
import org.sharpeye.registry.Camera;
import org.sharpeye.registry.FieldError;
import org.sharpeye.registry.NotFoundException;
import org.sharpeye.registry.PermissionDeniedException;
import org.sharpeye.registry.Registry;
import org.sharpeye.registry.RegistryJson;
import org.sharpeye.registry.SiteTree;
import org.sharpeye.registry.User;
import org.sharpeye.registry.ValidationException;
import org.sharpeye.registry.VersionConflictException;
import org.sharpeye.registry.store.AuditAction;
import org.sharpeye.registry.store.AuditEntry;
import org.sharpeye.registry.store.DocumentKind;
import org.sharpeye.registry.store.DocumentWrite;
import org.sharpeye.registry.store.RegistryStore;
import org.sharpeye.registry.store.StoredDocument;

/**
 * The saved walls and tours, kept in the registry's store (kinds WALL and TOUR) so every node sharing the store sees
 * the same ones and they survive restarts. Reads go to the store (a handful of records per site; another node may
 * have changed them); each change is checked against the stored version, written with its audit entry in one
 * commit, then announced as a {@link WallEvent}. Permissions: {@link WallAccess} for the wall's site and
 * Registry.canView for every camera put on a tile. Blocking: call it from worker threads.
 */
public final class WallBook {
    private static final String WALL = "wall";
    private static final String TOUR = "tour";
    private final Registry registry;
    private final RegistryStore store;
    private final Clock clock;
    private final List<Consumer<WallEvent>> listeners = new CopyOnWriteArrayList<>();
    /** Serialises this node's read-modify-write cycles; the store's version check covers other nodes. */
    private final Object lock = new Object();

    public WallBook(Registry registry, Clock clock) {
        this.registry = registry;
        this.store = registry.store();
        this.clock = clock;
    }

    /** Adds a listener for every change (called on the changing thread, after the commit; must not block). */
    public void onEvent(Consumer<WallEvent> listener) {
        listeners.add(listener);
    }

    // ---- walls

    /** The walls {@code user} may see, of {@code siteId}'s subtree when given, by name. */
    public List<Wall> walls(User user, String siteId) {
        SiteTree sites = registry.sites();
        return store.loadAll(DocumentKind.WALL).stream().map(WallBook::wallOf)
                .filter(w -> WallAccess.canSee(user, w.siteId(), sites))
                .filter(w -> siteId == null || sites.isWithin(w.siteId(), siteId))
                .sorted(Comparator.comparing(Wall::name).thenComparing(Wall::id)).toList();
    }

    /** Every wall (unfiltered: alarm linkage, tours). */
    public List<Wall> allWalls() {
        return store.loadAll(DocumentKind.WALL).stream().map(WallBook::wallOf).toList();
    }

    /** One wall {@code user} may see; not found otherwise. */
    public Wall wall(User user, String id) {
        return wall(id).filter(w -> WallAccess.canSee(user, w.siteId(), registry.sites()))
                .orElseThrow(() -> new NotFoundException(WALL, id));
    }

    /** One wall (unfiltered). */
    public Optional<Wall> wall(String id) {
        return store.load(DocumentKind.WALL, id).map(WallBook::wallOf);
    }

    /** Creates a wall at version 1. */
    public Wall create(User user, Actor actor, WallDraft draft) {
        WallRules.Laid laid = WallRules.layOut(draft);
        requireSite(user, draft.siteId());
        requireCameras(user, laid.tiles(), null);
        Wall w = new Wall("w-" + shortId(), draft.name().strip(), draft.siteId(), laid.layout(), laid.grid(),
                laid.tiles(), draft.alarmTile(), 1, actor.username(), clock.instant());
        synchronized (lock) {
            store.commit(List.of(DocumentWrite.put(DocumentKind.WALL, w.id(), 0, json(w))),
                    List.of(audit(actor, AuditAction.CREATE, WALL, w.id(), null, json(w))));
        }
        announce(updated(w));
        return w;
    }

    /** Replaces a wall that is still at {@code version}; a stale version fails with the current wall. */
    public Wall replace(User user, Actor actor, String id, WallDraft draft, long version) {
        WallRules.Laid laid = WallRules.layOut(draft);
        Wall saved;
        synchronized (lock) {
            Wall old = wall(user, id);
            requireSite(user, draft.siteId());
            requireCameras(user, laid.tiles(), old);
            if (old.version() != version) {
                throw stale(old, version);
            }
            Wall w = new Wall(id, draft.name().strip(), draft.siteId(), laid.layout(), laid.grid(), laid.tiles(),
                    draft.alarmTile(), version + 1, actor.username(), clock.instant());
            saved = write(old, w, actor, AuditAction.UPDATE);
        }
        announce(updated(saved));
        return saved;
    }

    /**
     * Puts {@code cameraId} (null: none) on tile {@code index} in {@code profile} (null: the wall's default). With a
     * {@code version} the wall must still be at it; without, the tile change applies to the wall as it is now (last
     * writer wins on that tile).
     */
    public Wall setTile(User user, Actor actor, String id, int index, String cameraId, String profile,
            Long version) {
        List<FieldError> errors = new ArrayList<>();
        WallRules.profile(profile, "profile", errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        Wall saved;
        synchronized (lock) {
            Wall old = wall(user, id);
            if (index < 0 || index >= old.tiles().size()) {
                throw new ValidationException("index", "the wall has tiles 0 to " + (old.tiles().size() - 1));
            }
            Wall w = old.withTile(index, cameraId, profile);
            requireCameras(user, w.tiles(), old);
            if (version != null && old.version() != version) {
                throw stale(old, version);
            }
            saved = write(old, w.changed(old.version() + 1, actor.username(), clock.instant()), actor,
                    AuditAction.UPDATE);
        }
        announce(updated(saved));
        return saved;
    }

    /** Deletes a wall (at {@code version} when given). */
    public void delete(User user, Actor actor, String id, Long version) {
        Wall old;
        synchronized (lock) {
            old = wall(user, id);
            if (version != null && old.version() != version) {
                throw stale(old, version);
            }
            try {
                store.commit(List.of(DocumentWrite.delete(DocumentKind.WALL, id, old.version())),
                        List.of(audit(actor, AuditAction.DELETE, WALL, id, json(old), null)));
            } catch (VersionConflictException e) {
                throw stale(wall(user, id), old.version());
            }
        }
        announce(new WallEvent(WallEvent.WALL_DELETED, old.siteId(), null, Map.of("wallId", id)));
    }

    /**
     * Shows cameras on tiles of a wall for the system (a running tour): {@code cameras} maps tile index to camera.
     * Applies to the wall as it is now (retrying when another node wrote first); not audited per step (the run's
     * start and stop are). Empty when the wall is gone.
     */
    public Optional<Wall> showOnTiles(String id, Map<Integer, String> cameras, String profile, String by) {
        for (int attempt = 0; attempt < 5; attempt++) {
            Wall saved;
            synchronized (lock) {
                Wall old = wall(id).orElse(null);
                if (old == null) {
                    return Optional.empty();
                }
                Wall w = old;
                for (Map.Entry<Integer, String> e : cameras.entrySet()) {
                    if (e.getKey() >= 0 && e.getKey() < w.tiles().size()) {
                        w = w.withTile(e.getKey(), e.getValue(), profile);
                    }
                }
                w = w.changed(old.version() + 1, by, clock.instant());
                try {
                    store.commit(List.of(DocumentWrite.put(DocumentKind.WALL, id, old.version(), json(w))),
                            List.of());
                    saved = w;
                } catch (VersionConflictException e) {
                    continue; // another node changed the wall in between: apply to its newer version
                }
            }
            announce(updated(saved));
            return Optional.of(saved);
        }
        throw new VersionConflictException(WALL, id, -1, -1);
    }

    /**
     * Alarm linkage: puts {@code camera} on the alarm tile of every wall whose site contains it (its site or one of
     * its business groups), audited as "alarm"; announces {@code wall.updated} and {@code wall.alarm} for each.
     * Returns the walls changed.
     */
    public List<Wall> popAlarm(Camera camera, String alertId) {
        SiteTree sites = registry.sites();
        Actor alarm = new Actor("alarm", "local");
        List<Wall> changed = new ArrayList<>();
        for (Wall candidate : allWalls()) {
            Integer tile = candidate.alarmTile();
            boolean contains = sites.isWithin(camera.siteId(), candidate.siteId())
                    || camera.groupIds().stream().anyMatch(g -> sites.isWithin(g, candidate.siteId()));
            if (tile == null || !contains || tile >= candidate.tiles().size()) {
                continue;
            }
            Wall saved;
            synchronized (lock) {
                Wall old = wall(candidate.id()).orElse(null);
                if (old == null || old.alarmTile() == null || old.alarmTile() >= old.tiles().size()) {
                    continue;
                }
                int t = old.alarmTile();
                saved = write(old, old.withTile(t, camera.id(), old.tiles().get(t).profile())
                        .changed(old.version() + 1, alarm.username(), clock.instant()), alarm, AuditAction.UPDATE);
            }
            changed.add(saved);
            announce(updated(saved));
            announce(new WallEvent(WallEvent.WALL_ALARM, saved.siteId(), camera.id(), Map.of("wallId", saved.id(),
                    "tile", saved.alarmTile(), "cameraId", camera.id(), "alertId", alertId)));
        }
        return changed;
    }

    // ---- tours

    /** The tours {@code user} may see, of {@code siteId}'s subtree when given, by name. */
    public List<Tour> tours(User user, String siteId) {
        SiteTree sites = registry.sites();
        return store.loadAll(DocumentKind.TOUR).stream().map(WallBook::tourOf)
                .filter(t -> WallAccess.canSee(user, t.siteId(), sites))
                .filter(t -> siteId == null || sites.isWithin(t.siteId(), siteId))
                .sorted(Comparator.comparing(Tour::name).thenComparing(Tour::id)).toList();
    }

    /** One tour {@code user} may see; not found otherwise. */
    public Tour tour(User user, String id) {
        return tour(id).filter(t -> WallAccess.canSee(user, t.siteId(), registry.sites()))
                .orElseThrow(() -> new NotFoundException(TOUR, id));
    }

    /** One tour (unfiltered). */
    public Optional<Tour> tour(String id) {
        return store.load(DocumentKind.TOUR, id).map(WallBook::tourOf);
    }

    /** Creates a tour at version 1: at least two cameras, all visible to {@code user}, dwell of 3 s or more. */
    public Tour createTour(User user, Actor actor, TourDraft d) {
        WallRules.tour(d);
        requireSite(user, d.siteId());
        requireTourCameras(user, d.cameraIds());
        Tour t = new Tour("t-" + shortId(), d.name().strip(), d.siteId(), d.cameraIds(), d.dwellSeconds(),
                d.profile(), 1, actor.username(), clock.instant());
        synchronized (lock) {
            store.commit(List.of(DocumentWrite.put(DocumentKind.TOUR, t.id(), 0, json(t))),
                    List.of(audit(actor, AuditAction.CREATE, TOUR, t.id(), null, json(t))));
        }
        announce(tourUpdated(t));
        return t;
    }

    /** Replaces a tour still at {@code version}. */
    public Tour replaceTour(User user, Actor actor, String id, TourDraft d, long version) {
        WallRules.tour(d);
        Tour saved;
        synchronized (lock) {
            Tour old = tour(user, id);
            requireSite(user, d.siteId());
            requireTourCameras(user, d.cameraIds());
            if (old.version() != version) {
                throw new StaleVersionException(TOUR, id, version, old.version(), old);
            }
            Tour t = new Tour(id, d.name().strip(), d.siteId(), d.cameraIds(), d.dwellSeconds(), d.profile(),
                    version + 1, actor.username(), clock.instant());
            try {
                store.commit(List.of(DocumentWrite.put(DocumentKind.TOUR, id, old.version(), json(t))),
                        List.of(audit(actor, AuditAction.UPDATE, TOUR, id, json(old), json(t))));
            } catch (VersionConflictException e) {
                Tour now = tour(user, id);
                throw new StaleVersionException(TOUR, id, version, now.version(), now);
            }
            saved = t;
        }
        announce(tourUpdated(saved));
        return saved;
    }

    /** Deletes a tour (at {@code version} when given); its runs stop. */
    public void deleteTour(User user, Actor actor, String id, Long version) {
        Tour old;
        synchronized (lock) {
            old = tour(user, id);
            if (version != null && old.version() != version) {
                throw new StaleVersionException(TOUR, id, version, old.version(), old);
            }
            store.commit(List.of(DocumentWrite.delete(DocumentKind.TOUR, id, old.version())),
                    List.of(audit(actor, AuditAction.DELETE, TOUR, id, json(old), null)));
        }
        announce(new WallEvent("tour.deleted", old.siteId(), null, Map.of("tourId", id)));
    }

    /** Records who started or stopped a tour run on a wall (the steps themselves are not audited one by one). */
    public void auditRun(Actor actor, boolean started, String wallId, String runJson) {
        store.commit(List.of(), List.of(audit(actor, started ? AuditAction.CREATE : AuditAction.DELETE, "tour-run",
                wallId, started ? null : runJson, started ? runJson : null)));
    }

    /** Whether {@code user} may see every camera of {@code cameraIds}; throws 403 naming the first that is not. */
    public void requireTourCameras(User user, List<String> cameraIds) {
        for (int i = 0; i < cameraIds.size(); i++) {
            if (!visible(user, cameraIds.get(i))) {
                throw new PermissionDeniedException("cameraIds[" + i + "]: no camera " + cameraIds.get(i)
                        + " you may see");
            }
        }
    }

    // ---- internals

    private Wall write(Wall old, Wall w, Actor actor, AuditAction action) {
        try {
            store.commit(List.of(DocumentWrite.put(DocumentKind.WALL, w.id(), old.version(), json(w))),
                    List.of(audit(actor, action, WALL, w.id(), json(old), json(w))));
            return w;
        } catch (VersionConflictException e) {
            // another node wrote first
            throw stale(wall(w.id()).orElseThrow(() -> new NotFoundException(WALL, w.id())), old.version());
        }
    }

    private void requireSite(User user, String siteId) {
        if (registry.site(siteId).isEmpty()) {
            throw new ValidationException("siteId", "no such site");
        }
        if (!WallAccess.canSee(user, siteId, registry.sites())) {
            throw new PermissionDeniedException("you may not keep walls or tours at site " + siteId);
        }
    }

    /** Every camera on {@code tiles} must be visible to {@code user}, except ones already there before. */
    private void requireCameras(User user, List<Tile> tiles, Wall before) {
        for (Tile t : tiles) {
            if (t.cameraId() == null) {
                continue;
            }
            // a camera an alarm or a colleague put on a tile does not block an unrelated change of this user
            boolean unchanged = before != null && t.index() < before.tiles().size()
                    && t.cameraId().equals(before.tiles().get(t.index()).cameraId());
            if (!unchanged && !visible(user, t.cameraId())) {
                throw new PermissionDeniedException("tile " + t.index() + ": no camera " + t.cameraId()
                        + " you may see");
            }
        }
    }

    private boolean visible(User user, String cameraId) {
        Camera c = registry.camera(cameraId).orElse(null);
        return c != null && registry.canView(user, c);
    }

    private StaleVersionException stale(Wall current, long expected) {
        return new StaleVersionException(WALL, current.id(), expected, current.version(), current.effective());
    }

    private void announce(WallEvent e) {
        for (Consumer<WallEvent> l : listeners) {
            l.accept(e);
        }
    }

    private static WallEvent updated(Wall w) {
        return new WallEvent(WallEvent.WALL_UPDATED, w.siteId(), null, Map.of("wall", w.effective()));
    }

    private static WallEvent tourUpdated(Tour t) {
        return new WallEvent("tour.updated", t.siteId(), null, Map.of("tour", t));
    }

    private AuditEntry audit(Actor actor, AuditAction action, String kind, String id, String before, String after) {
        return new AuditEntry(UUID.randomUUID().toString(), clock.instant(), actor.username(), actor.remoteAddress(),
                action, kind, id, before, after);
    }

    private static Wall wallOf(StoredDocument d) {
        Wall w = RegistryJson.read(d.json(), Wall.class);
        return w.changed(d.version(), w.updatedBy(), w.updatedAt());
    }

    private static Tour tourOf(StoredDocument d) {
        Tour t = RegistryJson.read(d.json(), Tour.class);
        return t.changed(d.version(), t.updatedBy(), t.updatedAt());
    }

    private static String json(Object o) {
        return RegistryJson.write(o);
    }

    private static String shortId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }
}
