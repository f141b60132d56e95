package org.sharpeye.camsim.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The arithmetic and parsing of CamSimBench's measurements. */
class BenchMeasurementTest {

    @Test
    void cpuTicksAreUtimePlusStimeEvenWhenTheCommandHasSpacesAndParentheses() {
        String stat = "4242 (java (camsim) x) S 1 4242 4242 0 -1 4194560 5000 0 0 0 1234 567 0 0 20 0 30 0 100 "
                + "1000000 2000 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";
        assertEquals(1234 + 567, ProcessUsage.cpuTicks(stat));
    }

    @Test
    void readsThisProcessFromProc() throws Exception {
        ProcessUsage self = ProcessUsage.of(ProcessHandle.current().pid());
        assertTrue(self.cpuTicks() > 0, "a JVM running tests has used some CPU");
        assertTrue(self.rssKiB() > 10_000 && self.peakRssKiB() >= self.rssKiB(), self.toString());
        assertTrue(ProcessUsage.clockTicksPerSecond() > 0);
    }

    @Test
    void parsesHeapUsedFromJcmd() {
        String info = "12345:\n garbage-first heap   total 262144K, used 105472K [0x0000000700000000, 0x0000000800000000)\n"
                + "  region size 2048K, 20 young (40960K), 2 survivors (4096K)\n";
        assertEquals(OptionalLong.of(105472), ProcessUsage.parseHeapUsed(info));
        assertEquals(OptionalLong.empty(), ProcessUsage.parseHeapUsed("12345:\nAttachNotSupportedException"));
    }

    @Test
    void windowGivesPerStreamRatesAndCountsSilentAndFailedStreams() {
        URI u = URI.create("rtsp://127.2.0.1:8554/a");
        List<StreamCount> before = List.of(new StreamCount(u, 0, 0, StreamCount.State.PLAYING, null),
                new StreamCount(u, 1000, 1, StreamCount.State.PLAYING, null),
                new StreamCount(u, 0, 0, StreamCount.State.DESCRIBE, null));
        List<StreamCount> after = List.of(new StreamCount(u, 2_500_000, 2000, StreamCount.State.PLAYING, null),
                new StreamCount(u, 2_501_000, 2001, StreamCount.State.PLAYING, null),
                new StreamCount(u, 0, 0, StreamCount.State.FAILED, "DESCRIBE answered 404"));
        LoadWindow w = LoadWindow.between(before, after, 10);

        assertEquals(0, w.minKbps());
        assertEquals(2000, w.medianKbps(), 1e-9);
        assertEquals(4.0, w.totalMbps(), 1e-9);
        assertEquals(1, w.silent());
        assertEquals(1, w.failed());
        String row = CamSimBench.row(
                new CamSimBench.Result(3, 12.4, 204_800, OptionalLong.empty(), 5, w, 4.2, 0, 7, 30, 1.2));
        assertEquals("| 3 | 12 | 200 | n/a | 5 | 0 / 2000 | 4 / 4 | 1 (1) | 0 | 7 / 30 | 1.2 |", row);
    }

    @Test
    void readsMainUrlsFromTheControlApi() throws Exception {
        String json = "[{\"id\":\"cam-0001\",\"profiles\":{\"main\":{\"url\":\"rtsp://127.2.0.1:8554/Streaming/Channels/101\"},"
                + "\"sub\":{\"url\":\"rtsp://127.2.0.1:8554/Streaming/Channels/102\"}}},"
                + "{\"id\":\"cam-0002\",\"profiles\":{\"main\":{\"url\":\"rtsp://127.2.0.2:8554/Streaming/Channels/101\"}}}]";
        List<URI> urls = CamSimBench.mainUrls(new ObjectMapper().readTree(json));
        assertEquals(List.of(URI.create("rtsp://127.2.0.1:8554/Streaming/Channels/101"),
                URI.create("rtsp://127.2.0.2:8554/Streaming/Channels/101")), urls);
        assertEquals(urls, CamSimBench.mainUrls(new ObjectMapper().readTree("{\"cameras\":" + json + "}")));
    }
}
