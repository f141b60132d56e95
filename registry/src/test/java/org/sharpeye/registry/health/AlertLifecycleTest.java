package org.sharpeye.registry.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sharpeye.registry.CameraTier;
import org.sharpeye.registry.RegistryJson;
import org.sharpeye.registry.store.AuditAction;
import org.sharpeye.registry.store.AuditEntry;
import org.sharpeye.registry.store.AuditQuery;

class AlertLifecycleTest {
    private final HealthFixture f = new HealthFixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void openAcknowledgeAssignResolveByItselfVerify() {
        f.playing(f.cam1);
        f.clock.advance(Duration.ofMinutes(1));
        Instant openedAt = f.clock.instant();
        f.failed(f.cam1, HealthReason.AUTH_FAILED);
        f.failed(f.cam1, HealthReason.AUTH_FAILED);
        List<Alert> open = f.alerts(AlertState.OPEN);
        assertEquals(1, open.size(), "one alert per camera and kind");
        Alert a = open.get(0);
        assertEquals(AlertKind.AUTH_FAILED, a.kind());
        assertEquals(openedAt, a.openedAt());
        assertEquals(f.cam1.name(), a.camera().name());
        assertEquals(List.of("霍邱县", "城关镇"), a.camera().sitePath());
        assertEquals(f.cam1.ip(), a.camera().ip());
        assertEquals(f.cam1.latitude(), a.camera().latitude());
        assertEquals("HIKVISION", a.camera().vendor());
        assertEquals("DS-2CD", a.camera().model());
        assertEquals(CameraTier.CLASS_I, a.camera().tier());
        assertEquals(openedAt.minus(Duration.ofMinutes(1)), a.lastSeenAlive());

        String by = "fix";
        assertEquals(AlertState.ACKNOWLEDGED, f.monitor.acknowledge(a.id(), f.adminActor).join().state());
        CompletionException twice = assertThrows(CompletionException.class,
                () -> f.monitor.acknowledge(a.id(), f.adminActor).join());
        assertInstanceOf(AlertStateException.class, twice.getCause());
        Alert assigned = f.monitor.assign(a.id(), by, f.adminActor).join();
        assertEquals(AlertState.ASSIGNED, assigned.state());
        assertEquals(by, assigned.assignee());
        assertInstanceOf(AlertStateException.class, assertThrows(CompletionException.class,
                () -> f.monitor.verify(a.id(), f.adminActor).join()).getCause(), "verify needs RESOLVED");

        f.clock.advance(Duration.ofMinutes(30));
        f.playing(f.cam1);
        Alert resolved = f.monitor.alert(f.admin, a.id()).orElseThrow();
        assertEquals(AlertState.RESOLVED, resolved.state());
        assertEquals("system", resolved.resolvedBy());
        assertEquals(Duration.ofMinutes(30), resolved.duration(f.clock.instant().plusSeconds(999)));
        assertEquals(AlertState.VERIFIED, f.monitor.verify(a.id(), f.adminActor).join().state());
        assertEquals(List.of("alert.opened", "alert.updated", "alert.updated", "alert.resolved", "alert.updated"),
                f.eventTypes().stream().filter(t -> t.startsWith("alert.")).toList());

        // the changes by hand are in the audit log, oldest last; the automatic resolution is not a hand change
        List<AuditEntry> audit = f.store.audit(new AuditQuery(null, null, null, a.id(), 100));
        assertEquals(3, audit.size(), audit.toString());
        // before -> after of each entry (ack and assign share one instant of the test clock: compare as a set)
        assertEquals(java.util.Set.of("OPEN->ACKNOWLEDGED", "ACKNOWLEDGED->ASSIGNED", "RESOLVED->VERIFIED"),
                audit.stream().map(e -> RegistryJson.read(e.before(), Alert.class).state() + "->"
                        + RegistryJson.read(e.after(), Alert.class).state()).collect(java.util.stream.Collectors.toSet()));
        for (AuditEntry e : audit) {
            assertEquals("admin", e.actor());
            assertEquals("192.0.2.7", e.remoteAddress());
            assertEquals(AuditAction.UPDATE, e.action());
            assertEquals("alert", e.targetKind());
        }

        f.failed(f.cam1, HealthReason.AUTH_FAILED);
        assertEquals(1, f.alerts(AlertState.OPEN).size(), "a new fault opens a new alert");
        assertTrue(!f.alerts(AlertState.OPEN).get(0).id().equals(a.id()));
    }

