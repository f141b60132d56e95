package org.sharpeye.registry.health;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.sharpeye.registry.store.DocumentKind;

/**
 * Online and intact time per camera per calendar day (in the configured zone), kept in memory, written to the store
 * every flush interval and on close: a crash loses at most one interval of counting. Time is added by
 * {@link #accrue}: the span since the camera's last accrual, split at midnight, counted as online and/or intact
 * according to the status the camera had during that span. Written on the health thread; read from any thread.
 */
public final class OnlineRateLedger {
    private final ZoneId zone;
    private final HealthStore store;
    private final Map<String, Map<LocalDate, DayFigures>> byCamera = new ConcurrentHashMap<>();
    private final Map<String, Instant> accruedUntil = new HashMap<>();
    private final Set<String> dirty = new HashSet<>();

    OnlineRateLedger(ZoneId zone, HealthStore store) {
        this.zone = zone;
        this.store = store;
    }

    /** Reads every stored month (at startup). */
    void load() {
        for (LedgerMonth m : store.loadAll(DocumentKind.LEDGER, LedgerMonth.class)) {
            byCamera.computeIfAbsent(m.cameraId(), k -> new ConcurrentHashMap<>()).putAll(m.days());
        }
    }

    /**
     * Counts the time from the camera's last accrual to {@code now} with the status it had ({@code online},
     * {@code intact}); the first call for a camera only starts its clock.
     */
    void accrue(String cameraId, boolean online, boolean intact, Instant now) {
        Instant from = accruedUntil.put(cameraId, now);
        if (from == null || !now.isAfter(from) || !online) {
            return;
        }
        Instant t = from;
        while (t.isBefore(now)) {
            ZonedDateTime z = t.atZone(zone);
            LocalDate day = z.toLocalDate();
            Instant dayEnd = day.plusDays(1).atStartOfDay(zone).toInstant();
            Instant end = dayEnd.isBefore(now) ? dayEnd : now;
            long ms = end.toEpochMilli() - t.toEpochMilli();
            byCamera.computeIfAbsent(cameraId, k -> new ConcurrentHashMap<>())
                    .merge(day, new DayFigures(ms, intact ? ms : 0), (a, b) -> a.plus(b.onlineMillis(),
                            b.intactMillis()));
            dirty.add(cameraId + "/" + YearMonth.from(day));
            t = end;
        }
    }

    /** Forgets the clock of a camera (disabled or deleted): the next accrual starts it again. */
    void stop(String cameraId) {
        accruedUntil.remove(cameraId);
    }

    /** Writes every month changed since the last flush, in one commit. */
    void flush() {
        if (dirty.isEmpty()) {
            return;
        }
        Map<String, LedgerMonth> out = new HashMap<>();
        for (String key : dirty) {
            int slash = key.lastIndexOf('/');
            String cameraId = key.substring(0, slash);
            YearMonth month = YearMonth.parse(key.substring(slash + 1));
            Map<LocalDate, DayFigures> days = new HashMap<>();
            byCamera.getOrDefault(cameraId, Map.of()).forEach((d, f) -> {
                if (YearMonth.from(d).equals(month)) {
                    days.put(d, f);
                }
            });
            out.put(key, new LedgerMonth(cameraId, month.toString(), days));
        }
        store.put(DocumentKind.LEDGER, out);
        dirty.clear();
    }

    /** A camera's figures on {@code day} (zero when nothing was counted). */
    public DayFigures figures(String cameraId, LocalDate day) {
        return byCamera.getOrDefault(cameraId, Map.of()).getOrDefault(day, DayFigures.ZERO);
    }

    /** The zone whose calendar days are counted. */
    public ZoneId zone() {
        return zone;
    }
}
