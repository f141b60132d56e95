package org.sharpeye.ingest.probe;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sharpeye.camsim.CamSim;
import org.sharpeye.camsim.CamSimConfig;
import org.sharpeye.camsim.CameraSpec;
import org.sharpeye.camsim.ClipEncoder;
import org.sharpeye.camsim.Fault;
import org.sharpeye.camsim.FaultSpec;
import org.sharpeye.ingest.FailureReason;
import org.sharpeye.ingest.rtsp.Credentials;
import org.sharpeye.media.Codec;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The prober against camsim: each fault gives ingest's reason, healthy cameras (with and without Digest) are ok,
 * a watched camera is skipped, and no probe ever opens a media session (camsim counts SETUPs and PLAYs).
 */
class ProberCamSimIT {

    private static final ProberOptions OPTIONS = new ProberOptions(Duration.ofSeconds(3), 64,
            Duration.ofMillis(700), Duration.ofMillis(1500), 3);

    /** camera id -> the reason expected (null: ok). */
    private static final Map<String, FailureReason> EXPECTED = new LinkedHashMap<>();
    private static final Map<String, Fault> FAULTS = new LinkedHashMap<>();
    private static CamSim sim;

    @BeforeAll
    static void startCamSim() {
        EXPECTED.put("p-ok", null);
        EXPECTED.put("p-digest", null);
        EXPECTED.put("p-wrongpass", FailureReason.AUTH_FAILED);
        EXPECTED.put("p-refuse", FailureReason.REFUSED);
        EXPECTED.put("p-gone", FailureReason.UNREACHABLE);
        EXPECTED.put("p-unauthorized", FailureReason.AUTH_FAILED);
        EXPECTED.put("p-not_found", FailureReason.NOT_FOUND);
        EXPECTED.put("p-unavailable", FailureReason.REFUSED);
        EXPECTED.put("p-watched", null);
        FAULTS.put("p-refuse", Fault.REFUSE);
        FAULTS.put("p-gone", Fault.GONE);
        FAULTS.put("p-unauthorized", Fault.UNAUTHORIZED);
        FAULTS.put("p-not_found", Fault.NOT_FOUND);
        FAULTS.put("p-unavailable", Fault.UNAVAILABLE);
        List<CameraSpec> cameras = new ArrayList<>();
        int i = 1;
        for (String id : EXPECTED.keySet()) {
            CameraSpec c = CameraSpec.hikvisionLike(id, id, "127.3.1." + i++, 0, Codec.H264).onlyProfiles("sub");
            if (id.equals("p-digest") || id.equals("p-wrongpass")) {
                c = c.withCredentials("admin", "s3cr:et@x");
            }
            if (FAULTS.containsKey(id)) {
                c = c.withFaults(List.of(FaultSpec.of(FAULTS.get(id))));
            }
            cameras.add(c);
        }
        try {
            sim = CamSim.start(new CamSimConfig(cameras, 0, 0, ClipEncoder.shared(64L << 20)));
            sim.warmUp().join();
        } catch (RuntimeException | LinkageError e) {
            Assumptions.abort("camsim does not start here: " + e);
        }
    }

    @AfterAll
    static void stopCamSim() {
        if (sim != null) {
            sim.close();
        }
    }

    private static ProbeTarget target(String id) {
        Credentials credentials = switch (id) {
            case "p-digest" -> new Credentials("admin", "s3cr:et@x");
            case "p-wrongpass" -> new Credentials("admin", "wrong");
            default -> null;
        };
        return new ProbeTarget(id, "sub", URI.create(sim.url(id, "sub")), credentials);
    }

