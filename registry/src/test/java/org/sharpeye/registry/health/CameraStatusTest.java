package org.sharpeye.registry.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sharpeye.registry.CameraStatus;

class CameraStatusTest {
    private final HealthFixture f = new HealthFixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void unknownUntilFirstSeenThenOnlineThenOfflineWithEvidence() {
        assertEquals(CameraStatus.UNKNOWN, f.status(f.cam1));
        f.playing(f.cam1);
        assertEquals(CameraStatus.ONLINE, f.status(f.cam1));
        assertEquals(CameraStatus.ONLINE, f.registry.status(f.cam1.id()), "the registry's camera list sees it");
        Instant lastFrame = f.clock.instant();
        f.clock.advance(Duration.ofSeconds(7));
        Instant failedAt = f.clock.instant();
        f.failed(f.cam1, HealthReason.STALLED);
        CameraHealth h = f.monitor.health(f.cam1.id());
        assertEquals(CameraStatus.OFFLINE, h.status());
        assertEquals(HealthReason.STALLED, h.reason());
        assertEquals(failedAt, h.since());
        assertEquals("no RTP for 5 s", h.lastError());
        assertEquals(failedAt.minusSeconds(5), h.lastFrameAt());
        assertEquals(lastFrame, h.lastSeenAlive());
        f.clock.advance(Duration.ofSeconds(3));
        f.failed(f.cam1, HealthReason.STALLED);
        assertEquals(failedAt, f.monitor.health(f.cam1.id()).since(), "same status and reason: since stays");
        f.failed(f.cam1, HealthReason.UNREACHABLE);
        assertEquals(HealthReason.UNREACHABLE, f.monitor.health(f.cam1.id()).reason());
        assertEquals(List.of("camera.status", "camera.status", "alert.opened", "camera.status", "alert.resolved",
                "alert.opened"), f.eventTypes(), "a reason change resolves the STALLED alert and opens UNREACHABLE");
    }

    @Test
    void pictureChecksDegradeAndClearButNeverHideAnOutage() {
        f.playing(f.cam1);
        f.observe(HealthObservation.degraded(f.cam1.id(), "main", HealthSource.PICTURE, HealthReason.BLACK,
                "mean luma 3", null, f.clock.instant()));
        assertEquals(CameraStatus.DEGRADED, f.status(f.cam1));
        assertEquals(HealthReason.BLACK, f.monitor.health(f.cam1.id()).reason());
        f.failed(f.cam1, HealthReason.STALLED);
        assertEquals(CameraStatus.OFFLINE, f.status(f.cam1));
        assertEquals(Set.of(HealthReason.STALLED), f.monitor.health(f.cam1.id()).reasons());
        f.observe(HealthObservation.online(f.cam1.id(), "main", HealthSource.PICTURE, null, f.clock.instant()));
        assertEquals(CameraStatus.OFFLINE, f.status(f.cam1), "a good picture does not clear a stall");
        f.playing(f.cam1);
        assertEquals(CameraStatus.ONLINE, f.status(f.cam1), "the picture was cleared meanwhile");
        f.observe(HealthObservation.degraded(f.cam1.id(), "main", HealthSource.RATE, HealthReason.LOW_FPS,
                "4 fps of 25", null, f.clock.instant()));
        f.observe(HealthObservation.online(f.cam1.id(), "main", HealthSource.PICTURE, null, f.clock.instant()));
        assertEquals(HealthReason.LOW_FPS, f.monitor.health(f.cam1.id()).reason(), "a good picture keeps low fps");
        f.observe(HealthObservation.online(f.cam1.id(), "main", HealthSource.RATE, null, f.clock.instant()));
        assertEquals(CameraStatus.ONLINE, f.status(f.cam1));
    }

    @Test
    void theCameraIsItsWorstObservedProfile() {
        f.playing(f.cam1);
        f.observe(HealthObservation.offline(f.cam1.id(), "sub", HealthSource.PROBE, HealthReason.NOT_FOUND,
                "404", null, f.clock.instant()));
        CameraHealth h = f.monitor.health(f.cam1.id());
        assertEquals(CameraStatus.OFFLINE, h.status());
        assertEquals(HealthReason.NOT_FOUND, h.reason());
        assertEquals(CameraStatus.ONLINE, h.profiles().get("main").status());
        f.observe(HealthObservation.online(f.cam1.id(), "sub", HealthSource.PROBE, null, f.clock.instant()));
        assertEquals(CameraStatus.ONLINE, f.status(f.cam1));
        f.observe(new HealthObservation(f.cam1.id(), "main", HealthSource.INGEST, CameraStatus.UNKNOWN, null, "",
                null, f.clock.instant()));
        assertEquals(CameraStatus.ONLINE, f.status(f.cam1), "UNKNOWN (ingest went idle) keeps the last judgement");
    }

    @Test
    void whileIngestJudgesAProfileItsProbesAreIgnoredSoAStallIsNotMendedByADescribe() {
        f.playing(f.cam1);
        f.failed(f.cam1, HealthReason.STALLED);
        // between ingest's retries the stalled camera answers OPTIONS and DESCRIBE: the probe cannot see a stall
        f.observe(HealthObservation.online(f.cam1.id(), "main", HealthSource.PROBE, null, f.clock.instant()));
        assertEquals(CameraStatus.OFFLINE, f.status(f.cam1));
        assertEquals(HealthReason.STALLED, f.monitor.health(f.cam1.id()).reason());
        assertEquals(1, f.alerts(AlertState.OPEN).size(), "the STALLED alert stays open");
        f.observe(HealthObservation.offline(f.cam1.id(), "sub", HealthSource.PROBE, HealthReason.NOT_FOUND, "404",
                null, f.clock.instant()));
        assertEquals(HealthReason.NOT_FOUND, f.monitor.health(f.cam1.id()).profiles().get("sub").reason(),
                "a profile ingest does not pull is still probed");
        // the viewer left: ingest stops judging; its verdict stands until the next probe
        f.observe(new HealthObservation(f.cam1.id(), "main", HealthSource.INGEST, CameraStatus.UNKNOWN, null, "",
                null, f.clock.instant()));
        assertEquals(HealthReason.STALLED, f.monitor.health(f.cam1.id()).profiles().get("main").reason());
        f.observe(HealthObservation.online(f.cam1.id(), "main", HealthSource.PROBE, null, f.clock.instant()));
        assertEquals(CameraStatus.ONLINE, f.monitor.health(f.cam1.id()).profiles().get("main").status());
    }

    @Test
    void observationsAreCheckedAndUnknownCamerasIgnored() {
        assertThrows(IllegalArgumentException.class, () -> HealthObservation.offline("x", "main",
                HealthSource.INGEST, HealthReason.BLACK, "", null, Instant.now()));
        assertThrows(IllegalArgumentException.class, () -> new HealthObservation("x", "main", HealthSource.INGEST,
                CameraStatus.ONLINE, HealthReason.STALLED, "", null, Instant.now()));
        f.observe(HealthObservation.online("no-such-camera", "main", HealthSource.PROBE, null, f.clock.instant()));
        assertEquals(CameraStatus.UNKNOWN, f.monitor.health("no-such-camera").status());
        assertNull(f.monitor.health("no-such-camera").reason());
        assertEquals(List.of(), f.events);
    }
}
