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
 * The saved walls, kept in the registry's store (kind WALL; the tours, kind TOUR, in {@link TourBook}) so every
 * node sharing the store sees the same ones and they survive restarts. Reads go to the store (a handful of records
 * per site; another node may have changed them); each change is checked against the stored version, written with its audit entry in one
 * commit, then announced as a {@link WallEvent}. Permissions: {@link WallAccess} for the wall's site and
 * Registry.canView for every camera put on a tile. Blocking: call it from worker threads.
 */
public final class WallBook {
    private static final String WALL = "wall";
    final Registry registry;
    final RegistryStore store;
    private final Clock clock;
    private final TourBook tours;
    private final List<Consumer<WallEvent>> listeners = new CopyOnWriteArrayList<>();
    /** Serialises this node's read-modify-write cycles; the store's version check covers other nodes. */
    final Object lock = new Object();

    public WallBook(Registry registry, Clock clock) {
        this.registry = registry;
        this.store = registry.store();
        this.clock = clock;
        this.tours = new TourBook(this, clock);
    }

    /** The saved tours (kept and announced like the walls). */
    public TourBook tours() {
        return tours;
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
            Wall w = new Wall(id, draft.name().strip(), draft.siteId(), laid.layout(), laid.grid(),
                    keepDefaults(old, laid.tiles()), draft.alarmTile(), version + 1, actor.username(),
                    clock.instant());
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

    // ---- tour runs

    /** Records who started or stopped a tour run on a wall (the steps themselves are not audited one by one). */
    public void auditRun(Actor actor, boolean started, String wallId, String runJson) {
        store.commit(List.of(), List.of(audit(actor, started ? AuditAction.CREATE : AuditAction.DELETE, "tour-run",
                wallId, started ? null : runJson, started ? runJson : null)));
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

    /**
     * Answers carry effective profiles, so a client sending a wall back as read names the default profile of every
     * tile that had none; those stay "the default" (a 4-tile wall turned into 9 tiles then shows sub streams).
     */
    private static List<Tile> keepDefaults(Wall old, List<Tile> tiles) {
        List<Tile> out = new ArrayList<>(tiles.size());
        for (Tile t : tiles) {
            Tile before = t.index() < old.tiles().size() ? old.tiles().get(t.index()) : null;
            boolean wasDefault = before != null && before.profile() == null && t.profile() != null
                    && t.profile().equals(old.defaultProfile());
            out.add(wasDefault ? t.showing(t.cameraId(), null) : t);
        }
        return out;
    }

    void requireSite(User user, String siteId) {
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

    boolean visible(User user, String cameraId) {
        Camera c = registry.camera(cameraId).orElse(null);
        return c != null && registry.canView(user, c);
    }

    private StaleVersionException stale(Wall current, long expected) {
        return new StaleVersionException(WALL, current.id(), expected, current.version(), current.effective());
    }

    void announce(WallEvent e) {
        for (Consumer<WallEvent> l : listeners) {
            l.accept(e);
        }
    }

    private static WallEvent updated(Wall w) {
        return new WallEvent(WallEvent.WALL_UPDATED, w.siteId(), null, Map.of("wall", w.effective()));
    }


    AuditEntry audit(Actor actor, AuditAction action, String kind, String id, String before, String after) {
        return new AuditEntry(UUID.randomUUID().toString(), clock.instant(), actor.username(), actor.remoteAddress(),
                action, kind, id, before, after);
    }

    private static Wall wallOf(StoredDocument d) {
        Wall w = RegistryJson.read(d.json(), Wall.class);
        return w.changed(d.version(), w.updatedBy(), w.updatedAt());
    }

    static Tour tourOf(StoredDocument d) {
        Tour t = RegistryJson.read(d.json(), Tour.class);
        return t.changed(d.version(), t.updatedBy(), t.updatedAt());
    }

    static String json(Object o) {
        return RegistryJson.write(o);
    }

    static String shortId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }
}
