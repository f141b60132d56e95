package org.sharpeye.registry.health;

import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

/** One camera's ledger figures for one month, as stored (kind LEDGER, id {@code cameraId/YYYY-MM}). */
record LedgerMonth(String cameraId, String month, Map<LocalDate, DayFigures> days) {

    LedgerMonth {
        days = new TreeMap<>(days);
    }
}