    @Test
    void faultsGiveIngestsReasonsAndNoProbeOpensASession() throws Exception {
        List<ProbeTarget> targets = EXPECTED.keySet().stream().map(ProberCamSimIT::target).toList();
        Map<String, List<ProbeResult>> results = new ConcurrentHashMap<>();
        List<ProbeResult> all = new CopyOnWriteArrayList<>();
        try (Prober prober = Prober.start(1, OPTIONS, () -> targets, t -> t.cameraId().equals("p-watched"), r -> {
            all.add(r);
            results.computeIfAbsent(r.cameraId(), k -> new CopyOnWriteArrayList<>()).add(r);
        })) {
            // Two full cycles: every unwatched target answered twice.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline && !everyTargetAnswered(results, 2)) {
                Thread.sleep(100); // polling the collected results with a deadline: no single event to await
            }
            assertTrue(everyTargetAnswered(results, 2), "every target probed twice: " + results.keySet());
            ProberStats stats = prober.stats();
            assertTrue(stats.skippedWatched() >= 1, stats.toString());
            assertTrue(stats.maxInFlight() <= OPTIONS.maxConcurrent(), stats.toString());
            assertTrue(stats.cycles() >= 1 && stats.lastCycleMillis() > 0, stats.toString());
        }
        assertNull(results.get("p-watched"), "a watched camera is not probed");
        for (Map.Entry<String, FailureReason> e : EXPECTED.entrySet()) {
            if (e.getKey().equals("p-watched")) {
                continue;
            }
            for (ProbeResult r : results.get(e.getKey())) {
                assertEquals(e.getValue() == null, r.ok(), r.toString());
                assertEquals(e.getValue(), r.reason(), r.toString());
                assertEquals("sub", r.profile());
                assertTrue(r.durationNanos() > 0, r.toString());
                assertNotNull(r.at());
                if (!r.ok()) {
                    assertFalse(r.detail().isEmpty(), "a failure says why: " + r);
                    assertFalse(r.detail().contains("s3cr"), "no password in details: " + r);
                }
            }
        }
        for (String id : EXPECTED.keySet()) {
            assertEquals(0, sim.playingSessions(id, "sub"), id + ": a probe never plays");
            assertEquals(0, sim.sessionsOpened(id, "sub"), id + ": a probe never sets up a session");
        }
        // A gone camera is only known after the connect timeout: it must still fit in one cycle.
        for (ProbeResult r : results.get("p-gone")) {
            assertTrue(r.durationNanos() < OPTIONS.connectTimeout().toNanos() + 500_000_000L, r.toString());
        }
    }

    @Test
    void aLiftedFaultIsOkWithinTheNextCycle() throws Exception {
        sim.setFault("p-ok", FaultSpec.of(Fault.NOT_FOUND));
        List<ProbeResult> seen = new CopyOnWriteArrayList<>();
        try (Prober prober = Prober.start(1, OPTIONS, () -> List.of(target("p-ok")), t -> false, seen::add)) {
            awaitResult(seen, r -> r.reason() == FailureReason.NOT_FOUND, 10);
            sim.clearFaults("p-ok");
            long cleared = System.nanoTime();
            ProbeResult ok = awaitResult(seen, ProbeResult::ok, 10);
            long latencyMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cleared);
            assertTrue(latencyMillis <= OPTIONS.cycle().toMillis() * 2 + 2000, "took " + latencyMillis + " ms");
            assertTrue(ok.ok());
            assertTrue(prober.stats().probesStarted() >= 2);
        } finally {
            sim.clearFaults("p-ok");
        }
    }

    private static ProbeResult awaitResult(List<ProbeResult> seen, java.util.function.Predicate<ProbeResult> p,
                                           int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        int from = seen.size();
        while (System.nanoTime() < deadline) {
            for (int i = from; i < seen.size(); i++) {
                if (p.test(seen.get(i))) {
                    return seen.get(i);
                }
            }
            Thread.sleep(50); // poll the collected results with a deadline
        }
        throw new AssertionError("no matching result within " + seconds + " s: " + seen);
    }

    private static boolean everyTargetAnswered(Map<String, List<ProbeResult>> results, int times) {
        for (String id : EXPECTED.keySet()) {
            if (!id.equals("p-watched") && (results.get(id) == null || results.get(id).size() < times)) {
                return false;
            }
        }
        return true;
    }
}
