package org.sharpeye.registry.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FlappingAndWindowsTest {
    private final HealthFixture f = new HealthFixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void aFlappingCameraRaisesOneAlertAndItsOfflineAlertsAreFoldedIn() {
        f.playing(f.cam1);
        for (int i = 0; i < 6; i++) {
            f.clock.advance(Duration.ofSeconds(20));
            f.failed(f.cam1, HealthReason.STALLED);
            f.clock.advance(Duration.ofSeconds(20));
            f.playing(f.cam1);
        }
        List<Alert> flapping = f.monitor.alerts(f.admin, null, null, AlertKind.FLAPPING);
        assertEquals(1, flapping.size());
        Alert flap = flapping.get(0);
        assertTrue(flap.state().active());
        assertTrue(flap.occurrences() >= 6, "the flaps after the alert are counted on it: " + flap.occurrences());
        List<Alert> stalled = f.monitor.alerts(f.admin, null, null, AlertKind.STALLED);
        assertTrue(stalled.size() <= 3, "only the changes before flapping was seen opened alerts: " + stalled);
        for (Alert s : stalled) {
            assertEquals(AlertState.RESOLVED, s.state());
        }
        assertEquals(stalled.size(), stalled.stream().filter(s -> flap.id().equals(s.foldedInto())).count(),
                "the alerts of the flapping window are folded into it");
        long opened = f.eventTypes().stream().filter("alert.opened"::equals).count();
        assertEquals(stalled.size() + 1, opened, "no alert storm");

        f.failed(f.cam1, HealthReason.STALLED);
        assertEquals(0, f.alerts(AlertState.OPEN).stream().filter(a -> a.kind() == AlertKind.STALLED).count(),
                "while flapping, an outage is folded into the FLAPPING alert");
        f.clock.advance(Duration.ofMinutes(11));
        f.tick();
        Alert after = f.monitor.alert(f.admin, flap.id()).orElseThrow();
        assertEquals(AlertState.RESOLVED, after.state(), "a window without a change ends flapping");
        List<Alert> open = f.alerts(AlertState.OPEN);
        assertEquals(1, open.size(), "the camera is still stalled: an ordinary alert takes over");
        assertEquals(AlertKind.STALLED, open.get(0).kind());
    }

    @Test
    void aMaintenanceWindowOnASiteSilencesItsCamerasUntilItEnds() {
        f.monitor.addWindow(new MaintenanceWindow("w1", null, HealthFixture.T1, f.clock.instant(),
                f.clock.instant().plus(Duration.ofHours(1)), "fibre works", "admin"), f.adminActor).join();
        f.failed(f.cam1, HealthReason.UNREACHABLE);
        f.failed(f.cam2, HealthReason.UNREACHABLE);
        List<Alert> open = f.alerts(AlertState.OPEN);
        assertEquals(1, open.size(), "only the camera outside the window alerts");
        assertEquals(f.cam2.id(), open.get(0).cameraId());
        f.clock.advance(Duration.ofMinutes(59));
        f.tick();
        assertEquals(1, f.alerts(AlertState.OPEN).size());
        f.clock.advance(Duration.ofMinutes(1));
        f.tick();
        assertEquals(2, f.alerts(AlertState.OPEN).size(), "the window ended with the camera still down");
        f.restart();
        assertEquals(1, f.monitor.windows().size(), "windows are stored");
    }

    @Test
    void aWindowOnOneCameraLeavesItsNeighbours() {
        f.monitor.addWindow(new MaintenanceWindow("w2", f.cam2.id(), null, f.clock.instant(),
                f.clock.instant().plus(Duration.ofHours(1)), "", "admin"), f.adminActor).join();
        f.failed(f.cam1, HealthReason.STALLED);
        f.failed(f.cam2, HealthReason.STALLED);
        assertEquals(List.of(f.cam1.id()), f.alerts(AlertState.OPEN).stream().map(Alert::cameraId).toList());
    }

    @Test
    void deletingAWindowEndsItsSilenceAtTheNextTickAndIsAudited() {
        MaintenanceWindow w = new MaintenanceWindow("w3", f.cam1.id(), null, f.clock.instant(),
                f.clock.instant().plus(Duration.ofHours(2)), "lens cleaning", "admin");
        f.monitor.addWindow(w, f.adminActor).join();
        f.failed(f.cam1, HealthReason.STALLED);
        assertEquals(List.of(), f.alerts(AlertState.OPEN));
        assertEquals(java.util.Optional.of(w), f.monitor.removeWindow("w3", f.adminActor).join());
        assertEquals(java.util.Optional.empty(), f.monitor.removeWindow("w3", f.adminActor).join(), "gone");
        f.clock.advance(Duration.ofSeconds(1));
        f.tick();
        assertEquals(List.of(f.cam1.id()), f.alerts(AlertState.OPEN).stream().map(Alert::cameraId).toList(),
                "the camera is still stalled once the window is gone");
        f.restart();
        assertEquals(List.of(), f.monitor.windows(), "the deletion is stored");
        List<org.sharpeye.registry.store.AuditEntry> audit = f.store.audit(
                new org.sharpeye.registry.store.AuditQuery(null, null, null, "w3", 10));
        assertEquals(2, audit.size(), "the creation and the deletion (the second delete found nothing)");
        var deleted = audit.stream().filter(e -> e.action() == org.sharpeye.registry.store.AuditAction.DELETE)
                .findFirst().orElseThrow();
        assertEquals("maintenance-window", deleted.targetKind());
        assertEquals("192.0.2.7", deleted.remoteAddress());
        assertTrue(deleted.before().contains("lens cleaning"));
        assertTrue(audit.stream().anyMatch(e -> e.action() == org.sharpeye.registry.store.AuditAction.CREATE
                && e.after().contains("lens cleaning")));
    }
}
