package org.sharpeye.camsim.bench;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * The camsim load benchmark: for each fleet size N, starts camsim as a separate process with N cameras sharing
 * one main-profile clip (1280x720, 25 fps, 2 Mbit/s H.264), plays every camera's main stream with
 * {@link RtspLoadClient}, and measures camsim's CPU and memory over a window. Prints one Markdown table row per N.
 *
 * <p>Usage: {@code CamSimBench [--streams 100,500,1000] [--seconds 30] [--warmup 10] [--threads 1]
 * [--base-ip 127.2.0.1] [--codec h264] [--camsim-jvm-opts "-Xmx2g"]}
 */
public final class CamSimBench {

    /** Table header matching {@link #row}. */
    public static final String HEADER = """
            | streams | camsim CPU (% of one core) | camsim RSS (MiB) | camsim heap used (MiB) \
            | load client CPU (% of one core) | per-stream kbit/s min / median | all streams Mbit/s received / sent \
            | streams without data (failed) | packets dropped by camsim | frames skipped / ticks late (camsim) \
            | machine load avg |
            |---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|""";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Options options;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final long ticksPerSecond = ProcessUsage.clockTicksPerSecond();

    /** One fleet size's figures. */
    record Result(int streams, double camsimCpuPercent, long rssKiB, OptionalLong heapKiB, double clientCpuPercent,
                  LoadWindow window, double sentMbps, long droppedPackets, long framesSkipped, long ticksLate,
                  double loadAverage) {
    }

    /** The benchmark's settings; every one has a default. */
    record Options(List<Integer> streams, int seconds, int warmup, int threads, String baseIp, String codec,
                   List<String> camsimJvmOpts) {

        static Options parse(String[] args) {
            List<Integer> streams = List.of(100, 500, 1000);
            int seconds = 30;
            int warmup = 10;
            int threads = 1;
            String baseIp = "127.2.0.1";
            String codec = "h264";
            List<String> jvm = List.of();
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                if (value == null) {
                    throw new IllegalArgumentException("missing value after " + args[i]);
                }
                switch (args[i]) {
                    case "--streams" -> streams = java.util.Arrays.stream(value.split(",")).map(String::strip)
                            .map(Integer::valueOf).toList();
                    case "--seconds" -> seconds = Integer.parseInt(value);
                    case "--warmup" -> warmup = Integer.parseInt(value);
                    case "--threads" -> threads = Integer.parseInt(value);
                    case "--base-ip" -> baseIp = value;
                    case "--codec" -> codec = value;
                    case "--camsim-jvm-opts" -> jvm = List.of(value.trim().split("\\s+"));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
                i++;
            }
            return new Options(streams, seconds, warmup, threads, baseIp, codec, jvm);
        }
    }

