package org.sharpeye.gateway;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sharpeye.media.EncodedSamples;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./sharpeye demo} in-process: the demo county in the embedded registry, its camsim fleet on loopback
 * addresses with the registry's credentials (a password with '@', '#' and ':'), and the gateway serving a class-III
 * camera's sub stream, read by Debian's ffprobe.
 */
class DemoIT {

    private static SharpEye demo;

    @BeforeAll
    static void start() {
        demo = SharpEye.demo(Map.of("SHARPEYE_HTTP_PORT", "0", "SHARPEYE_ADMIN_PASSWORD", "demo-it-Secret-1"));
    }

    @AfterAll
    static void stop() {
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    void anOperatorLogsInGetsALiveUrlAndItPlays() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String api = "http://127.0.0.1:" + demo.port() + "/api/v1";
        var login = http.send(HttpRequest.newBuilder(URI.create(api + "/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\",\"password\":\"demo-it-Secret-1\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, login.statusCode(), login.body());
        String bearer = new io.vertx.core.json.JsonObject(login.body()).getString("token");
        // 张庄村村委会: the first class-III camera of the demo county (a Dahua-style path with a query string).
        var live = http.send(HttpRequest.newBuilder(URI.create(api + "/cameras/34152201801328000201/live"))
                .header("Authorization", "Bearer " + bearer).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, live.statusCode(), live.body());
        String url = new io.vertx.core.json.JsonObject(live.body()).getJsonObject("urls").getString("flv")
                + "&profile=sub";
        var probe = EncodedSamples.run(List.of("ffprobe", "-v", "error", "-rw_timeout", "60000000",
                "-show_entries", "stream=codec_name,width,height", "-of", "default=nw=1", url));
        assertEquals(0, probe.exitCode(), probe.output());
        assertTrue(probe.output().contains("codec_name=h264"), probe.output());
        assertTrue(probe.output().contains("width=640") && probe.output().contains("height=360"), probe.output());
        // The view is in the audit log: who, which camera, from where, how long and how many bytes.
        long deadline = System.currentTimeMillis() + 15_000;
        String audit = "";
        while (System.currentTimeMillis() < deadline && !audit.contains("bytes")) {
            audit = http.send(HttpRequest.newBuilder(URI.create(api + "/audit?camera=34152201801328000201"))
                    .header("Authorization", "Bearer " + bearer).build(), HttpResponse.BodyHandlers.ofString()).body();
            Thread.sleep(200); // the view is written when the connection closes, on a worker thread: poll for it
        }
        assertTrue(audit.contains("LIVE_VIEW") && audit.contains("admin") && audit.contains("127.0.0.1"), audit);
        assertTrue(audit.contains("bytes") && audit.contains("seconds"), "the view's details carry its bytes: " + audit);
    }

    /** Regression: probes sent while camsim still encoded its clips reported healthy cameras as UNREACHABLE. */
    @Test
    void theProberFindsTheHealthyDemoFleetOnline() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI metrics = URI.create("http://127.0.0.1:" + demo.port() + "/metrics");
        // 200 probes take about 14 s of the 60 s cycle: past the start, when the cameras were still encoding.
        long deadline = System.currentTimeMillis() + 60_000;
        String text = "";
        while (System.currentTimeMillis() < deadline && probes(text) < 200) {
            text = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
            Thread.sleep(250); // probes are spread over the cycle: poll the counter until enough have run
        }
        assertTrue(probes(text) >= 200, "the prober ran " + probes(text) + " probes in 60 s");
        assertTrue(!text.contains("status=\"OFFLINE\""), "healthy demo cameras reported offline:\n" + text);
        assertTrue(text.contains("sharpeye_probes_total{reason=\"\",result=\"ok\"}")
                || text.contains("result=\"ok\""), text);
    }

    private static long probes(String metrics) {
        long n = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("sharpeye_probes_total{")) {
                n += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return n;
    }

    @Test
    void liveUrlsNeedALoginAndAToken() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        var anonymous = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + demo.port()
                        + "/api/v1/cameras/34152201801328000201/live")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode());
        var noToken = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + demo.port()
                + "/live/34152201801328000201.flv")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, noToken.statusCode());
    }

    @Test
    void theGatewayIsReadyAndServesTheConsole() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        var ready = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + demo.port() + "/readyz"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ready.statusCode());
        var index = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + demo.port() + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, index.statusCode());
        assertTrue(index.body().contains("SharpEye"));
    }
}
