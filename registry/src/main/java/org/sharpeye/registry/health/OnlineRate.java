package org.sharpeye.registry.health;

/**
 * Online-rate figures of a set of cameras over a period (在线率 and 完好率): counted and expected seconds. The rates
 * are null when nothing was expected.
 */
public record OnlineRate(int cameras, double onlineSeconds, double intactSeconds, double expectedSeconds) {
    static final OnlineRate EMPTY = new OnlineRate(0, 0, 0, 0);

    /** Online seconds / expected seconds, at most 1. */
    public Double onlineRate() {
        return expectedSeconds <= 0 ? null : Math.min(1.0, onlineSeconds / expectedSeconds);
    }

    /** Intact seconds / expected seconds, at most 1. */
    public Double intactRate() {
        return expectedSeconds <= 0 ? null : Math.min(1.0, intactSeconds / expectedSeconds);
    }

    OnlineRate plus(OnlineRate o) {
        return new OnlineRate(cameras + o.cameras, onlineSeconds + o.onlineSeconds, intactSeconds + o.intactSeconds,
                expectedSeconds + o.expectedSeconds);
    }
}
