package org.sharpeye.gateway.wall;

import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.sharpeye.gateway.api.ApiException;
import org.sharpeye.registry.Actor;
import org.sharpeye.registry.RegistryJson;
import org.sharpeye.registry.User;
import org.sharpeye.registry.ValidationException;
import org.sharpeye.registry.wall.Tour;
import org.sharpeye.registry.wall.Wall;
import org.sharpeye.registry.wall.WallBook;
import org.sharpeye.registry.wall.WallEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the tours of this node on one Vert.x timer: each tick checks every run's due time against the clock and hands
 * the due work (store reads and writes) to a worker, so no event loop blocks and no run has a thread of its own.
 * {@code prepare} before a step it publishes {@code tour.next} for each tile and warms the next camera's ingest; at
 * the step it sets the tiles (a new wall version and {@code wall.updated}) and publishes {@code tour.step}. A run
 * stops when it is stopped, or when its wall or tour is deleted (here or on another node: each step re-reads both).
 * Runs live in this node's memory; they do not survive a restart (see docs/walls.md).
 */
public final class TourRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TourRunner.class);
    /** How long before a step the next camera is announced and warmed, by default. */
    public static final Duration DEFAULT_PREPARE = Duration.ofSeconds(2);
    /** The timer's period; a step is late by at most this much. */
    static final long TICK_MS = 200;

    private final Vertx vertx;
    private final WallBook book;
    private final Consumer<WallEvent> events;
    private final Warmer warmer;
    private final Clock clock;
    private final Duration prepare;
    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private long timer = -1;

    TourRunner(Vertx vertx, WallBook book, Consumer<WallEvent> events, Warmer warmer, Clock clock,
            Duration prepare) {
        this.vertx = vertx;
        this.book = book;
        this.events = events;
        this.warmer = warmer;
        this.clock = clock;
        this.prepare = prepare;
    }

    /** Starts the timer. */
    void start() {
        timer = vertx.setPeriodic(TICK_MS, id -> tick());
    }

    /**
     * Starts {@code tourId} on {@code wallId}'s tile {@code tile} (null: the whole wall) for {@code user}, who must
     * see the wall, the tour and all its cameras; at most one run per tile. Shows step 0 at once. Blocking.
     */
    TourRun start(User user, Actor actor, String wallId, String tourId, Integer tile) {
        Wall wall = book.wall(user, wallId);
        if (tourId == null || tourId.isBlank()) {
            throw new ValidationException("tourId", "is required");
        }
        if (tile != null && (tile < 0 || tile >= wall.tiles().size())) {
            throw new ValidationException("tile", "the wall has tiles 0 to " + (wall.tiles().size() - 1)
                    + " (null: the whole wall)");
        }
        Tour tour = book.tours().tour(user, tourId);
        book.tours().requireCameras(user, tour.cameraIds());
        Run run;
        synchronized (runs) {
            for (Run r : runs.values()) {
                if (r.wallId.equals(wallId) && (r.tile == null || tile == null || r.tile.equals(tile))) {
                    throw new ApiException(409, (r.tile == null ? "the whole wall" : "tile " + r.tile)
                            + " already runs tour " + r.tourId + " (run " + r.id + "); stop it first");
                }
            }
            run = new Run("r-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12), wallId,
                    wall.siteId(), tourId, tile, clock.instant());
            runs.put(run.id, run);
        }
        try {
            Wall shown = show(run, tour, 0).orElseThrow(() -> new ApiException(404, "wall not found: " + wallId));
            publishSteps(run, tour, shown, 0);
            run.nextAt = clock.instant().plusSeconds(tour.dwellSeconds());
        } catch (RuntimeException e) {
            runs.remove(run.id);
            throw e;
        }
        book.auditRun(actor, true, wallId, RegistryJson.write(run.view()));
        return run.view();
    }

    /** The runs on {@code wallId}, oldest first. */
    List<TourRun> runs(String wallId) {
        return runs.values().stream().filter(r -> r.wallId.equals(wallId)).map(Run::view)
                .sorted(Comparator.comparing(TourRun::startedAt)).toList();
    }

    /** Stops a run of {@code wallId}; false when there is none. Blocking (audit). */
    boolean stop(String wallId, String runId, Actor actor) {
        Run r = runs.get(runId);
        if (r == null || !r.wallId.equals(wallId)) {
            return false;
        }
        end(r, "stopped by " + actor.username());
        book.auditRun(actor, false, wallId, RegistryJson.write(r.view()));
        return true;
    }

    /**
     * A wall or tour changed or went away: runs of a deleted one stop. An alarm takes its tile from tours: a run on
     * that tile stops, a whole-wall run leaves the tile alone from then on (the alarm camera stays until someone
     * changes the tile).
     */
    void changed(WallEvent e) {
        if (WallEvent.WALL_ALARM.equals(e.type())) {
            Object tile = e.fields().get("tile");
            for (Run r : runs.values()) {
                if (!r.wallId.equals(e.fields().get("wallId"))) {
                    continue;
                }
                if (r.tile == null) {
                    r.held.add((Integer) tile);
                } else if (r.tile.equals(tile)) {
                    end(r, "an alarm took tile " + tile);
                }
            }
        } else if (WallEvent.WALL_DELETED.equals(e.type())) {
            runs.values().stream().filter(r -> r.wallId.equals(e.fields().get("wallId")))
                    .forEach(r -> end(r, "its wall was deleted"));
        } else if ("tour.deleted".equals(e.type())) {
            runs.values().stream().filter(r -> r.tourId.equals(e.fields().get("tourId")))
                    .forEach(r -> end(r, "its tour was deleted"));
        }
    }

    /** One tick of the timer, on the event loop: hands due work to a worker. */
    private void tick() {
        Instant now = clock.instant();
        for (Run r : runs.values()) {
            if (r.busy || r.nextAt == null) {
                continue;
            }
            if (!r.announced && !now.isBefore(r.nextAt.minus(prepare))) {
                r.busy = true;
                r.announced = true;
                work(r, () -> announceNext(r));
            } else if (r.announced && !now.isBefore(r.nextAt)) {
                r.busy = true;
                work(r, () -> advance(r));
            }
        }
    }

    private void work(Run r, Runnable task) {
        vertx.executeBlocking(() -> {
            task.run();
            return null;
        }, false).onComplete(ar -> {
            r.busy = false;
            if (ar.failed()) {
                log.warn("tour run {} on wall {}: {}", r.id, r.wallId, ar.cause().toString());
            }
        });
    }

    /** Publishes {@code tour.next} for every tile of the run and warms the cameras coming next. */
    private void announceNext(Run r) {
        if (!runs.containsKey(r.id)) {
            return; // stopped while this work waited for a worker
        }
        Tour tour = book.tours().tour(r.tourId).orElse(null);
        Wall wall = book.wall(r.wallId).orElse(null);
        if (tour == null || wall == null) {
            end(r, tour == null ? "its tour was deleted" : "its wall was deleted");
            return;
        }
        long inMs = Math.max(0, Duration.between(clock.instant(), r.nextAt).toMillis());
        for (Map.Entry<Integer, Integer> t : targets(r, wall).entrySet()) {
            String camera = tour.cameraAt(r.step + 1, t.getValue());
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("wallId", r.wallId);
            f.put("runId", r.id);
            f.put("tile", t.getKey());
            f.put("cameraId", camera);
            f.put("inSeconds", Math.round(inMs / 100.0) / 10.0);
            String profile = tour.profile() != null ? tour.profile()
                    : wall.tiles().get(t.getKey()).profile() != null ? wall.tiles().get(t.getKey()).profile()
                    : wall.defaultProfile();
            Warmer.Warm w = warmer.warm(camera, profile);
            synchronized (r) {
                r.warm.add(w);
            }
            events.accept(new WallEvent(WallEvent.TOUR_NEXT, wall.siteId(), camera, f));
        }
    }

    /** Switches the run's tiles to the next step. */
    private void advance(Run r) {
        if (!runs.containsKey(r.id)) {
            return;
        }
        Tour tour = book.tours().tour(r.tourId).orElse(null);
        if (tour == null) {
            end(r, "its tour was deleted");
            return;
        }
        long step = r.step + 1;
        Wall shown = show(r, tour, step).orElse(null);
        if (shown == null) {
            end(r, "its wall was deleted");
            return;
        }
        r.step = step;
        publishSteps(r, tour, shown, step);
        Instant now = clock.instant();
        Instant next = r.nextAt.plusSeconds(tour.dwellSeconds());
        r.nextAt = next.isAfter(now) ? next : now.plusSeconds(tour.dwellSeconds()); // after a pause, do not race
        r.announced = false;
        List<Warmer.Warm> warmed;
        synchronized (r) {
            warmed = new ArrayList<>(r.warm);
            r.warm.clear();
        }
        // the consoles opened their own readers at tour.next; let the warm readers go a little after the switch
        vertx.setTimer(prepare.toMillis() + 1000, id -> warmed.forEach(Warmer.Warm::close));
    }

    private java.util.Optional<Wall> show(Run r, Tour tour, long step) {
        Wall wall = book.wall(r.wallId).orElse(null);
        if (wall == null) {
            return java.util.Optional.empty();
        }
        Map<Integer, String> cameras = new LinkedHashMap<>();
        targets(r, wall).forEach((tile, offset) -> cameras.put(tile, tour.cameraAt(step, offset)));
        return book.showOnTiles(r.wallId, cameras, tour.profile(), "tour " + tour.name());
    }

    private void publishSteps(Run r, Tour tour, Wall wall, long step) {
        for (Map.Entry<Integer, Integer> t : targets(r, wall).entrySet()) {
            String camera = tour.cameraAt(step, t.getValue());
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("wallId", r.wallId);
            f.put("runId", r.id);
            f.put("tile", t.getKey());
            f.put("cameraId", camera);
            f.put("step", step);
            events.accept(new WallEvent(WallEvent.TOUR_STEP, wall.siteId(), camera, f));
        }
    }

    /** Tile index -> offset into the tour's cameras: the run's tile, or every tile of the wall. */
    private static Map<Integer, Integer> targets(Run r, Wall wall) {
        Map<Integer, Integer> out = new LinkedHashMap<>();
        if (r.tile != null) {
            if (r.tile < wall.tiles().size()) {
                out.put(r.tile, 0);
            }
        } else {
            for (int i = 0; i < wall.tiles().size(); i++) {
                if (!r.held.contains(i)) {
                    out.put(i, i);
                }
            }
        }
        return out;
    }

    private void end(Run r, String why) {
        if (runs.remove(r.id) == null) {
            return;
        }
        List<Warmer.Warm> warmed;
        synchronized (r) {
            warmed = new ArrayList<>(r.warm);
            r.warm.clear();
        }
        warmed.forEach(Warmer.Warm::close);
        log.info("tour run {} of tour {} on wall {} ended: {}", r.id, r.tourId, r.wallId, why);
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("wallId", r.wallId);
        f.put("runId", r.id);
        f.put("tourId", r.tourId);
        f.put("tile", r.tile);
        f.put("reason", why);
        events.accept(new WallEvent("tour.stopped", r.siteId, null, f));
    }

    @Override
    public void close() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        for (Run r : List.copyOf(runs.values())) {
            runs.remove(r.id);
            synchronized (r) {
                r.warm.forEach(Warmer.Warm::close);
                r.warm.clear();
            }
        }
    }

    /** One running tour; its timing fields are read by the timer and written by one worker at a time. */
    private static final class Run {
        final String id;
        final String wallId;
        final String siteId;
        final String tourId;
        final Integer tile;
        final Instant startedAt;
        volatile long step;
        volatile Instant nextAt;
        volatile boolean announced;
        volatile boolean busy;
        /** Tiles of a whole-wall run an alarm took. */
        final java.util.Set<Integer> held = ConcurrentHashMap.newKeySet();
        final List<Warmer.Warm> warm = new ArrayList<>();

        Run(String id, String wallId, String siteId, String tourId, Integer tile, Instant startedAt) {
            this.id = id;
            this.wallId = wallId;
            this.siteId = siteId;
            this.tourId = tourId;
            this.tile = tile;
            this.startedAt = startedAt;
        }

        TourRun view() {
            return new TourRun(id, wallId, tourId, tile, step, startedAt);
        }
    }
}
