package org.sharpeye.registry.health;

import java.time.Duration;
import java.time.ZoneId;

/**
 * How the health monitor judges and keeps time.
 *
 * @param flapThreshold  more status changes than this within {@code flapWindow} raise one FLAPPING alert (default 4)
 * @param flapWindow     the flapping window (default 10 min); a camera stops flapping after a window without a change
 * @param tickInterval   how often online time is accrued and windows re-checked (default 1 s); null: only by
 *                       {@link HealthMonitor#tick()} (tests)
 * @param flushInterval  how often the online-rate ledger is written to the store (default 60 s): a crash loses at
 *                       most this much online time
 * @param zone           the time zone whose calendar days the ledger counts (default the system zone)
 */
public record HealthOptions(int flapThreshold, Duration flapWindow, Duration tickInterval, Duration flushInterval,
        ZoneId zone) {

    public HealthOptions {
        if (flapThreshold < 1) {
            throw new IllegalArgumentException("flapThreshold must be at least 1");
        }
        if (flapWindow.isNegative() || flapWindow.isZero() || flushInterval.isNegative() || flushInterval.isZero()) {
            throw new IllegalArgumentException("flapWindow and flushInterval must be positive");
        }
    }

    /** The defaults. */
    public static HealthOptions defaults() {
        return new HealthOptions(4, Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofSeconds(60),
                ZoneId.systemDefault());
    }

    /** These options with another flapping rule. */
    public HealthOptions withFlapping(int threshold, Duration window) {
        return new HealthOptions(threshold, window, tickInterval, flushInterval, zone);
    }

    /** These options with another tick interval (null: manual ticks). */
    public HealthOptions withTickInterval(Duration interval) {
        return new HealthOptions(flapThreshold, flapWindow, interval, flushInterval, zone);
    }

    /** These options with another ledger flush interval and zone. */
    public HealthOptions withLedger(Duration flush, ZoneId ledgerZone) {
        return new HealthOptions(flapThreshold, flapWindow, tickInterval, flush, ledgerZone);
    }
}
