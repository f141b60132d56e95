package org.sharpeye.gateway.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A camsim fleet in its own JVM, so that what it costs is not counted as SharpEye's. */
final class CamSimProcess implements AutoCloseable {

    private final Process process;
    private final Map<String, String> mainUrls;
    private final int controlPort;

    private CamSimProcess(Process process, Map<String, String> mainUrls, int controlPort) {
        this.process = process;
        this.mainUrls = mainUrls;
        this.controlPort = controlPort;
    }

    /** Starts {@code n} H.264 cameras from {@code baseIp}, all playing one shared clip, and waits until they listen. */
    static CamSimProcess start(int n, String baseIp) throws Exception {
        int controlPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            controlPort = s.getLocalPort();
        }
        Path log = Files.createTempFile("camsim-live-bench-", ".log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.sharpeye.camsim.CamSimMain",
                "--fleet", Integer.toString(n), "--codec", "h264", "--base-ip", baseIp, "--shared-clip",
                "--control-port", Integer.toString(controlPort))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline && p.isAlive()) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + controlPort + "/cameras"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                Map<String, String> urls = mainUrls(new ObjectMapper().readTree(r.body()));
                if (r.statusCode() == 200 && urls.size() == n) {
                    return new CamSimProcess(p, urls, controlPort);
                }
            } catch (IOException notYet) {
                // camsim's control API is not listening yet
            }
            Thread.sleep(250); // polling: camsim announces readiness only by answering
        }
        p.destroyForcibly();
        throw new IllegalStateException("camsim did not start, see " + log);
    }

    private static Map<String, String> mainUrls(JsonNode root) {
        JsonNode cameras = root.isArray() ? root : root.path("cameras");
        Map<String, String> urls = new LinkedHashMap<>();
        for (JsonNode c : cameras) {
            JsonNode url = c.path("profiles").path("main").path("url");
            if (url.isTextual()) {
                urls.put(c.path("id").asText(), url.asText());
            }
        }
        return urls;
    }

    /** Camera id to main-profile RTSP URL, in fleet order. */
    Map<String, String> mainUrls() {
        return mainUrls;
    }

    List<String> ids() {
        return List.copyOf(mainUrls.keySet());
    }

    /** camsim's control API port on 127.0.0.1 (faults: {@code PUT/DELETE /cameras/{id}/fault}). */
    int controlPort() {
        return controlPort;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
        }
    }
}
