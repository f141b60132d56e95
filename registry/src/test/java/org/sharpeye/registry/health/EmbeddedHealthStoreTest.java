package org.sharpeye.registry.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sharpeye.media.ManualClock;
import org.sharpeye.registry.Actor;
import org.sharpeye.registry.Camera;
import org.sharpeye.registry.CameraTier;
import org.sharpeye.registry.PasswordHasher;
import org.sharpeye.registry.Registry;
import org.sharpeye.registry.Role;
import org.sharpeye.registry.SecretBox;
import org.sharpeye.registry.Site;
import org.sharpeye.registry.SiteKind;
import org.sharpeye.registry.TestRegistries;
import org.sharpeye.registry.User;
import org.sharpeye.registry.ViewingPolicy;
import org.sharpeye.registry.store.H2Store;

/** Alerts, windows, webhooks and the ledger survive closing and reopening the default embedded (H2) store. */
class EmbeddedHealthStoreTest {

    @Test
    void everythingHealthWroteIsThereAfterReopening(@TempDir Path dir) {
        ManualClock clock = new ManualClock(Instant.parse("2026-11-20T08:00:00Z"));
        SecretBox keys = SecretBox.random();
        HealthOptions options = HealthOptions.defaults().withTickInterval(null)
                .withLedger(Duration.ofSeconds(60), ZoneOffset.UTC);
        User admin = new User("admin", Role.ADMIN, null, true, 1);
        Actor by = Actor.of(admin, "192.0.2.9");
        String alertId;
        String cameraId;
        H2Store store = H2Store.open(dir);
        try (Registry registry = Registry.open(store, keys, ViewingPolicy.defaults(), new PasswordHasher(4),
                Clock.systemUTC())) {
            registry.createSite(new Site("341522", "霍邱县", SiteKind.COUNTY, null, "34152200", 0), Actor.system());
            registry.createSite(new Site("341522101", "城关镇", SiteKind.TOWNSHIP, "341522", "34152201", 0),
                    Actor.system());
            Camera cam = registry.createCamera(TestRegistries.camera("341522101", 7, CameraTier.CLASS_I), null,
                    Actor.system());
            cameraId = cam.id();
            HealthMonitor m = HealthMonitor.start(registry, store, options, clock);
            m.observe(HealthObservation.online(cam.id(), "main", HealthSource.INGEST, null, clock.instant()));
            m.sync().join(); // the ledger counts by the monitor's clock when the observation is applied
            clock.advance(Duration.ofHours(2));
            m.observe(HealthObservation.offline(cam.id(), "main", HealthSource.INGEST, HealthReason.AUTH_FAILED,
                    "401", null, clock.instant()));
            m.addWindow(new MaintenanceWindow("w", null, "341522", clock.instant().plusSeconds(3600),
                    clock.instant().plusSeconds(7200), "", "admin"), by).join();
            m.addWebhook(new Webhook("h", "341522", "http://127.0.0.1:9/hook", "0123456789abcdef", "admin"), by)
                    .join();
            m.addWebhook(new Webhook("gone", "341522", "http://127.0.0.1:9/old", "fedcba9876543210", "admin"), by)
                    .join();
            assertTrue(m.removeWebhook("gone", by).join().isPresent());
            m.sync().join();
            alertId = m.alerts(admin, AlertState.OPEN, null, null).get(0).id();
            m.acknowledge(alertId, by).join();
            m.close();
            String stored = store.load(org.sharpeye.registry.store.DocumentKind.WEBHOOK, "h").orElseThrow().json();
            assertTrue(!stored.contains("0123456789abcdef") && stored.contains("gcm1:"),
                    "the signing secret is sealed at rest: " + stored);
        }
        H2Store again = H2Store.open(dir);
        try (Registry registry = Registry.open(again, keys, ViewingPolicy.defaults(), new PasswordHasher(4),
                Clock.systemUTC())) {
            HealthMonitor m = HealthMonitor.start(registry, again, options, clock);
            try {
                assertEquals(AlertState.ACKNOWLEDGED, m.alert(admin, alertId).orElseThrow().state());
                assertEquals(Duration.ofHours(2).toMillis(),
                        m.ledger().figures(cameraId, LocalDate.parse("2026-11-20")).onlineMillis());
                assertEquals(1, m.windows().size());
                assertEquals(1, m.webhooks().size(), "the deleted webhook stays deleted");
                assertEquals("0123456789abcdef", m.webhooks().get(0).secret());
                var audit = registry.audit(new org.sharpeye.registry.store.AuditQuery(null, null, "admin", null,
                        100));
                assertEquals(java.util.Set.of("alert", "maintenance-window", "webhook"), audit.stream()
                        .map(e -> e.targetKind()).collect(java.util.stream.Collectors.toSet()));
                assertEquals(4, audit.stream().filter(e -> !e.targetKind().equals("alert")).count(),
                        "window created, two webhooks created, one deleted: " + audit);
                assertTrue(audit.stream().allMatch(e -> "192.0.2.9".equals(e.remoteAddress())));
                assertTrue(audit.stream().noneMatch(e -> String.valueOf(e.before()).contains("fedcba9876543210")
                        || String.valueOf(e.after()).contains("0123456789abcdef")), "secrets are not audited");
            } finally {
                m.close();
            }
        }
    }
}
