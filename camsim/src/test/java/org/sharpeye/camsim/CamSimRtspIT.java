package org.sharpeye.camsim;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sharpeye.media.Codec;
import org.sharpeye.media.codec.SeiTimestamp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** camsim's RTSP server against a raw test client: status codes, robustness, RTP framing, SEI, sharing a mount. */
class CamSimRtspIT {

    static CamSim sim;
    static String url;

    @BeforeAll
    static void start() {
        sim = CamSim.start(CamSimConfig.of(List.of(
                CameraSpec.hikvisionLike("c1", "One", "127.0.0.1", 0, Codec.H264).onlyProfiles("sub"),
                CameraSpec.hikvisionLike("c2", "Two", "127.0.0.1", 0, Codec.H265).onlyProfiles("sub")
                        .withPaths("/two/102")), new AnnexBClipSource()));
        url = sim.url("c1", "sub");
        assertTrue(!url.contains(":0/") && url.startsWith("rtsp://127.0.0.1:"), "port 0 became a free port: " + url);
        assertTrue(sim.url("c2", "sub").startsWith(url.substring(0, url.indexOf("/Streaming"))),
                "cameras on one host with port 0 share the listener");
    }

    @AfterAll
    static void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void optionsEchoesCSeqAndListsMethods() throws IOException {
        try (TestRtspClient c = new TestRtspClient(url)) {
            c.request("OPTIONS", url);
            TestRtspClient.Response r = c.request("OPTIONS", "*");
            assertEquals(200, r.status());
            assertEquals("2", r.header("CSeq"));
            assertTrue(r.header("Public").contains("GET_PARAMETER"), r::toString);
        }
    }

    @Test
    void describeGivesSdpWithRelativeControlAndParameterSets() throws IOException {
        try (TestRtspClient c = new TestRtspClient(url)) {
            TestRtspClient.Response r = c.request("DESCRIBE", url, "Accept", "application/sdp");
            assertEquals(200, r.status());
            assertEquals(url + "/", r.header("Content-Base"));
            assertTrue(r.body().contains("a=control:trackID=0"), r.body());
            assertTrue(r.body().contains("a=rtpmap:96 H264/90000"), r.body());
            assertTrue(r.body().matches("(?s).*a=fmtp:96 packetization-mode=1;profile-level-id=[0-9A-F]{6};"
                    + "sprop-parameter-sets=[A-Za-z0-9+/=]+,[A-Za-z0-9+/=]+\r\n.*"), r.body());
            String h265 = c.request("DESCRIBE", sim.url("c2", "sub")).body();
            assertTrue(h265.contains("a=rtpmap:96 H265/90000") && h265.contains("sprop-vps="), h265);
        }
    }

    @Test
    void errorStatuses() throws IOException {
        try (TestRtspClient c = new TestRtspClient(url)) {
            assertEquals(404, c.request("DESCRIBE", url.replace("/Streaming/Channels/102", "/nope")).status());
            assertEquals(461, c.request("SETUP", url + "/trackID=0", "Transport",
                    "RTP/AVP;unicast;client_port=5000-5001").status());
            c.session = "DEADBEEF";
            assertEquals(454, c.request("PLAY", url).status());
            assertEquals(454, c.request("GET_PARAMETER", url).status());
            c.session = null;
            c.play(url);
            assertEquals(455, c.request("SETUP", url + "/trackID=0", "Transport",
                    "RTP/AVP/TCP;unicast;interleaved=0-1").status());
            TestRtspClient.Response keepalive = c.request("GET_PARAMETER", url);
            assertEquals(200, keepalive.status());
            assertTrue(keepalive.header("Session").startsWith(c.session + ";timeout=60"), keepalive::toString);
            assertEquals(200, c.request("TEARDOWN", url).status());
        }
    }

