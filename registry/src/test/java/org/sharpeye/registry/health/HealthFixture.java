package org.sharpeye.registry.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.sharpeye.media.ManualClock;
import org.sharpeye.registry.Actor;
import org.sharpeye.registry.Camera;
import org.sharpeye.registry.CameraStatus;
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
import org.sharpeye.registry.store.InMemoryStore;

/** A county with two townships, one camera in each, a monitor with manual ticks and a test clock. */
final class HealthFixture implements AutoCloseable {
    static final String COUNTY = "341522";
    static final String T1 = "341522101";
    static final String T2 = "341522102";
    final ManualClock clock = new ManualClock(Instant.parse("2026-11-20T00:00:00Z"));
    final InMemoryStore store = new InMemoryStore();
    final Registry registry;
    final Camera cam1;
    final Camera cam2;
    final User admin = new User("admin", Role.ADMIN, null, true, 1);
    final User officer1 = new User("wang", Role.TOWNSHIP_OFFICER, T1, true, 1);
    /** The admin acting from a documentation address (RFC 5737), as the audit log records it. */
    final Actor adminActor = Actor.of(admin, "192.0.2.7");
    final List<HealthEvent> events = new CopyOnWriteArrayList<>();
    HealthMonitor monitor;

    HealthFixture() {
        registry = Registry.open(store, SecretBox.random(), ViewingPolicy.defaults(), new PasswordHasher(4),
                Clock.systemUTC());
        Actor a = Actor.system();
        registry.createSite(new Site(COUNTY, "霍邱县", SiteKind.COUNTY, null, "34152200", 0), a);
        registry.createSite(new Site(T1, "城关镇", SiteKind.TOWNSHIP, COUNTY, "34152201", 0), a);
        registry.createSite(new Site(T2, "新店镇", SiteKind.TOWNSHIP, COUNTY, "34152202", 0), a);
        cam1 = registry.createCamera(TestRegistries.camera(T1, 1, CameraTier.CLASS_I), null, a);
        cam2 = registry.createCamera(TestRegistries.camera(T2, 2, CameraTier.CLASS_I), null, a);
        monitor = start();
    }

    HealthMonitor start() {
        HealthMonitor m = HealthMonitor.start(registry, store, HealthOptions.defaults().withTickInterval(null)
                .withFlapping(4, Duration.ofMinutes(10)).withLedger(Duration.ofSeconds(60), ZoneOffset.UTC), clock);
        m.onEvent(events::add);
        return m;
    }

    /** Closes the monitor and starts a new one over the same store (a restart). */
    void restart() {
        monitor.close();
        events.clear();
        monitor = start();
    }

    void playing(Camera c) {
        observe(HealthObservation.online(c.id(), "main", HealthSource.INGEST, clock.instant(), clock.instant()));
    }

    void failed(Camera c, HealthReason r) {
        observe(HealthObservation.offline(c.id(), "main", HealthSource.INGEST, r, "no RTP for 5 s",
                clock.instant().minusSeconds(5), clock.instant()));
    }

    void observe(HealthObservation o) {
        monitor.observe(o);
        monitor.sync().join();
    }

    void tick() {
        monitor.tick().join();
    }

    CameraStatus status(Camera c) {
        return monitor.health(c.id()).status();
    }

    List<Alert> alerts(AlertState state) {
        return monitor.alerts(admin, state, null, null);
    }

    List<String> eventTypes() {
        return events.stream().map(HealthEvent::type).toList();
    }

    @Override
    public void close() {
        monitor.close();
        registry.close();
    }
}
