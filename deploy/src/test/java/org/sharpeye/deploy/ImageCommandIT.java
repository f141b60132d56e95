package org.sharpeye.deploy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The image's start, without Docker: the Dockerfile's ENTRYPOINT and CMD run as Docker would run them (sh -c with
 * CMD as arguments, the image's ENV), against the jar this build produced, with the image's paths mapped to a
 * temporary directory. The node must come up and serve /healthz, /readyz and /metrics, and the HEALTHCHECK command
 * must pass against it and fail once it is stopped.
 */
class ImageCommandIT {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process node;

    @TempDir
    Path root;

    @AfterEach
    void stop() throws InterruptedException {
        if (node != null && node.isAlive()) {
            node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theImageCommandStartsTheBuiltJarAndPassesItsHealthCheck() throws Exception {
        Dockerfile docker = Dockerfile.parse(DeployFiles.file("docker/Dockerfile"));
        Path jar = DeployFiles.REPO.resolve(DockerfileTest.builtJar());
        assertTrue(Files.isRegularFile(jar), jar + " is built before the deploy module's integration tests "
                + "(mvn verify builds the gateway first)");

        // container path -> host path: the copied files, the data volume, /tmp
        Map<String, String> paths = new LinkedHashMap<>();
        docker.copies().forEach((source, destination) ->
                paths.put(destination, DeployFiles.REPO.resolve(source).toString()));
        String volume = Dockerfile.execForm(docker.one("VOLUME")).get(0);
        paths.put(volume, Files.createDirectories(root.resolve("volume")).toString());
        paths.put("/tmp/", Files.createDirectories(root.resolve("tmp")) + "/");

        Map<String, String> env = new LinkedHashMap<>();
        docker.env().forEach((k, v) -> env.put(k, mapped(v, paths)));
        int port = freePort();
        env.put("SHARPEYE_HTTP_PORT", Integer.toString(port));
        env.put("SHARPEYE_HTTP_HOST", "127.0.0.1"); // tests listen on loopback only
        env.put("SHARPEYE_ADMIN_PASSWORD", "image-command-it-" + System.nanoTime());
        env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));

        List<String> command = new ArrayList<>();
        for (String word : Dockerfile.execForm(docker.one("ENTRYPOINT"))) {
            command.add(mapped(word, paths));
        }
        for (String word : Dockerfile.execForm(docker.one("CMD"))) {
            command.add(mapped(word, paths));
        }
        Path log = root.resolve("node.log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(Path.of(paths.get(volume)).toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        node = pb.start();

        String base = "http://127.0.0.1:" + port;
        awaitStatus(base + "/healthz", 200, log);
        awaitStatus(base + "/readyz", 200, log);
        HttpResponse<String> metrics = get(base + "/metrics");
        assertEquals(200, metrics.statusCode());
        Set<String> live = ExportedMetrics.namesIn(metrics.body());
        assertTrue(live.containsAll(Set.of("sharpeye_streams", "sharpeye_stream_bits_per_second",
                "jvm_memory_used_bytes", "process_cpu_seconds_total")), live.toString());
        Set<String> unexpected = new TreeSet<>(live);
        unexpected.removeAll(ExportedMetrics.names());
        assertEquals(Set.of(), unexpected, "the live node exports what the rules' check knows of");

        List<String> healthCheck = docker.healthCheckCommand();
        assertEquals(0, runHealthCheck(healthCheck, port), "HEALTHCHECK passes against the running node");

        // SIGTERM, as docker stop, systemd and the kubelet send it: the node closes in order and exits 143
        node.destroy();
        assertTrue(node.waitFor(45, TimeUnit.SECONDS), "stopped within the 45 s grace the deployments give");
        assertEquals(143, node.exitValue(), "the status systemd's SuccessExitStatus accepts");
        assertNotEquals(0, runHealthCheck(healthCheck, port), "HEALTHCHECK fails once the node is gone");
        assertTrue(Files.isRegularFile(Path.of(paths.get(volume)).resolve("registry.mv.db")),
                "the embedded store is in the volume");
    }

    /** Container paths replaced by host paths in one pass (a host path may itself contain /tmp/). */
    private static String mapped(String text, Map<String, String> paths) {
        java.util.regex.Pattern any = java.util.regex.Pattern.compile(String.join("|",
                paths.keySet().stream().map(java.util.regex.Pattern::quote).toList()));
        return any.matcher(text).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(paths.get(m.group())));
    }

    private int runHealthCheck(List<String> command, int port) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("SHARPEYE_HTTP_PORT", Integer.toString(port));
        Process p = pb.start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "the health check ends");
        return p.exitValue();
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Polls until the URL answers the status, with a deadline (the node announces readiness only over HTTP). */
    private void awaitStatus(String url, int status, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        int last = -1;
        while (System.nanoTime() < deadline) {
            assertTrue(node.isAlive(), "the node exited: " + tail(log));
            try {
                last = get(url).statusCode();
                if (last == status) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError(url + " answered " + last + " after 120 s: " + tail(log));
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
