package org.sharpeye.registry.health;

/**
 * A camera's counted time on one day, in milliseconds: online (ONLINE or DEGRADED) and intact (ONLINE and not
 * degraded, 完好).
 */
public record DayFigures(long onlineMillis, long intactMillis) {
    static final DayFigures ZERO = new DayFigures(0, 0);

    DayFigures plus(long online, long intact) {
        return new DayFigures(onlineMillis + online, intactMillis + intact);
    }
}
