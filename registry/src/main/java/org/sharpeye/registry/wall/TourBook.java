package org.sharpeye.registry.wall;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sharpeye.registry.Actor;
import org.sharpeye.registry.NotFoundException;
import org.sharpeye.registry.PermissionDeniedException;
import org.sharpeye.registry.SiteTree;
import org.sharpeye.registry.User;
import org.sharpeye.registry.VersionConflictException;
import org.sharpeye.registry.store.AuditAction;
import org.sharpeye.registry.store.DocumentKind;
import org.sharpeye.registry.store.DocumentWrite;

/**
 * The saved tours, kept in the registry's store (kind TOUR) beside the walls of their {@link WallBook}, with the
 * same rules: the tour's site within the user's scope ({@link WallAccess}), every camera visible to the user,
 * optimistic versions, an audit entry per change and an announced {@link WallEvent} ({@code tour.updated},
 * {@code tour.deleted}). Blocking: call it from worker threads.
 */
public final class TourBook {
    private static final String TOUR = "tour";
    private final WallBook walls;
    private final Clock clock;

    TourBook(WallBook walls, Clock clock) {
        this.walls = walls;
        this.clock = clock;
    }

    /** The tours {@code user} may see, of {@code siteId}'s subtree when given, by name. */
    public List<Tour> list(User user, String siteId) {
        SiteTree sites = walls.registry.sites();
        return walls.store.loadAll(DocumentKind.TOUR).stream().map(WallBook::tourOf)
                .filter(t -> WallAccess.canSee(user, t.siteId(), sites))
                .filter(t -> siteId == null || sites.isWithin(t.siteId(), siteId))
                .sorted(Comparator.comparing(Tour::name).thenComparing(Tour::id)).toList();
    }

    /** One tour {@code user} may see; not found otherwise. */
    public Tour tour(User user, String id) {
        return tour(id).filter(t -> WallAccess.canSee(user, t.siteId(), walls.registry.sites()))
                .orElseThrow(() -> new NotFoundException(TOUR, id));
    }

    /** One tour (unfiltered). */
    public Optional<Tour> tour(String id) {
        return walls.store.load(DocumentKind.TOUR, id).map(WallBook::tourOf);
    }

    /** Creates a tour at version 1: at least two cameras, all visible to {@code user}, dwell of 3 s or more. */
    public Tour create(User user, Actor actor, TourDraft d) {
        WallRules.tour(d);
        walls.requireSite(user, d.siteId());
        requireCameras(user, d.cameraIds());
        Tour t = new Tour("t-" + WallBook.shortId(), d.name().strip(), d.siteId(), d.cameraIds(), d.dwellSeconds(),
                d.profile(), 1, actor.username(), clock.instant());
        synchronized (walls.lock) {
            walls.store.commit(List.of(DocumentWrite.put(DocumentKind.TOUR, t.id(), 0, json(t))),
                    List.of(walls.audit(actor, AuditAction.CREATE, TOUR, t.id(), null, json(t))));
        }
        walls.announce(tourUpdated(t));
        return t;
    }

    /** Replaces a tour still at {@code version}. */
    public Tour replace(User user, Actor actor, String id, TourDraft d, long version) {
        WallRules.tour(d);
        Tour saved;
        synchronized (walls.lock) {
            Tour old = tour(user, id);
            walls.requireSite(user, d.siteId());
            requireCameras(user, d.cameraIds());
            if (old.version() != version) {
                throw new StaleVersionException(TOUR, id, version, old.version(), old);
            }
            Tour t = new Tour(id, d.name().strip(), d.siteId(), d.cameraIds(), d.dwellSeconds(), d.profile(),
                    version + 1, actor.username(), clock.instant());
            try {
                walls.store.commit(List.of(DocumentWrite.put(DocumentKind.TOUR, id, old.version(), json(t))),
                        List.of(walls.audit(actor, AuditAction.UPDATE, TOUR, id, json(old), json(t))));
            } catch (VersionConflictException e) {
                Tour now = tour(user, id);
                throw new StaleVersionException(TOUR, id, version, now.version(), now);
            }
            saved = t;
        }
        walls.announce(tourUpdated(saved));
        return saved;
    }

    /** Deletes a tour (at {@code version} when given); its runs stop. */
    public void delete(User user, Actor actor, String id, Long version) {
        Tour old;
        synchronized (walls.lock) {
            old = tour(user, id);
            if (version != null && old.version() != version) {
                throw new StaleVersionException(TOUR, id, version, old.version(), old);
            }
            walls.store.commit(List.of(DocumentWrite.delete(DocumentKind.TOUR, id, old.version())),
                    List.of(walls.audit(actor, AuditAction.DELETE, TOUR, id, json(old), null)));
        }
        walls.announce(new WallEvent("tour.deleted", old.siteId(), null, Map.of("tourId", id)));
    }

    /** Whether {@code user} may see every camera of {@code cameraIds}; throws 403 naming the first that is not. */
    public void requireCameras(User user, List<String> cameraIds) {
        for (int i = 0; i < cameraIds.size(); i++) {
            if (!walls.visible(user, cameraIds.get(i))) {
                throw new PermissionDeniedException("cameraIds[" + i + "]: no camera " + cameraIds.get(i)
                        + " you may see");
            }
        }
    }

    private static String json(Object o) {
        return WallBook.json(o);
    }

    private static WallEvent tourUpdated(Tour t) {
        return new WallEvent("tour.updated", t.siteId(), null, Map.of("tour", t));
    }
}
