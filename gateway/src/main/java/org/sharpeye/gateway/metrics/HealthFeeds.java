package org.sharpeye.gateway.metrics;

import org.sharpeye.ingest.picture.PictureVerdict;
import org.sharpeye.ingest.probe.ProbeResult;
import org.sharpeye.registry.health.HealthInput;
import org.sharpeye.registry.health.HealthObservation;
import org.sharpeye.registry.health.HealthReason;
import org.sharpeye.registry.health.HealthSource;

import java.util.function.Consumer;

/**
 * Turns the prober's results and the picture checks' verdicts into health observations: a probe's ingest
 * {@code FailureReason} maps by name onto the OFFLINE {@link HealthReason}; BLACK and FROZEN are DEGRADED kinds.
 */
public final class HealthFeeds {

    private HealthFeeds() {
    }

    /** A prober result sink feeding {@code health} (PROBE source). */
    public static Consumer<ProbeResult> probes(HealthInput health) {
        return r -> health.observe(observation(r));
    }

    /** A picture verdict sink feeding {@code health} (PICTURE source). */
    public static Consumer<PictureVerdict> pictures(HealthInput health) {
        return v -> health.observe(observation(v));
    }

    static HealthObservation observation(ProbeResult r) {
        if (r.ok()) {
            return HealthObservation.online(r.cameraId(), r.profile(), HealthSource.PROBE, null, r.at());
        }
        return HealthObservation.offline(r.cameraId(), r.profile(), HealthSource.PROBE,
                HealthReason.valueOf(r.reason().name()), r.detail(), null, r.at());
    }

    static HealthObservation observation(PictureVerdict v) {
        return switch (v.state()) {
            case OK -> HealthObservation.online(v.cameraId(), v.profile(), HealthSource.PICTURE, v.at(), v.at());
            case BLACK -> HealthObservation.degraded(v.cameraId(), v.profile(), HealthSource.PICTURE,
                    HealthReason.BLACK, "black picture", v.at(), v.at());
            case FROZEN -> HealthObservation.degraded(v.cameraId(), v.profile(), HealthSource.PICTURE,
                    HealthReason.FROZEN, "two keyframes seconds apart are the same picture", v.at(), v.at());
        };
    }
}
