package org.sharpeye.registry.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sharpeye.registry.CameraTier;

class OnlineRateLedgerTest {
    private static final LocalDate DAY = LocalDate.parse("2026-11-20");
    private final HealthFixture f = new HealthFixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void countsOnlineAndIntactTimeAndSplitsAtMidnight() {
        f.playing(f.cam1);                                  // 00:00 online
        f.clock.advance(Duration.ofHours(1));
        f.observe(HealthObservation.degraded(f.cam1.id(), "main", HealthSource.PICTURE, HealthReason.FROZEN, "",
                null, f.clock.instant()));                  // 01:00 degraded: online, not intact
        f.clock.advance(Duration.ofMinutes(30));
        f.failed(f.cam1, HealthReason.STALLED);             // 01:30 offline
        f.clock.advance(Duration.ofMinutes(30));
        f.tick();
        DayFigures d = f.monitor.ledger().figures(f.cam1.id(), DAY);
        assertEquals(Duration.ofMinutes(90).toMillis(), d.onlineMillis());
        assertEquals(Duration.ofMinutes(60).toMillis(), d.intactMillis());

        f.clock.advance(Duration.ofHours(21));              // 23:00
        f.playing(f.cam1);
        f.clock.advance(Duration.ofHours(2));               // 01:00 next day
        f.tick();
        assertEquals(Duration.ofMinutes(150).toMillis(), f.monitor.ledger().figures(f.cam1.id(), DAY).onlineMillis());
        assertEquals(Duration.ofHours(1).toMillis(),
                f.monitor.ledger().figures(f.cam1.id(), DAY.plusDays(1)).onlineMillis());
    }

    @Test
    void figuresSurviveARestartAndTheReportRollsUpByPermission() {
        f.playing(f.cam1);
        f.playing(f.cam2);
        f.clock.advance(Duration.ofHours(6));
        f.failed(f.cam2, HealthReason.UNREACHABLE);
        f.clock.advance(Duration.ofHours(6));               // 12:00: cam1 12 h online, cam2 6 h
        f.restart();                                        // close() flushes
        f.tick();
        assertEquals(Duration.ofHours(12).toMillis(), f.monitor.ledger().figures(f.cam1.id(), DAY).onlineMillis());
        assertEquals(Duration.ofHours(6).toMillis(), f.monitor.ledger().figures(f.cam2.id(), DAY).onlineMillis());

        OnlineRateReport all = f.monitor.onlineRate(f.admin, HealthFixture.COUNTY, null, null, DAY, DAY);
        assertEquals(2, all.total().cameras());
        assertEquals(24 * 3600.0, all.total().expectedSeconds(), 1e-6, "half of today for two cameras");
        assertEquals(18 * 3600.0 / (24 * 3600.0), all.total().onlineRate(), 1e-9);
        assertEquals(2, all.bySite().size());
        assertEquals(2, all.byTier().get(CameraTier.CLASS_I).cameras());

        OnlineRateReport mine = f.monitor.onlineRate(f.officer1, null, null, null, DAY, DAY);
        assertEquals(1, mine.total().cameras(), "an officer's figures hold only its township");
        assertEquals(1.0, mine.total().onlineRate(), 1e-9);
        OnlineRateReport one = f.monitor.onlineRate(f.admin, null, null, f.cam2.id(), DAY, DAY);
        assertEquals(1, one.cameras().size());
        assertEquals(0.5, one.cameras().get(0).rate().onlineRate(), 1e-9);
        assertEquals(0, f.monitor.onlineRate(f.officer1, null, null, f.cam2.id(), DAY, DAY).total().cameras());
    }

    @Test
    void aCrashLosesAtMostOneFlushInterval() {
        f.playing(f.cam1);
        f.clock.advance(Duration.ofSeconds(90));
        f.tick();                                           // flush due (60 s): 90 s written
        f.clock.advance(Duration.ofSeconds(30));
        f.tick();                                           // 120 s counted, not yet written
        // a crash: no close(); a new monitor reads the store as it is
        HealthMonitor second = HealthMonitor.start(f.registry, f.store, HealthOptions.defaults()
                .withTickInterval(null).withLedger(Duration.ofSeconds(60), java.time.ZoneOffset.UTC), f.clock);
        try {
            long stored = second.ledger().figures(f.cam1.id(), DAY).onlineMillis();
            assertEquals(90_000, stored);
        } finally {
            second.close();
        }
        Instant unused = f.clock.instant();
        assertEquals(unused, f.clock.instant());
    }
}
