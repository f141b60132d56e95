package org.sharpeye.registry.wall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sharpeye.registry.Actor;
import org.sharpeye.registry.Camera;
import org.sharpeye.registry.CameraQuery;
import org.sharpeye.registry.PasswordHasher;
import org.sharpeye.registry.Registry;
import org.sharpeye.registry.Role;
import org.sharpeye.registry.SecretBox;
import org.sharpeye.registry.User;
import org.sharpeye.registry.ValidationException;
import org.sharpeye.registry.ViewingPolicy;
import org.sharpeye.registry.demo.DemoCounty;
import org.sharpeye.registry.store.InMemoryStore;

/**
 * WallBook over a real (in-memory) store shared by two registries, as two nodes share Redis: layouts, versions across
 * nodes, events, alarm linkage.
 */
class WallBookTest {
    private static final String TOWNSHIP_A = "341522101";
    private static final User ADMIN = new User("admin", Role.ADMIN, null, true, 1);
    private static final User WANG = new User("wang", Role.TOWNSHIP_OFFICER, TOWNSHIP_A, true, 1);
    private static final Actor BY = new Actor("admin", "127.0.0.1");
    private static Registry nodeA;
    private static Registry nodeB;
    private static WallBook bookA;
    private static WallBook bookB;
    private static final List<WallEvent> eventsA = new CopyOnWriteArrayList<>();
    private static List<Camera> camsA;
    private static Camera outside;

    @BeforeAll
    static void open() {
        InMemoryStore shared = new InMemoryStore();
        nodeA = Registry.open(shared, SecretBox.random(), ViewingPolicy.defaults(), new PasswordHasher(4),
                Clock.systemUTC());
        DemoCounty.populate(nodeA, 8554);
        nodeB = Registry.open(shared, SecretBox.random(), ViewingPolicy.defaults(), new PasswordHasher(4),
                Clock.systemUTC());
        bookA = new WallBook(nodeA, Clock.systemUTC());
        bookB = new WallBook(nodeB, Clock.systemUTC());
        bookA.onEvent(eventsA::add);
        camsA = new ArrayList<>();
        for (Camera c : nodeA.cameras(null, CameraQuery.all(Integer.MAX_VALUE)).items()) {
            if (nodeA.sites().isWithin(c.siteId(), TOWNSHIP_A)) {
                camsA.add(c);
            } else if (outside == null && !nodeA.sites().isWithin(c.siteId(), TOWNSHIP_A)) {
                outside = c;
            }
        }
    }

    @AfterAll
    static void close() {
        nodeA.close(); // closes the shared store
    }

    private static WallDraft draft(String layout, WallDraft.TileDraft... tiles) {
        return new WallDraft("屏 " + layout, TOWNSHIP_A, layout, null, List.of(tiles), null);
    }

    @Test
    void namedLayoutsFixTheTileCountAndCustomGridsPlaceSpansInReadingOrder() {
        assertEquals(1, bookA.create(ADMIN, BY, draft("1")).tiles().size());
        assertEquals(4, bookA.create(ADMIN, BY, draft("4")).tiles().size());
        Wall six = bookA.create(ADMIN, BY, draft("6"));
        assertEquals(6, six.tiles().size());
        assertEquals(new Span(2, 2), six.tiles().get(0).span());
        assertNull(six.tiles().get(5).span());
        assertEquals(8, bookA.create(ADMIN, BY, draft("8")).tiles().size());
        assertEquals(9, bookA.create(ADMIN, BY, draft("9")).tiles().size());
        assertEquals(16, bookA.create(ADMIN, BY, draft("16")).tiles().size());
        // 3x4 with a 2x2 tile 1: row 0 holds tiles 0, 1 (2 wide), 2; row 1 tiles 3 and 4; row 2 four more
        Wall custom = bookA.create(ADMIN, BY, new WallDraft("自定义", TOWNSHIP_A, "custom", new Grid(3, 4),
                List.of(new WallDraft.TileDraft(1, null, null, new Span(2, 2))), null));
        assertEquals(12 - 3, custom.tiles().size());
        ValidationException bad = assertThrows(ValidationException.class, () -> bookA.create(ADMIN, BY,
                new WallDraft("x", TOWNSHIP_A, "custom", new Grid(2, 2),
                        List.of(new WallDraft.TileDraft(0, null, null, new Span(3, 1))), null)));
        assertTrue(bad.getMessage().contains("does not fit"), bad.getMessage());
    }

