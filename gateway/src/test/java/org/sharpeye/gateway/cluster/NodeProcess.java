package org.sharpeye.gateway.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One SharpEye node in its own JVM ({@code SharpEye run --config FILE}), on 127.0.0.1 and a port of its own. */
final class NodeProcess implements AutoCloseable {
    private final String id;
    private final int port;
    private final Path config;
    private final Path log;
    private final Map<String, String> env;
    private Process process;

    private NodeProcess(String id, int port, Path config, Path log, Map<String, String> env) {
        this.id = id;
        this.port = port;
        this.config = config;
        this.log = log;
        this.env = env;
    }

    /** Writes the node's configuration and starts it (see {@link #awaitReady}). */
    static NodeProcess start(String id, Path dir, String redisUrl, Map<String, String> env) throws Exception {
        int port = FreePort.pick();
        Files.createDirectories(dir);
        Path config = dir.resolve(id + ".yaml");
        Files.writeString(config, String.join("\n",
                "http:", "  host: 127.0.0.1", "  port: " + port,
                "data:", "  dir: " + dir.resolve(id + "-data"),
                "store:", "  kind: redis", "  redisUrl: " + redisUrl,
                "cluster:", "  nodeId: " + id, "  advertiseUrl: http://127.0.0.1:" + port, ""));
        NodeProcess n = new NodeProcess(id, port, config, dir.resolve(id + ".log"), env);
        n.launch();
        return n;
    }

    private void launch() throws IOException {
        ProcessBuilder b = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "org.sharpeye.gateway.SharpEye", "run", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        b.environment().putAll(env);
        process = b.start();
    }

    /** Waits until the gateway answers /readyz. */
    void awaitReady(Duration within) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("node " + id + " exited with " + process.exitValue() + ", see " + log);
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/readyz"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200); // polling: the node announces readiness only by answering /readyz
        }
        throw new IllegalStateException("node " + id + " not ready in " + within + ", see " + log);
    }

    String id() {
        return id;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    Path log() {
        return log;
    }

    /** CPU time the process has used so far, in seconds (user + system, from /proc). */
    double cpuSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime, stime in clock ticks (USER_HZ 100)
    }

    /** SIGKILL: the node gets no chance to hand anything over. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
    }

    /** Starts the node again with the same id, port and configuration (killing the old process if it still runs). */
    void restart() throws IOException, InterruptedException {
        if (process.isAlive()) {
            kill();
        }
        launch();
    }

    /** The log lines of Netty's leak detector, if any. */
    List<String> leaks() throws IOException {
        return Files.readAllLines(log).stream().filter(l -> l.contains("LEAK:")).toList();
    }

    /** SIGTERM (an orderly stop: the node hands its cameras over), then SIGKILL if it hangs. */
    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
