package org.sharpeye.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sharpeye.registry.store.AuditAction;
import org.sharpeye.registry.store.AuditEntry;
import org.sharpeye.registry.store.AuditQuery;

class RegistryTest {
    private Registry registry;
    private final Actor alice = new Actor("alice", "10.1.2.3");

    @BeforeEach
    void county() {
        registry = TestRegistries.inMemory();
        registry.createSite(new Site("341522", "霍邱县", SiteKind.COUNTY, null, "34152200", 0), alice);
        registry.createSite(new Site("341522101", "城关镇", SiteKind.TOWNSHIP, "341522", "34152201", 0), alice);
        registry.createSite(new Site("341522102", "新店镇", SiteKind.TOWNSHIP, "341522", "34152202", 0), alice);
        registry.createSite(new Site("341522101201", "张庄村", SiteKind.VILLAGE, "341522101", "34152201", 0), alice);
    }

    @Test
    void movingAVillageMovesItsCamerasIntoTheNewTownshipSubtree() {
        Camera c = registry.createCamera(TestRegistries.camera("341522101201", 1, CameraTier.CLASS_III), null, alice);
        assertEquals(1, registry.cameras(null, CameraQuery.underSite("341522101", 10)).total());
        Site village = registry.site("341522101201").orElseThrow();
        Site moved = registry.updateSite(village.withParent("341522102"), village.version(), alice);
        assertEquals(2, moved.version());
        assertEquals(0, registry.cameras(null, CameraQuery.underSite("341522101", 10)).total());
        assertEquals(List.of(c), registry.cameras(null, CameraQuery.underSite("341522102", 10)).items());
    }

    @Test
    void businessGroupsAreASecondTreeOverTheSameCameras() {
        registry.createSite(new Site("bg-traffic", "交通卡口", SiteKind.BUSINESS_GROUP, null, null, 0), alice);
        registry.createSite(new Site("vo-east", "东片区", SiteKind.VIRTUAL_ORGANISATION, "bg-traffic", null, 0), alice);
        registry.createSite(new Site("vo-west", "西片区", SiteKind.VIRTUAL_ORGANISATION, "bg-traffic", null, 0), alice);
        Camera base = TestRegistries.camera("341522101", 1, CameraTier.CLASS_I);
        Camera grouped = new Camera(base.id(), base.name(), base.siteId(), base.tier(), base.profiles(), base.vendor(),
                base.model(), base.ip(), base.latitude(), base.longitude(), base.address(), base.owningUnit(),
                base.maintenanceContact(), base.installDate(), base.retentionDays(), base.tags(),
                List.of("vo-east", "vo-west"), base.enabled(), base.mode(), base.expectedOnlineHours(), 0);
        registry.createCamera(grouped, null, alice);
        registry.createCamera(TestRegistries.camera("341522101", 2, CameraTier.CLASS_I), null, alice);
        assertEquals(1, registry.cameras(null, CameraQuery.underSite("bg-traffic", 10)).total(), "counted once");
        assertEquals(1, registry.cameras(null, CameraQuery.underSite("vo-west", 10)).total());
        assertEquals(2, registry.cameras(null, CameraQuery.underSite("341522", 10)).total());
        User groupViewer = new User("jiao", Role.COUNTY_OPERATOR, "bg-traffic", true, 1);
        assertEquals(List.of(grouped.id()), registry.cameras(groupViewer, CameraQuery.all(10)).items().stream()
                .map(Camera::id).toList());
        // a virtual organisation moves inside its group tree, never into the administrative tree
        Site west = registry.site("vo-west").orElseThrow();
        assertEquals(2, registry.updateSite(west.withParent("vo-east"), 1, alice).version());
        assertThrows(ValidationException.class,
                () -> registry.updateSite(registry.site("vo-west").orElseThrow().withParent("341522"), 2, alice));
        ValidationException bad = assertThrows(ValidationException.class, () -> registry.createCamera(
                TestRegistries.camera("bg-traffic", 3, CameraTier.CLASS_I), null, alice));
        assertEquals("siteId", bad.errors().get(0).field());
    }

    @Test
    void aSiteCannotMoveUnderItsOwnSubtreeOrUnderTheWrongLevel() {
        Site county = registry.site("341522").orElseThrow();
        ValidationException e = assertThrows(ValidationException.class,
                () -> registry.updateSite(county.withParent("341522101201"), 1, alice));
        assertTrue(e.errors().stream().anyMatch(f -> f.field().equals("parentId")));
        Site village = registry.site("341522101201").orElseThrow();
        assertThrows(ValidationException.class, () -> registry.updateSite(village.withParent("341522"), 1, alice));
        assertEquals("341522101", registry.site("341522101201").orElseThrow().parentId());
    }

    @Test
    void aSiteInUseCannotBeDeleted() {
        registry.createCamera(TestRegistries.camera("341522101201", 1, CameraTier.CLASS_III), null, alice);
        assertThrows(InUseException.class, () -> registry.deleteSite("341522101201", 1, alice));
        assertThrows(InUseException.class, () -> registry.deleteSite("341522101", 1, alice));
        registry.deleteSite("341522102", 1, alice);
        assertTrue(registry.site("341522102").isEmpty());
    }