    @Test
    void aChangeOnOneNodeIsSeenOnTheOtherAndAStaleVersionThereIsRefusedWithTheCurrentWall() {
        Wall w = bookA.create(WANG, BY, draft("4", new WallDraft.TileDraft(0, camsA.get(0).id(), null, null)));
        Wall onB = bookB.wall(WANG, w.id());
        assertEquals(w.tiles(), onB.tiles());
        Wall changed = bookB.setTile(WANG, BY, w.id(), 1, camsA.get(1).id(), "sub", 1L);
        assertEquals(2, changed.version());
        StaleVersionException stale = assertThrows(StaleVersionException.class,
                () -> bookA.replace(WANG, BY, w.id(), draft("9"), 1));
        Wall current = (Wall) stale.current();
        assertEquals(2, current.version());
        assertEquals(camsA.get(1).id(), current.tiles().get(1).cameraId());
        assertEquals(3, bookA.replace(WANG, BY, w.id(), draft("9"), 2).version());
    }

    @Test
    void everyChangeIsAnnouncedWithTheWallsSite() {
        Wall w = bookA.create(WANG, BY, draft("4"));
        bookA.setTile(WANG, BY, w.id(), 2, camsA.get(2).id(), null, null);
        bookA.delete(WANG, BY, w.id(), null);
        List<WallEvent> mine = eventsA.stream().filter(e -> w.id().equals(e.fields().get("wallId"))
                || (e.fields().get("wall") instanceof Wall x && x.id().equals(w.id()))).toList();
        assertEquals(List.of(WallEvent.WALL_UPDATED, WallEvent.WALL_UPDATED, WallEvent.WALL_DELETED),
                mine.stream().map(WallEvent::type).toList());
        assertTrue(mine.stream().allMatch(e -> TOWNSHIP_A.equals(e.siteId())));
        Wall announced = (Wall) mine.get(1).fields().get("wall");
        assertEquals("main", announced.tiles().get(2).profile(), "events carry the effective profile");
    }

    @Test
    void anAlarmPopsOnlyOntoWallsWhoseSiteContainsTheCamera() {
        Wall a = bookA.create(WANG, BY, new WallDraft("联动", TOWNSHIP_A, "4", null, List.of(), 2));
        Wall other = bookA.create(ADMIN, BY, new WallDraft("别处", "341522102", "4", null, List.of(), 2));
        bookA.popAlarm(camsA.get(3), "alert-1");
        assertEquals(camsA.get(3).id(), bookA.wall(a.id()).orElseThrow().tiles().get(2).cameraId());
        assertNull(bookA.wall(other.id()).orElseThrow().tiles().get(2).cameraId());
        assertTrue(eventsA.stream().anyMatch(e -> WallEvent.WALL_ALARM.equals(e.type())
                && a.id().equals(e.fields().get("wallId")) && "alert-1".equals(e.fields().get("alertId"))));
    }

    @Test
    void aTourNeedsTwoVisibleCamerasAndAtLeastThreeSeconds() {
        ValidationException shortDwell = assertThrows(ValidationException.class, () -> bookA.tours().create(WANG, BY,
                new TourDraft("t", TOWNSHIP_A, List.of(camsA.get(0).id(), camsA.get(1).id()), 2, null)));
        assertEquals("dwellSeconds", shortDwell.errors().get(0).field());
        assertThrows(org.sharpeye.registry.PermissionDeniedException.class, () -> bookA.tours().create(WANG, BY,
                new TourDraft("t", TOWNSHIP_A, List.of(camsA.get(0).id(), outside.id()), 5, null)));
        Tour t = bookA.tours().create(WANG, BY, new TourDraft("t", TOWNSHIP_A,
                List.of(camsA.get(0).id(), camsA.get(1).id(), camsA.get(2).id()), 3, null));
        assertEquals(camsA.get(1).id(), t.cameraAt(4, 0), "step 4 of 3 cameras is camera 1");
        assertEquals(camsA.get(0).id(), t.cameraAt(1, 2));
        assertEquals(t, bookB.tours().tour(WANG, t.id()));
    }
}
