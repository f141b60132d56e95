package org.sharpeye.gateway.metrics;

import org.junit.jupiter.api.Test;
import org.sharpeye.ingest.FailureReason;
import org.sharpeye.ingest.picture.PictureState;
import org.sharpeye.ingest.picture.PictureVerdict;
import org.sharpeye.ingest.probe.ProbeResult;
import org.sharpeye.registry.CameraStatus;
import org.sharpeye.registry.health.HealthObservation;
import org.sharpeye.registry.health.HealthReason;
import org.sharpeye.registry.health.HealthSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HealthFeedsTest {

    @Test
    void everyFailureReasonMapsToItsOfflineReason() {
        for (FailureReason reason : FailureReason.values()) {
            HealthObservation o = HealthFeeds.observation(new ProbeResult("c1", "main", false, reason, "why", 1,
                    Instant.EPOCH));
            assertEquals(CameraStatus.OFFLINE, o.status());
            assertEquals(reason.name(), o.reason().name());
            assertEquals(HealthSource.PROBE, o.source());
            assertEquals("why", o.detail());
        }
        HealthObservation ok = HealthFeeds.observation(new ProbeResult("c1", "sub", true, null, "", 1, Instant.EPOCH));
        assertEquals(CameraStatus.ONLINE, ok.status());
        assertEquals("sub", ok.profile());
    }

    @Test
    void pictureVerdictsBecomeDegradedOrOnline() {
        List<HealthObservation> seen = new ArrayList<>();
        var sink = HealthFeeds.pictures(seen::add);
        for (PictureState s : PictureState.values()) {
            sink.accept(new PictureVerdict("c2", "sub", s, Instant.EPOCH, new byte[0], 640, 360));
        }
        assertEquals(CameraStatus.ONLINE, seen.get(0).status());
        assertEquals(HealthReason.BLACK, seen.get(1).reason());
        assertEquals(HealthReason.FROZEN, seen.get(2).reason());
        assertEquals(CameraStatus.DEGRADED, seen.get(2).status());
        seen.forEach(o -> assertEquals(HealthSource.PICTURE, o.source()));
    }
}
