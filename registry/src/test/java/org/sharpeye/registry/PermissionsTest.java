package org.sharpeye.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sharpeye.registry.demo.DemoCounty;

/** The viewing rules of DOMAIN.md over the demo county. */
class PermissionsTest {
    private static Registry registry;

    @BeforeAll
    static void county() {
        registry = TestRegistries.inMemory();
        DemoCounty.populate(registry, 554);
    }

    @AfterAll
    static void close() {
        registry.close();
    }

    private static List<Camera> visibleTo(User u) {
        return registry.cameras(u, CameraQuery.all(10_000)).items();
    }

    @Test
    void aTownshipOfficerNeverSeesAnotherTownshipsCameras() {
        User officer = new User("wang", Role.TOWNSHIP_OFFICER, "341522101", true, 1);
        List<Camera> seen = visibleTo(officer);
        assertFalse(seen.isEmpty());
        for (Camera c : seen) {
            assertTrue(registry.sites().isWithin(c.siteId(), "341522101"), c.id() + " at " + c.siteId());
        }
        // Its own 25 class-I points and the class-III points of its 14 villages (8 each, DemoCounty's plan).
        assertEquals(25 + 14 * 8, seen.size());
        Camera other = registry.cameras(null, CameraQuery.underSite("341522102", 1)).items().get(0);
        assertFalse(registry.canView(officer, other));
    }

    @Test
    void aVillageRoomSeesItsOwnClassIiiAndNeverClassI() {
        User viewer = new User("li", Role.VILLAGE_VIEWER, "341522101201", true, 1);
        List<Camera> seen = visibleTo(viewer);
        assertEquals(8, seen.size());
        assertTrue(seen.stream().allMatch(c -> c.tier() == CameraTier.CLASS_III
                && c.siteId().equals("341522101201")));
        // Even a class-I point placed in the village itself stays hidden from the village room.
        Camera classI = registry.createCamera(new Camera(null, "村口卡口", "341522101201", CameraTier.CLASS_I, null,
                Vendor.HIKVISION, null, "10.1.1.1", null, null, null, null, null, null, 30, null, null, true,
                StreamMode.ON_DEMAND, 24, 0), null, Actor.system());
        assertFalse(registry.canView(viewer, classI));
        assertTrue(registry.canView(new User("wang", Role.TOWNSHIP_OFFICER, "341522101", true, 1), classI));
        registry.deleteCamera(classI.id(), classI.version(), Actor.system());
    }

    @Test
    void theCountySeesEverythingAndDisabledUsersNothing() {
        assertEquals(880, visibleTo(new User("zhao", Role.COUNTY_OPERATOR, "341522", true, 1)).size());
        assertEquals(880, visibleTo(new User("admin", Role.ADMIN, null, true, 1)).size());
        assertEquals(0, visibleTo(new User("gone", Role.COUNTY_OPERATOR, "341522", false, 1)).size());
    }

    @Test
    void thePolicyIsConfiguration() {
        Permissions strict = new Permissions(ViewingPolicy.of(Map.of(
                SiteKind.COUNTY, EnumSet.allOf(CameraTier.class),
                SiteKind.TOWNSHIP, EnumSet.of(CameraTier.CLASS_III))));
        Camera classI = registry.cameras(null, CameraQuery.underSite("341522101", 1)).items().get(0);
        assertEquals(CameraTier.CLASS_I, classI.tier());
        assertFalse(strict.canView(new User("wang", Role.TOWNSHIP_OFFICER, "341522101", true, 1), classI,
                registry.sites()));
        assertTrue(strict.canView(new User("zhao", Role.COUNTY_OPERATOR, "341522", true, 1), classI,
                registry.sites()));
    }

    @Test
    void onlyEditorsInsideTheirSubtreeMayEdit() {
        Permissions p = registry.permissions();
        SiteTree t = registry.sites();
        assertTrue(p.canEdit(new User("m", Role.MAINTENANCE, "341522101", true, 1), "341522101201", t));
        assertFalse(p.canEdit(new User("m", Role.MAINTENANCE, "341522101", true, 1), "341522102", t));
        assertFalse(p.canEdit(new User("o", Role.TOWNSHIP_OFFICER, "341522101", true, 1), "341522101", t));
        assertTrue(p.canEdit(new User("admin", Role.ADMIN, null, true, 1), "341522102", t));
    }
}