    CamSimBench(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: CamSimBench [--streams 100,500,1000] [--seconds 30] [--warmup 10] "
                    + "[--threads 1] [--base-ip 127.2.0.1] [--codec h264] [--camsim-jvm-opts \"-Xmx2g\"]");
            System.exit(2);
            return;
        }
        CamSimBench bench = new CamSimBench(options);
        System.out.println(HEADER);
        boolean allDelivered = true;
        for (int n : options.streams()) {
            Result r = bench.run(n);
            System.out.println(row(r));
            allDelivered &= r.window().silent() == 0 && r.window().failed() == 0;
        }
        System.exit(allDelivered ? 0 : 1);
    }

    /** The Markdown row of a result. */
    static String row(Result r) {
        return String.format(Locale.ROOT,
                "| %d | %.0f | %.0f | %s | %.0f | %.0f / %.0f | %.0f / %.0f | %d (%d) | %d | %d / %d | %.1f |",
                r.streams(), r.camsimCpuPercent(), r.rssKiB() / 1024.0,
                r.heapKiB().isPresent() ? String.format(Locale.ROOT, "%.0f", r.heapKiB().getAsLong() / 1024.0) : "n/a",
                r.clientCpuPercent(), r.window().minKbps(), r.window().medianKbps(), r.window().totalMbps(),
                r.sentMbps(), r.window().silent(), r.window().failed(), r.droppedPackets(), r.framesSkipped(),
                r.ticksLate(), r.loadAverage());
    }

    /** Runs camsim with {@code n} cameras, loads every main stream, and measures. */
    Result run(int n) throws Exception {
        int controlPort = freePort();
        Path log = Files.createTempFile("camsim-bench-" + n + "-", ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options.camsimJvmOpts());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.sharpeye.camsim.CamSimMain",
                "--fleet", Integer.toString(n), "--codec", options.codec(), "--base-ip", options.baseIp(),
                "--shared-clip", "--control-port", Integer.toString(controlPort)));
        System.err.printf("camsim with %d cameras, log %s%n", n, log);
        Process camsim = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
        // Ctrl-C on the benchmark must not leave a camsim with a thousand listeners behind.
        Thread killer = new Thread(camsim::destroyForcibly, "camsim-bench-cleanup");
        Runtime.getRuntime().addShutdownHook(killer);
        boolean keepLog = true; // kept when something went wrong, for the reader of the table
        try {
            List<URI> urls = mainUrls(camsim, controlPort, n, log);
            try (RtspLoadClient client = RtspLoadClient.start(urls, options.threads())) {
                warmUp(client, camsim);
                long self = ProcessHandle.current().pid();
                List<StreamCount> before = client.counts();
                ProcessUsage camsim0 = ProcessUsage.of(camsim.pid());
                ProcessUsage self0 = ProcessUsage.of(self);
                long dropped0 = stat(controlPort, "packetsDropped");
                long sent0 = stat(controlPort, "bytesSent");
                long skipped0 = stat(controlPort, "framesSkipped");
                long late0 = stat(controlPort, "ticksLate");
                long t0 = System.nanoTime();
                Thread.sleep(TimeUnit.SECONDS.toMillis(options.seconds())); // the measured window itself
                List<StreamCount> after = client.counts();
                ProcessUsage camsim1 = ProcessUsage.of(camsim.pid());
                ProcessUsage self1 = ProcessUsage.of(self);
                double seconds = (System.nanoTime() - t0) / 1e9;
                long dropped = stat(controlPort, "packetsDropped") - dropped0;
                double sentMbps = (stat(controlPort, "bytesSent") - sent0) * 8 / seconds / 1e6;
                long skipped = stat(controlPort, "framesSkipped") - skipped0;
                long late = stat(controlPort, "ticksLate") - late0;
                double load = loadAverage();
                OptionalLong heap = ProcessUsage.heapUsedKiB(camsim.pid());
                Result result = new Result(n, cpuPercent(camsim0, camsim1, seconds), camsim1.rssKiB(), heap,
                        cpuPercent(self0, self1, seconds), LoadWindow.between(before, after, seconds), sentMbps,
                        dropped, skipped, late, load);
                keepLog = result.window().silent() > 0 || result.window().failed() > 0;
                return result;
            }
        } finally {
            stop(camsim);
            try {
                Runtime.getRuntime().removeShutdownHook(killer);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running or about to: camsim is being killed anyway.
            }
            if (!keepLog) {
                Files.deleteIfExists(log);
            }
        }
    }

    /** The machine's 1-minute load average (proc(5) /proc/loadavg): the other work sharing the cores. */
    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
    }

    private double cpuPercent(ProcessUsage from, ProcessUsage to, double seconds) {
        return (to.cpuTicks() - from.cpuTicks()) * 100.0 / ticksPerSecond / seconds;
    }

    /** Waits for camsim's control API and reads the main-profile URL of every camera from {@code GET /cameras}. */
    private List<URI> mainUrls(Process camsim, int controlPort, int n, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!camsim.isAlive()) {
                throw new IllegalStateException("camsim exited with " + camsim.exitValue() + ", see " + log);
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + controlPort + "/cameras"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    List<URI> urls = mainUrls(JSON.readTree(r.body()));
                    if (urls.size() == n) {
                        return urls;
                    }
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            Thread.sleep(250); // polling: camsim announces readiness only by answering
        }
        throw new IllegalStateException("camsim's control API did not list " + n + " cameras in 120 s, see " + log);
    }

    /** The main-profile URLs of a {@code GET /cameras} answer: an array of cameras, or an object holding one. */
    static List<URI> mainUrls(JsonNode root) {
        JsonNode cameras = root.isArray() ? root : root.path("cameras");
        List<URI> urls = new ArrayList<>();
        for (JsonNode camera : cameras) {
            JsonNode url = camera.path("profiles").path("main").path("url");
            if (url.isTextual()) {
                urls.add(URI.create(url.asText()));
            }
        }
        return urls;
    }

    /** Waits the warm-up, and on until every stream plays or failed (a large fleet takes a while to set up). */
    private void warmUp(RtspLoadClient client, Process camsim) throws InterruptedException {
        long minimum = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.warmup());
        long deadline = minimum + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && camsim.isAlive()) {
            boolean settled = client.counts().stream().allMatch(c -> c.state() == StreamCount.State.PLAYING
                    || c.state() == StreamCount.State.FAILED);
            if (settled && System.nanoTime() >= minimum) {
                return;
            }
            Thread.sleep(250); // polling: the warm-up is a span of time, with no event to wait for
        }
    }

    private long stat(int controlPort, String field) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + controlPort + "/stats"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? JSON.readTree(r.body()).path(field).asLong(0) : 0;
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static void stop(Process camsim) throws InterruptedException {
        camsim.destroy();
        if (!camsim.waitFor(15, TimeUnit.SECONDS)) {
            camsim.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