    @Test
    void resolvedByHandWithANoteAndAlertsSurviveARestart() {
        f.failed(f.cam1, HealthReason.REFUSED);
        Alert a = f.alerts(AlertState.OPEN).get(0);
        Alert r = f.monitor.resolve(a.id(), "power cycled the switch", f.adminActor).join();
        assertEquals(AlertState.RESOLVED, r.state());
        assertEquals("power cycled the switch", r.note());
        assertEquals("admin", r.resolvedBy());
        AuditEntry entry = f.store.audit(new AuditQuery(null, null, "admin", a.id(), 10)).get(0);
        assertEquals("192.0.2.7", entry.remoteAddress());
        assertEquals("power cycled the switch", RegistryJson.read(entry.after(), Alert.class).note());
        f.failed(f.cam2, HealthReason.NOT_FOUND);
        f.restart();
        Alert back = f.monitor.alert(f.admin, a.id()).orElseThrow();
        assertEquals(r, back);
        Alert other = f.alerts(AlertState.OPEN).get(0);
        assertEquals(AlertKind.NOT_FOUND, other.kind());
        f.observe(HealthObservation.offline(f.cam2.id(), "main", HealthSource.PROBE, HealthReason.NOT_FOUND, "404",
                null, f.clock.instant()));
        assertEquals(1, f.alerts(null).stream().filter(x -> x.cameraId().equals(f.cam2.id())).count(),
                "after a restart the stored open alert is still the one per camera and kind");
    }

    @Test
    void aFaultResolvedByHandRaisesNoNewAlertUntilTheCameraRecoversAndFailsAgain() {
        f.failed(f.cam1, HealthReason.REFUSED);
        Alert a = f.alerts(AlertState.OPEN).get(0);
        f.monitor.resolve(a.id(), "the camera is replaced tomorrow", f.adminActor).join();
        f.clock.advance(Duration.ofSeconds(5));
        f.tick();
        f.failed(f.cam1, HealthReason.REFUSED);
        assertEquals(List.of(), f.alerts(AlertState.OPEN), "the handled fault is still the same fault");
        f.restart();
        f.failed(f.cam1, HealthReason.REFUSED);
        f.tick();
        assertEquals(List.of(), f.alerts(AlertState.OPEN), "handled survives a restart");

        f.playing(f.cam1);
        f.clock.advance(Duration.ofSeconds(5));
        f.failed(f.cam1, HealthReason.REFUSED);
        List<Alert> open = f.alerts(AlertState.OPEN);
        assertEquals(1, open.size(), "a new fault after a recovery opens a new alert");
        assertTrue(!open.get(0).id().equals(a.id()));
    }

    @Test
    void aNodeTakingOverACameraKeepsAFaultResolvedByHandOnAnotherNodeHandled() {
        HealthMonitor other = f.start(); // a second node over the same store, started before the resolve
        try {
            f.failed(f.cam1, HealthReason.REFUSED);
            Alert a = f.alerts(AlertState.OPEN).get(0);
            f.monitor.resolve(a.id(), "known outage", f.adminActor).join();
            other.adopt(java.util.Set.of(f.cam1.id())).join(); // the camera moves to the other node
            other.observe(HealthObservation.offline(f.cam1.id(), "main", HealthSource.INGEST, HealthReason.REFUSED,
                    "refused", f.clock.instant(), f.clock.instant()));
            other.sync().join();
            assertEquals(List.of(), other.alerts(f.admin, AlertState.OPEN, null, null),
                    "the fault resolved by hand on the first node stays handled on the new owner");
        } finally {
            other.close();
        }
    }

    @Test
    void aTownshipOfficerSeesOnlyItsTownshipsAlerts() {
        f.failed(f.cam1, HealthReason.STALLED);
        f.failed(f.cam2, HealthReason.STALLED);
        assertEquals(2, f.alerts(null).size());
        List<Alert> mine = f.monitor.alerts(f.officer1, null, null, null);
        assertEquals(1, mine.size());
        assertEquals(f.cam1.id(), mine.get(0).cameraId());
        String other = f.monitor.alerts(f.admin, null, HealthFixture.T2, null).get(0).id();
        assertTrue(f.monitor.alert(f.officer1, other).isEmpty());
        assertNotNull(f.monitor.alert(f.admin, other).orElse(null));
        assertEquals(0, f.monitor.alerts(f.admin, null, null, AlertKind.BLACK).size());
    }
}
