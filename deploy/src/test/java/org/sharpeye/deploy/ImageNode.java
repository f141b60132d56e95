package org.sharpeye.deploy;

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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node started the way the image starts it, without Docker: the Dockerfile's ENTRYPOINT and CMD run as Docker
 * runs them (sh -c, CMD as its arguments) with the image's ENV plus a deployment's environment, against the jar
 * this build produced; the image's paths (copied files, the data volume, /tmp) are mapped to host paths. It listens
 * on loopback only.
 */
final class ImageNode implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final Dockerfile docker = Dockerfile.parse(DeployFiles.file("docker/Dockerfile"));
    final int port;
    final Path volume;
    private final Path log;
    private final Process process;

    private ImageNode(Path root, Map<String, String> deploymentEnv, int port) throws IOException {
        this.port = port;
        Path jar = DeployFiles.REPO.resolve(DockerfileTest.builtJar());
        assertTrue(Files.isRegularFile(jar), jar + " is built before the deploy module's integration tests "
                + "(mvn verify builds the gateway first)");
        Map<String, String> paths = new LinkedHashMap<>();
        docker.copies().forEach((source, destination) ->
                paths.put(destination, DeployFiles.REPO.resolve(source).toString()));
        String volumePath = Dockerfile.execForm(docker.one("VOLUME")).get(0);
        volume = Files.createDirectories(root.resolve("volume"));
        paths.put(volumePath, volume.toString());
        paths.put("/tmp/", Files.createDirectories(root.resolve("tmp")) + "/");

        Map<String, String> env = new LinkedHashMap<>();
        docker.env().forEach((k, v) -> env.put(k, mapped(v, paths)));
        deploymentEnv.forEach((k, v) -> env.put(k, mapped(v, paths)));
        env.put("SHARPEYE_HTTP_PORT", Integer.toString(port));
        env.put("SHARPEYE_HTTP_HOST", "127.0.0.1"); // tests listen on loopback only
        env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));

        List<String> command = new ArrayList<>();
        for (String word : Dockerfile.execForm(docker.one("ENTRYPOINT"))) {
            command.add(mapped(word, paths));
        }
        for (String word : Dockerfile.execForm(docker.one("CMD"))) {
            command.add(mapped(word, paths));
        }
        log = root.resolve("node.log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(volume.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        process = pb.start();
    }

    /** Starts a node in {@code root} with a deployment's environment (container paths in values are mapped). */
    static ImageNode start(Path root, Map<String, String> deploymentEnv) throws IOException {
        return new ImageNode(root, deploymentEnv, freePort());
    }

    /** The same on a given port (a deployment that names its own address, as compose's advertised URLs do). */
    static ImageNode start(Path root, Map<String, String> deploymentEnv, int port) throws IOException {
        return new ImageNode(root, deploymentEnv, port);
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    /** Container paths replaced by host paths in one pass (a host path may itself contain /tmp/). */
    private static String mapped(String text, Map<String, String> paths) {
        Pattern any = Pattern.compile(String.join("|", paths.keySet().stream().map(Pattern::quote).toList()));
        return any.matcher(text).replaceAll(m -> Matcher.quoteReplacement(paths.get(m.group())));
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base() + path)));
    }

    /** Polls until the path answers the status, with a deadline (the node announces readiness only over HTTP). */
    void awaitStatus(String path, int status) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        int last = -1;
        while (System.nanoTime() < deadline) {
            assertTrue(process.isAlive(), "the node exited: " + tail());
            try {
                last = get(path).statusCode();
                if (last == status) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError(path + " answered " + last + " after 180 s: " + tail());
    }

    /** Sends SIGTERM, as docker stop, systemd and the kubelet do; returns the exit status (-1: not in time). */
    int terminate(long seconds) throws InterruptedException {
        process.destroy();
        return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
