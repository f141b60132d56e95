package org.sharpeye.ingest.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * The prober benchmark (docs/benchmarks.md "## health"): camsim runs as a separate process with a fleet of N
 * cameras; the prober probes every main profile once per cycle; this process's CPU time over whole cycles is the
 * prober's cost. Then, on a short cycle, the detection latency of camera faults ({@code gone} / {@code refuse}).
 *
 * <p>{@code ProbeBench [--fleets 1000,10000] [--cycle 60] [--cycles 2] [--faults 20] [--fault-cycle 10]}
 */
public final class ProbeBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ProbeBench() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> fleets = List.of(1000, 10000);
        int cycleSeconds = 60;
        int cycles = 2;
        int faults = 20;
        int faultCycle = 10;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--fleets" -> fleets = Arrays.stream(args[i + 1].split(",")).map(Integer::parseInt).toList();
                case "--cycle" -> cycleSeconds = Integer.parseInt(args[i + 1]);
                case "--cycles" -> cycles = Integer.parseInt(args[i + 1]);
                case "--faults" -> faults = Integer.parseInt(args[i + 1]);
                case "--fault-cycle" -> faultCycle = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        for (int n : fleets) {
            int controlPort = freePort();
            Path log = Files.createTempFile("camsim-probe-" + n, ".log");
            Process camsim = new ProcessBuilder("java", "-Xmx2g", "-cp", System.getProperty("java.class.path"),
                    "org.sharpeye.camsim.CamSimMain", "--fleet", Integer.toString(n), "--codec", "h264",
                    "--base-ip", "127.3.0.1", "--shared-clip", "--control-port", Integer.toString(controlPort))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                List<ProbeTarget> targets = targets(camsim, controlPort, n);
                awaitDescribe(targets.get(0));
                cycleRun(n, targets, cycleSeconds, cycles, controlPort);
                if (n == fleets.get(0) && faults > 0) {
                    latencyRun(targets.subList(0, Math.min(100, targets.size())), faultCycle, faults, controlPort);
                }
            } finally {
                camsim.destroy();
                if (!camsim.waitFor(10, TimeUnit.SECONDS)) {
                    camsim.destroyForcibly().waitFor();
                }
            }
        }
    }

    private static void cycleRun(int n, List<ProbeTarget> targets, int cycleSeconds, int cycles, int controlPort)
            throws Exception {
        ProberOptions options = ProberOptions.DEFAULT.withCycle(Duration.ofSeconds(cycleSeconds));
        ConcurrentLinkedQueue<Long> durations = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        long cpu0 = cpuNanos();
        long wall0 = System.nanoTime();
        List<Long> cycleMillis = new ArrayList<>();
        ProberStats stats;
        try (Prober prober = Prober.start(1, options, () -> targets, t -> false, r -> {
            durations.add(r.durationNanos());
            if (!r.ok()) {
                failures.add(r.cameraId() + " " + r.reason() + " " + r.detail());
            }
        })) {
            long seen = 0;
            while ((stats = prober.stats()).cycles() < cycles) {
                if (stats.cycles() > seen) {
                    seen = stats.cycles();
                    cycleMillis.add(stats.lastCycleMillis());
                }
                Thread.sleep(200); // polling the prober's figures: the benchmark spans whole cycles
            }
            cycleMillis.add(stats.lastCycleMillis());
        }
        long cpu = cpuNanos() - cpu0;
        long wall = System.nanoTime() - wall0;
        List<Long> sorted = new ArrayList<>(durations);
        Collections.sort(sorted);
        long sessions = sessionsOpened(controlPort);
        System.out.printf("fleet %d: cycle %d s x %d; cycle times %s ms; probes %d, failed %d, max in flight %d;"
                        + " probe p50 %.1f ms p99 %.1f ms; prober CPU %.1f%% of one core; camsim sessionsOpened %d%n",
                n, cycleSeconds, cycles, cycleMillis, stats.probesStarted(), stats.probesFailed(),
                stats.maxInFlight(), pct(sorted, 0.5) / 1e6, pct(sorted, 0.99) / 1e6, 100.0 * cpu / wall, sessions);
        failures.stream().limit(5).forEach(f -> System.out.println("  failure: " + f));
    }

    private static void latencyRun(List<ProbeTarget> targets, int cycleSeconds, int faults, int controlPort)
            throws Exception {
        ProberOptions options = ProberOptions.DEFAULT.withCycle(Duration.ofSeconds(cycleSeconds));
        ConcurrentLinkedQueue<ProbeResult> results = new ConcurrentLinkedQueue<>();
        List<Long> latencies = new ArrayList<>();
        try (Prober prober = Prober.start(1, options, () -> targets, t -> false, results::add)) {
            Thread.sleep(cycleSeconds * 1000L); // one clean cycle first
            for (int i = 0; i < faults; i++) {
                ProbeTarget victim = targets.get((i * 37) % targets.size());
                String fault = i % 2 == 0 ? "gone" : "refuse";
                Thread.sleep((long) (Math.random() * cycleSeconds * 1000)); // a fault comes at any point
                results.clear();
                put(controlPort, victim.cameraId(), fault);
                long t0 = System.nanoTime();
                long deadline = t0 + TimeUnit.SECONDS.toNanos(cycleSeconds * 3L + 10);
                Long latency = null;
                while (latency == null && System.nanoTime() < deadline) {
                    for (ProbeResult r : results) {
                        if (r.cameraId().equals(victim.cameraId()) && !r.ok()) {
                            latency = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                            break;
                        }
                    }
                    Thread.sleep(10); // polling the collected results; 10 ms resolution
                }
                delete(controlPort, victim.cameraId());
                latencies.add(latency == null ? Long.MAX_VALUE : latency);
            }
        }
        Collections.sort(latencies);
        System.out.printf("detection latency over %d faults (gone/refuse), cycle %d s, connect timeout %d ms: "
                        + "p50 %d ms, p99 %d ms, max %d ms (bound: cycle + 2 s = %d ms)%n", faults, cycleSeconds,
                options.connectTimeout().toMillis(), pct(latencies, 0.5), pct(latencies, 0.99),
                latencies.get(latencies.size() - 1), cycleSeconds * 1000 + 2000);
    }

    /** camsim answers DESCRIBE once its shared clip is encoded (tens of seconds): wait for that, not measure it. */
    private static void awaitDescribe(ProbeTarget target) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            java.util.concurrent.CompletableFuture<ProbeResult> first = new java.util.concurrent.CompletableFuture<>();
            ProberOptions quick = new ProberOptions(Duration.ofSeconds(10), 1, Duration.ofSeconds(2),
                    Duration.ofSeconds(5), 3);
            try (Prober p = Prober.start(1, quick, () -> List.of(target), t -> false, first::complete)) {
                if (first.get(20, TimeUnit.SECONDS).ok()) {
                    return;
                }
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // try again
            }
            Thread.sleep(1000); // camsim announces no "clip ready": poll with a deadline
        }
        throw new IllegalStateException("camsim never answered DESCRIBE");
    }

    private static long pct(List<Long> sorted, double q) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static List<ProbeTarget> targets(Process camsim, int controlPort, int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (!camsim.isAlive()) {
                throw new IllegalStateException("camsim exited with " + camsim.exitValue());
            }
            try {
                JsonNode root = JSON.readTree(get(controlPort, "/cameras"));
                List<ProbeTarget> targets = new ArrayList<>();
                for (JsonNode camera : root.isArray() ? root : root.path("cameras")) {
                    JsonNode url = camera.path("profiles").path("main").path("url");
                    if (url.isTextual()) {
                        targets.add(new ProbeTarget(camera.path("id").asText(), "main", URI.create(url.asText()),
                                null));
                    }
                }
                if (targets.size() == n) {
                    return targets;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(250); // polling: camsim announces readiness only by answering
        }
        throw new IllegalStateException("camsim did not list " + n + " cameras");
    }

    private static long sessionsOpened(int controlPort) throws Exception {
        long sum = 0;
        for (JsonNode camera : JSON.readTree(get(controlPort, "/cameras"))) {
            for (JsonNode profile : camera.path("profiles")) {
                sum += profile.path("sessionsOpened").asLong();
            }
        }
        return sum;
    }

    private static String get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void put(int port, String id, String fault) throws Exception {
        HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/cameras/" + id + "/fault"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"fault\":\"" + fault + "\"}"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void delete(int port, String id) throws Exception {
        HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/cameras/" + id + "/fault"))
                .DELETE().timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
