package org.sharpeye.camsim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sharpeye.media.Codec;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The control API sets and clears faults, lists cameras and stats; a stuck client loses packets, not the camera. */
class CamSimControlApiIT {

    static CamSim sim;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() {
        sim = CamSim.start(CamSimConfig.of(List.of(
                CameraSpec.hikvisionLike("api1", "Api one", "127.0.0.1", 18557, Codec.H264).onlyProfiles("sub"),
                CameraSpec.hikvisionLike("api2", "Api two", "127.1.0.33", 18557, Codec.H264)
                        .withFaults(List.of(FaultSpec.of(Fault.NOT_FOUND, "main")))), new AnnexBClipSource()));
    }

    @AfterAll
    static void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    static HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sim.controlPort() + path));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void listsCamerasWithUrlsFaultsAndCounters() throws Exception {
        HttpResponse<String> r = call("GET", "/cameras", null);
        assertEquals(200, r.statusCode());
        JsonNode cams = JSON.readTree(r.body());
        assertEquals(2, cams.size());
        JsonNode api2 = cams.get(1);
        assertEquals("api2", api2.path("id").asText());
        assertEquals("H264", api2.path("codec").asText());
        assertEquals("rtsp://127.1.0.33:18557/Streaming/Channels/101", api2.path("profiles").path("main").path("url").asText());
        assertEquals("not_found", api2.path("profiles").path("main").path("fault").asText(), "fault from config");
        assertTrue(api2.path("profiles").path("sub").path("fault").isNull());
        assertEquals(0, api2.path("profiles").path("sub").path("playingSessions").asInt());
        assertEquals(200, call("GET", "/cameras/api1", null).statusCode());
        JsonNode stats = JSON.readTree(call("GET", "/stats", null).body());
        assertTrue(stats.has("mountsActive") && stats.has("clients") && stats.has("packetsSent")
                && stats.has("bytesSent"), stats::toString);
    }

    @Test
    void setsAndClearsFaults() throws Exception {
        String url = sim.url("api1", "sub");
        try (TestRtspClient c = new TestRtspClient(url)) {
            c.play(url);
            assertNotNull(c.nextPacket(3000));
            HttpResponse<String> put = call("PUT", "/cameras/api1/fault", "{\"fault\":\"stall\",\"profile\":\"all\"}");
            assertEquals(200, put.statusCode(), put::body);
            assertEquals("stall", JSON.readTree(put.body()).path("profiles").path("sub").path("fault").asText());
            assertEquals(Fault.STALL, sim.faults("api1").get("sub").fault());
            while (c.nextPacket(200) != null) {
                // what was in flight
            }
            assertNull(c.nextPacket(1500), "stalled through the API");
            assertEquals(1, JSON.readTree(call("GET", "/cameras/api1", null).body()).path("profiles").path("sub")
                    .path("playingSessions").asInt());
            assertEquals(200, call("DELETE", "/cameras/api1/fault", null).statusCode());
            assertTrue(sim.faults("api1").isEmpty());
            assertNotNull(c.nextPacket(3000), "flowing again");
        }
        HttpResponse<String> slow = call("PUT", "/cameras/api1/fault", "{\"fault\":\"slow\",\"delayMs\":700}");
        assertEquals(200, slow.statusCode());
        assertEquals(700, sim.faults("api1").get("sub").delayMs());
        call("DELETE", "/cameras/api1/fault", null);
    }

    @Test
    void badRequestsGet400AndUnknownCameras404() throws Exception {
        HttpResponse<String> unknownFault = call("PUT", "/cameras/api1/fault", "{\"fault\":\"melted\"}");
        assertEquals(400, unknownFault.statusCode());
        assertTrue(JSON.readTree(unknownFault.body()).path("error").asText().contains("melted"));
        assertEquals(400, call("PUT", "/cameras/api1/fault", "not json").statusCode());
        assertEquals(400, call("PUT", "/cameras/api1/fault", "{\"fault\":\"stall\",\"profile\":\"third\"}").statusCode());
        assertEquals(400, call("PUT", "/cameras/api1/fault", "{\"fault\":\"frozen\",\"profile\":\"main\"}").statusCode(),
                "api1 has no main profile");
        assertEquals(404, call("GET", "/cameras/nope", null).statusCode());
        assertEquals(404, call("PUT", "/cameras/nope/fault", "{\"fault\":\"stall\"}").statusCode());
        assertEquals(404, call("DELETE", "/cameras/nope/fault", null).statusCode());
        assertTrue(sim.faults("api1").isEmpty(), "nothing was set");
    }

    @Test
    void aStuckClientLosesPacketsWhileAnotherKeepsUp() throws Exception {
        String url = sim.url("api1", "sub");
        long droppedBefore = sim.stats().packetsDropped.get();
        try (TestRtspClient stuck = new TestRtspClient(url, 4096); TestRtspClient good = new TestRtspClient(url)) {
            stuck.play(url);
            good.play(url);
            long deadline = System.currentTimeMillis() + 8000;
            int received = 0;
            while (sim.stats().packetsDropped.get() == droppedBefore && System.currentTimeMillis() < deadline) {
                if (good.nextPacket(1000) != null) {
                    received++;
                }
            }
            assertTrue(sim.stats().packetsDropped.get() > droppedBefore, "the stuck client lost packets");
            assertTrue(received > 50, "the other client kept receiving: " + received);
            assertEquals(2, sim.playingSessions("api1", "sub"), "nobody was thrown out");
        }
    }

    @Test
    void unknownRouteIs404() throws Exception {
        assertEquals(404, call("GET", "/nothing", null).statusCode());
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", sim.controlPort()), 1000);
            s.getOutputStream().write("GARBAGE\r\n\r\n".getBytes());
            assertTrue(new String(s.getInputStream().readNBytes(12)).startsWith("HTTP/1.1 400"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