    @Test
    void malformedAndOversizedRequestsGet400AndClose() throws IOException {
        try (TestRtspClient c = new TestRtspClient(url)) {
            c.sendRaw("THIS IS NOT RTSP\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals(400, c.readResponse().status());
            assertTrue(c.closedWithin(2000));
        }
        try (TestRtspClient c = new TestRtspClient(url)) {
            c.sendRaw(("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            assertEquals(400, c.readResponse().status());
            assertTrue(c.closedWithin(2000));
        }
        try (TestRtspClient c = new TestRtspClient(url)) {
            c.sendRaw("OPTIONS * RTSP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)); // no CSeq
            assertEquals(400, c.readResponse().status());
        }
        try (TestRtspClient c = new TestRtspClient(url)) {
            assertEquals(200, c.request("OPTIONS", url).status(), "the server still serves");
        }
    }

    @Test
    void everyAccessUnitStartsWithAFreshSendTimeSei() throws IOException {
        try (TestRtspClient c = new TestRtspClient(url)) {
            c.play(url);
            // RTCP receiver reports from the client are interleaved too; the server must skip them.
            c.sendRaw(new byte[] {'$', 1, 0, 8, (byte) 0x81, (byte) 201, 0, 1, 1, 2, 3, 4});
            boolean startOfUnit = true;
            int units = 0;
            long firstSendTime = -1;
            long lastSendTime = -1;
            int lastSeq = -1;
            long lastTs = -1;
            while (units < 30) {
                TestRtspClient.Packet p = c.nextPacket(3000);
                assertNotNull(p, "packets keep coming");
                assertEquals(0, p.channel());
                assertEquals(2, (p.data()[0] & 0xff) >> 6, "RTP version 2");
                assertEquals(96, p.data()[1] & 0x7f);
                if (lastSeq >= 0) {
                    assertEquals((lastSeq + 1) & 0xffff, p.sequence(), "sequence numbers are continuous");
                }
                lastSeq = p.sequence();
                long ts = readUint32(p.data(), 4);
                if (startOfUnit) {
                    long micros = SeiTimestamp.read(Codec.H264, p.data(), 12, p.data().length - 12);
                    assertTrue(micros > 0, "access unit " + units + " starts with the send-time SEI");
                    long ageMicros = System.currentTimeMillis() * 1000 - micros;
                    assertTrue(Math.abs(ageMicros) < 1_000_000, "send time within a second of now: " + ageMicros);
                    firstSendTime = firstSendTime < 0 ? micros : firstSendTime;
                    lastSendTime = micros;
                    if (lastTs >= 0) {
                        assertEquals(3600, (ts - lastTs) & 0xffffffffL, "25 fps in 90 kHz ticks");
                    }
                    lastTs = ts;
                }
                startOfUnit = p.marker();
                if (p.marker()) {
                    units++;
                }
            }
            // Ticks are scheduled at start + n * 40 ms, so 29 intervals span 1160 ms give or take one late tick.
            long spanMs = (lastSendTime - firstSendTime) / 1000;
            assertTrue(Math.abs(spanMs - 29 * 40) <= 40, "29 frame intervals took " + spanMs + " ms");
        }
    }

    @Test
    void twoClientsShareOneMountAndCountersFollow() throws Exception {
        String two = sim.url("c2", "sub");
        long opened = sim.sessionsOpened("c2", "sub");
        try (TestRtspClient a = new TestRtspClient(two); TestRtspClient b = new TestRtspClient(two)) {
            a.play(two);
            for (int i = 0; i < 30; i++) {
                assertNotNull(a.nextPacket(3000)); // b joins mid-stream
            }
            b.play(two);
            waitFor(() -> sim.playingSessions("c2", "sub") == 2, "two playing sessions");
            assertEquals(opened + 2, sim.sessionsOpened("c2", "sub"));
            assertEquals(1, sim.stats().activeMounts.get(), "one timer for the mount");
            assertNotNull(a.nextPacket(3000));
            TestRtspClient.Packet sei = b.nextPacket(4000);
            TestRtspClient.Packet next = b.nextPacket(3000);
            assertTrue(SeiTimestamp.read(Codec.H265, sei.data(), 12, sei.data().length - 12) > 0);
            assertEquals(32, (next.data()[12] >> 1) & 0x3f, "a joining client starts at a keyframe: VPS after the SEI");
            assertEquals(200, a.request("TEARDOWN", two).status());
            waitFor(() -> sim.playingSessions("c2", "sub") == 1, "one left after TEARDOWN");
        }
        waitFor(() -> sim.playingSessions("c2", "sub") == 0, "none after the connections close");
        waitFor(() -> sim.stats().activeMounts.get() == 0, "the timer stops with the last client");
        assertEquals(opened + 2, sim.sessionsOpened("c2", "sub"));
    }

    static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private static long readUint32(byte[] b, int at) {
        return ((b[at] & 0xffL) << 24) | ((b[at + 1] & 0xffL) << 16) | ((b[at + 2] & 0xffL) << 8) | (b[at + 3] & 0xffL);
    }
}