    @Test
    void staleUpdatesAreConflictsAndChangeNothing() {
        Camera c = registry.createCamera(TestRegistries.camera("341522101", 1, CameraTier.CLASS_I), null, alice);
        Camera renamed = new Camera(c.id(), "新名字", c.siteId(), c.tier(), c.profiles(), c.vendor(), c.model(),
                c.ip(), c.latitude(), c.longitude(), c.address(), c.owningUnit(), c.maintenanceContact(),
                c.installDate(), c.retentionDays(), c.tags(), c.groupIds(), c.enabled(), c.mode(),
                c.expectedOnlineHours(), 0);
        assertEquals(2, registry.updateCamera(renamed, 1, null, alice).version());
        assertThrows(VersionConflictException.class, () -> registry.updateCamera(c, 1, null, alice));
        assertEquals("新名字", registry.camera(c.id()).orElseThrow().name());
        assertThrows(VersionConflictException.class, () -> registry.deleteCamera(c.id(), 1, alice));
        registry.deleteCamera(c.id(), 2, alice);
        assertTrue(registry.camera(c.id()).isEmpty());
        assertTrue(registry.credentials(c.id()).isEmpty());
    }

    @Test
    void everyBadFieldIsNamed() {
        Camera bad = new Camera("123", " ", "nowhere", null, List.of(new CameraProfile("main",
                "rtsp://admin:pw@10.0.0.1/x")), Vendor.DAHUA, null, "999.1.1.1", 91.0, 0.0, null, null, null, null,
                -1, List.of("ok", "bad tag!"), List.of("341522"), true, StreamMode.ON_DEMAND, 25, 0);
        ValidationException e = assertThrows(ValidationException.class, () -> registry.createCamera(bad, null, alice));
        List<String> fields = e.errors().stream().map(FieldError::field).toList();
        for (String f : List.of("id", "name", "siteId", "tier", "profiles[0].url", "ip", "latitude",
                "retentionDays", "tags", "groupIds", "expectedOnlineHours")) {
            assertTrue(fields.contains(f), f + " in " + fields);
        }
        assertFalse(e.getMessage().contains("pw@"), "the refused URL's password is not echoed");
        assertEquals(0, registry.cameraCount());
    }

    @Test
    void vendorTemplatesFillTheProfilesAndARegistryIdIsAssigned() {
        Camera c = TestRegistries.camera("341522101", 1, CameraTier.CLASS_I).withId(null);
        Camera stored = registry.createCamera(c, new Credentials("admin", "x@y"), alice);
        assertTrue(CameraIds.isRegistryId(stored.id()), stored.id());
        assertEquals("rtsp://10.0.0.2/Streaming/Channels/101", stored.profile("main").orElseThrow().url());
        assertEquals("x@y", registry.credentials(stored.id()).orElseThrow().password());
    }

    @Test
    void auditRecordsWhoWhatBeforeAfterAndFromWhereWithoutSecrets() {
        Camera c = registry.createCamera(TestRegistries.camera("341522101", 1, CameraTier.CLASS_I),
                new Credentials("admin", "Sup3r@secret"), alice);
        registry.recordLiveView(new User("bob", Role.COUNTY_OPERATOR, "341522", true, 1), c.id(), "10.9.9.9");
        List<AuditEntry> forCamera = registry.audit(new AuditQuery(null, null, null, c.id(), 100));
        assertEquals(List.of(AuditAction.LIVE_VIEW, AuditAction.UPDATE, AuditAction.CREATE),
                forCamera.stream().map(AuditEntry::action).toList());
        AuditEntry view = forCamera.get(0);
        assertEquals("bob", view.actor());
        assertEquals("10.9.9.9", view.remoteAddress());
        AuditEntry create = forCamera.get(2);
        assertEquals("10.1.2.3", create.remoteAddress());
        assertTrue(create.after().contains("测试点1"));
        for (AuditEntry e : registry.audit(new AuditQuery(null, null, null, null, 1000))) {
            assertFalse(String.valueOf(e.before()).contains("Sup3r"), e.toString());
            assertFalse(String.valueOf(e.after()).contains("Sup3r"), e.toString());
        }
    }

    @Test
    void auditRetentionPrunesOldEntries() {
        registry.auditRetention(java.time.Duration.ZERO);
        int before = registry.audit(new AuditQuery(null, null, null, null, 1000)).size();
        assertTrue(before >= 4);
        assertEquals(before, registry.pruneAudit());
        assertEquals(0, registry.audit(new AuditQuery(null, null, null, null, 1000)).size());
    }

    @Test
    void filtersSortAndPaginate() {
        for (int i = 1; i <= 30; i++) {
            registry.createCamera(TestRegistries.camera(i % 2 == 0 ? "341522101201" : "341522101", i,
                    i % 2 == 0 ? CameraTier.CLASS_III : CameraTier.CLASS_I), null, alice);
        }
        Page<Camera> p = registry.cameras(null, new CameraQuery("341522101", CameraTier.CLASS_III, null, "t", null,
                "id", true, 5, 4));
        assertEquals(15, p.total());
        assertEquals(4, p.items().size());
        assertTrue(p.items().get(0).id().compareTo(p.items().get(1).id()) > 0, "descending");
        assertEquals(1, registry.cameras(null, new CameraQuery(null, null, null, null, "测试点17", "id", false, 0, 10))
                .total());
        registry.reportStatus(DeviceId.of("34152201", 0, 132, 0, 3), CameraStatus.ONLINE);
        assertEquals(1, registry.cameras(null, new CameraQuery(null, null, CameraStatus.ONLINE, null, null, "id",
                false, 0, 10)).total());
    }
}
