package org.sharpeye.camsim.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole benchmark on a tiny fleet: camsim as a separate process, its main streams played and measured. */
class BenchCamSimBenchIT {

    @Test
    void measuresAFleetOfThreeCameras() throws Exception {
        // Its own address range, so a benchmark running beside the build does not collide with it.
        CamSimBench bench = new CamSimBench(CamSimBench.Options.parse(
                new String[] {"--streams", "3", "--seconds", "4", "--warmup", "2", "--base-ip", "127.2.9.1"}));

        CamSimBench.Result r = bench.run(3);

        assertEquals(3, r.streams());
        assertEquals(0, r.window().silent(), "every stream received data");
        assertEquals(0, r.window().failed());
        // The main profile is 2 Mbit/s; the clip encodes at about 2.16 and RTP adds its headers.
        assertTrue(r.window().minKbps() > 1500 && r.window().medianKbps() < 2700, CamSimBench.row(r));
        assertTrue(r.camsimCpuPercent() > 0 && r.rssKiB() > 50_000, CamSimBench.row(r));
        assertTrue(Math.abs(r.sentMbps() - r.window().totalMbps()) < 0.25 * r.sentMbps(),
                "the client received what camsim sent: " + CamSimBench.row(r));
    }
}
