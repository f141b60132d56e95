package org.sharpeye.gateway.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A camsim fleet in its own JVM, with its control API: fleet ids, main URLs, sessions per camera, faults. */
final class CamSimFleet implements AutoCloseable {
    /** One camera's main profile as camsim counts it. */
    record Sessions(int playing, int opened) {
    }

    private final Process process;
    private final int controlPort;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, String> mainUrls;

    private CamSimFleet(Process process, int controlPort, Map<String, String> mainUrls) {
        this.process = process;
        this.controlPort = controlPort;
        this.mainUrls = mainUrls;
    }

    static CamSimFleet start(int n, String baseIp, Path log) throws Exception {
        int controlPort = FreePort.pick();
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-cp", System.getProperty("java.class.path"), "org.sharpeye.camsim.CamSimMain",
                "--fleet", Integer.toString(n), "--codec", "h264", "--base-ip", baseIp, "--shared-clip",
                "--control-port", Integer.toString(controlPort))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        CamSimFleet fleet = new CamSimFleet(p, controlPort, Map.of());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline && p.isAlive()) {
            try {
                JsonNode cameras = fleet.get("/cameras");
                Map<String, String> urls = new LinkedHashMap<>();
                for (JsonNode c : cameras) {
                    urls.put(c.path("id").asText(), c.path("profiles").path("main").path("url").asText());
                }
                if (urls.size() == n) {
                    return new CamSimFleet(p, controlPort, urls);
                }
            } catch (IOException notYet) {
                // the control API is not listening yet
            }
            Thread.sleep(250); // polling: camsim announces readiness only by answering
        }
        p.destroyForcibly();
        throw new IllegalStateException("camsim did not start, see " + log);
    }

    /** camsim id -> main profile URL, in fleet order. */
    Map<String, String> mainUrls() {
        return mainUrls;
    }

    /** camsim id -> sessions of its main profile now. */
    Map<String, Sessions> sessions() throws IOException, InterruptedException {
        Map<String, Sessions> out = new LinkedHashMap<>();
        for (JsonNode c : get("/cameras")) {
            JsonNode m = c.path("profiles").path("main");
            out.put(c.path("id").asText(), new Sessions(m.path("playingSessions").asInt(),
                    m.path("sessionsOpened").asInt()));
        }
        return out;
    }

    void fault(String camsimId, String fault) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(uri("/cameras/" + camsimId + "/fault"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"fault\":\"" + fault + "\"}")).build());
    }

    void clearFault(String camsimId) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(uri("/cameras/" + camsimId + "/fault")).DELETE().build());
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        return new ObjectMapper().readTree(send(HttpRequest.newBuilder(uri(path)).GET().build()));
    }

    private String send(HttpRequest r) throws IOException, InterruptedException {
        HttpResponse<String> res = http.send(r, HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != 200) {
            throw new IOException("camsim " + r.uri().getPath() + ": " + res.statusCode() + " " + res.body());
        }
        return res.body();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + controlPort + path);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
        }
    }
}
