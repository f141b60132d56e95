package org.sharpeye.camsim;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sharpeye.media.Codec;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each fault's documented behaviour (docs/camsim.md), seen by ffprobe/ffmpeg or a raw client, then recovery. */
class CamSimFaultsIT {

    static final String OWN_HOST = "127.1.0.21";
    static final int PORT = 18556;
    static CamSim sim;

    @BeforeAll
    static void start() {
        sim = CamSim.start(CamSimConfig.of(List.of(
                CameraSpec.hikvisionLike("own", "Own address", OWN_HOST, PORT, Codec.H264).onlyProfiles("sub"),
                CameraSpec.hikvisionLike("shared", "Shared", "127.0.0.1", PORT, Codec.H264).onlyProfiles("sub"),
                CameraSpec.hikvisionLike("other", "Neighbour", "127.0.0.1", PORT, Codec.H264).onlyProfiles("sub")
                        .withPaths("/other/102")), new AnnexBClipSource()));
    }

    @AfterAll
    static void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    @AfterEach
    void clear() {
        sim.clearFaults("own");
        sim.clearFaults("shared");
    }

    private static void assertServesAgain(String camera) {
        sim.clearFaults(camera);
        FfmpegRun r = FfmpegRun.decode(sim.url(camera, "sub"), 2);
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("", r.stderr().strip(), r::toString);
    }

    private static void assertProbeFailsWith(String camera, String text) {
        FfmpegRun r = FfmpegRun.probe(sim.url(camera, "sub"));
        assertTrue(r.exitCode() != 0 && r.stderr().contains(text), () -> "expected '" + text + "': " + r);
    }

    @Test
    void statusFaults() {
        sim.setFault("shared", FaultSpec.of(Fault.UNAUTHORIZED));
        assertProbeFailsWith("shared", "401 Unauthorized");
        sim.setFault("shared", FaultSpec.of(Fault.NOT_FOUND));
        assertProbeFailsWith("shared", "404 Not Found");
        sim.setFault("shared", FaultSpec.of(Fault.UNAVAILABLE, "sub"));
        assertProbeFailsWith("shared", "503 Service Unavailable");
        assertEquals(0, FfmpegRun.probe(sim.url("other", "sub")).exitCode(), "the neighbour is unaffected");
        assertServesAgain("shared");
    }

    @Test
    void refuseOnOwnAddressRefusesConnects() throws IOException {
        sim.setFault("own", FaultSpec.of(Fault.REFUSE));
        try (Socket s = new Socket()) {
            assertThrows(ConnectException.class, () -> s.connect(new InetSocketAddress(OWN_HOST, PORT), 2000));
        }
        assertProbeFailsWith("own", "Connection refused");
        assertServesAgain("own");
    }

    @Test
    void refuseOnSharedAddressResetsAtFirstRequest() throws IOException {
        sim.setFault("shared", FaultSpec.of(Fault.REFUSE));
        try (TestRtspClient c = new TestRtspClient(sim.url("shared", "sub"))) {
            assertThrows(IOException.class, () -> c.request("DESCRIBE", sim.url("shared", "sub")));
        }
        assertEquals(0, FfmpegRun.probe(sim.url("other", "sub")).exitCode(), "the neighbour is unaffected");
        assertServesAgain("shared");
    }

    @Test
    void goneMakesConnectsTimeOut() throws IOException {
        sim.setFault("own", FaultSpec.of(Fault.GONE));
        try (Socket s = new Socket()) {
            long start = System.nanoTime();
            assertThrows(SocketTimeoutException.class, () -> s.connect(new InetSocketAddress(OWN_HOST, PORT), 1000));
            assertTrue(System.nanoTime() - start >= 900_000_000L, "the connect waited for its timeout");
        }
        FfmpegRun r = FfmpegRun.probe(sim.url("own", "sub"), "-timeout", "2000000");
        assertTrue(r.exitCode() != 0 && r.millis() >= 1900, r::toString);
        assertFalse(r.stderr().contains("refused"), r::toString);
        assertServesAgain("own");
    }

    @Test
    void stallKeepsTheConnectionButSendsNoRtp() throws IOException {
        String url = sim.url("shared", "sub");
        try (TestRtspClient c = new TestRtspClient(url)) {
            c.play(url);
            assertNotNull(c.nextPacket(3000), "packets before the stall");
            sim.setFault("shared", FaultSpec.of(Fault.STALL));
            drainFor(c, 200); // what was already in flight
            assertNull(c.nextPacket(2000), "no RTP while stalled");
            assertEquals(200, c.request("GET_PARAMETER", url).status(), "RTSP still answered");
            sim.clearFaults("shared");
            assertNotNull(c.nextPacket(3000), "RTP again once the stall is lifted");
        }
        assertServesAgain("shared");
    }

    @Test
    void closeEndsConnectionsAfterPlayAndAtOnce() throws IOException {
        String url = sim.url("shared", "sub");
        try (TestRtspClient open = new TestRtspClient(url)) {
            open.play(url);
            sim.setFault("shared", FaultSpec.of(Fault.CLOSE));
            assertTrue(open.closedWithin(2000), "an open connection is closed at once");
        }
        try (TestRtspClient c = new TestRtspClient(url)) {
            c.play(url); // PLAY is answered 200 ...
            assertTrue(c.closedWithin(2000), "... then the connection is closed");
        }
        FfmpegRun r = FfmpegRun.decode(url, 2);
        assertTrue(r.exitCode() != 0 || !r.stderr().isBlank(), r::toString);
        assertServesAgain("shared");
    }

    @Test
    void slowDelaysEveryResponse() throws IOException {
        String url = sim.url("shared", "sub");
        sim.setFault("shared", new FaultSpec(Fault.SLOW, null, 1200));
        try (TestRtspClient c = new TestRtspClient(url)) {
            long start = System.nanoTime();
            assertEquals(200, c.request("OPTIONS", url).status());
            assertEquals(200, c.request("DESCRIBE", url).status());
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms >= 2400, "two responses, each 1.2 s late: " + ms);
            sim.clearFaults("shared");
            start = System.nanoTime();
            assertEquals(200, c.request("OPTIONS", url).status());
            assertTrue((System.nanoTime() - start) / 1_000_000 < 1000, "fast again");
        }
    }

    @Test
    void garbageRtpIsFramedButNotRtp() throws IOException {
        String url = sim.url("shared", "sub");
        try (TestRtspClient c = new TestRtspClient(url)) {
            c.play(url);
            TestRtspClient.Packet real = c.nextPacket(3000);
            assertNotNull(real);
            int ssrc = ByteBuffer.wrap(real.data(), 8, 4).getInt();
            sim.setFault("shared", FaultSpec.of(Fault.GARBAGE_RTP));
            drainFor(c, 200);
            int notOurs = 0;
            for (int i = 0; i < 40; i++) {
                TestRtspClient.Packet p = c.nextPacket(3000);
                assertNotNull(p, "garbage keeps coming, well framed");
                assertEquals(0, p.channel());
                if (p.data().length < 12 || ByteBuffer.wrap(p.data(), 8, 4).getInt() != ssrc) {
                    notOurs++;
                }
            }
            assertTrue(notOurs >= 38, "random bytes, not our RTP stream: " + notOurs);
        }
        assertServesAgain("shared");
    }

    @Test
    void frozenAndBlackPicturesAreDetected() {
        String url = sim.url("shared", "sub");
        sim.setFault("shared", FaultSpec.of(Fault.FROZEN));
        FfmpegRun frozen = FfmpegRun.filter(url, 4, "freezedetect=n=0.003:d=1");
        assertTrue(frozen.stderr().contains("freeze_start"), frozen::toString);
        sim.setFault("shared", FaultSpec.of(Fault.BLACK));
        FfmpegRun black = FfmpegRun.filter(url, 4, "blackdetect=d=1");
        assertTrue(black.stderr().contains("black_start"), black::toString);
        sim.clearFaults("shared");
        FfmpegRun live = FfmpegRun.filter(url, 3, "freezedetect=n=0.003:d=1,blackdetect=d=1");
        assertFalse(live.stderr().contains("freeze_start") || live.stderr().contains("black_start"), live::toString);
    }

    private static void drainFor(TestRtspClient c, int ms) throws IOException {
        long end = System.currentTimeMillis() + ms;
        while (System.currentTimeMillis() < end && c.nextPacket(50) != null) {
            // discard
        }
    }
}
