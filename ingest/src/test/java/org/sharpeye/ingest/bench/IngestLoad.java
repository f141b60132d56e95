package org.sharpeye.ingest.bench;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.internal.PlatformDependent;
import org.sharpeye.ingest.Ingest;
import org.sharpeye.ingest.IngestOptions;
import org.sharpeye.ingest.SourceSpec;
import org.sharpeye.ingest.SourceState;
import org.sharpeye.ingest.SourceStatus;
import org.sharpeye.ingest.StreamFigures;
import org.sharpeye.media.DiscardingSink;
import org.sharpeye.media.Stream;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The end-to-end ingest load: camsim in a separate process serves N always-on H.264 cameras (main profile,
 * 1280x720 25 fps, about 2 Mbit/s, one shared clip); this JVM's {@link Ingest} pulls all of them over RTSP/TCP,
 * each stream with one reader that discards frames (no gateway). After every camera plays and a settling time
 * (the JIT compiles the hot path in the first tens of seconds, as in a node that has just started), a window of S
 * seconds measures this JVM's CPU (process CPU time over wall time, in % of one core, JIT and GC included) and, of
 * it, the ingest event loops' threads and the JIT compiler's time; heap after a GC, Netty's direct memory, and the
 * frames received and lost.
 */
final class IngestLoad {

    static final String HEADER = """
            | cameras | playing | ingest CPU (% of one core) | event-loop threads CPU | JIT compiling (elapsed) | CPU per camera | heap MB | heap/camera KB | direct MB | direct/camera KB | GOP cache/camera KB | fps/camera | Mbit/s/camera | frames in | frames lost | load avg |
            |---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|""";

    private static final Pattern MAIN_URL = Pattern.compile("\"url\"\\s*:\\s*\"(rtsp://[^\"]+/101)\"");

    record Result(int cameras, int playing, double cpuPercent, double loopsPercent, double jitPercent, double heapMb,
                  double directMb, double gopKb, double fps, double mbps, long framesIn, long framesLost, double load) {
        String row() {
            return String.format(Locale.ROOT, "| %d | %d | %.1f | %.1f | %.1f | %.3f | %.0f | %.0f | %.0f | %.0f | %.0f | %.1f | %.2f | %d | %d | %.1f |",
                    cameras, playing, cpuPercent, loopsPercent, jitPercent, cpuPercent / cameras, heapMb,
                    heapMb * 1024 / cameras, directMb,
                    directMb * 1024 / cameras, gopKb, fps, mbps, framesIn, framesLost, load);
        }
    }

    private IngestLoad() {
    }

    static Result run(int cameras, int seconds, int settleSeconds, String baseIp) throws Exception {
        int controlPort = freePort();
        Path log = Files.createTempFile("camsim-ingest-bench", ".log");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-cp", System.getProperty("java.class.path"), "org.sharpeye.camsim.CamSimMain",
                "--fleet", String.valueOf(cameras), "--codec", "h264", "--base-ip", baseIp, "--shared-clip",
                "--control-port", String.valueOf(controlPort));
        Process camsim = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            awaitReady(camsim, log);
            List<String> urls = mainUrls(controlPort);
            if (urls.size() != cameras) {
                throw new IllegalStateException("camsim lists " + urls.size() + " main profiles, not " + cameras);
            }
            return measure(urls, seconds, settleSeconds);
        } finally {
            camsim.destroy();
            if (!camsim.waitFor(10, TimeUnit.SECONDS)) {
                camsim.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private static Result measure(List<String> urls, int seconds, int settleSeconds) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (Ingest ingest = Ingest.create(IngestOptions.defaults())) {
            List<String> paths = new ArrayList<>();
            for (int i = 0; i < urls.size(); i++) {
                String path = "bench-" + i + "/main";
                Stream stream = ingest.stream(new SourceSpec(path, urls.get(i), null, null, false));
                stream.addReader("discard", Runnable::run, new DiscardingSink());
                paths.add(path);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60 + urls.size() / 10);
            while (playing(ingest, paths) < paths.size() && System.nanoTime() < deadline) {
                Thread.sleep(500); // no event for "every camera plays"; poll with a deadline
            }
            Thread.sleep(TimeUnit.SECONDS.toMillis(settleSeconds)); // GOP caches filled, hot path compiled
            long frames0 = 0;
            long lost0 = 0;
            for (String p : paths) {
                StreamFigures f = ingest.figures(p);
                frames0 += f.framesIn();
                lost0 += f.framesLost();
            }
            var compiler = ManagementFactory.getCompilationMXBean();
            long cpu0 = os.getProcessCpuTime();
            long loops0 = eventLoopCpuNanos();
            long jit0 = compiler.getTotalCompilationTime();
            long wall0 = System.nanoTime();
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds)); // the measured window
            long cpu1 = os.getProcessCpuTime();
            long loops1 = eventLoopCpuNanos();
            long jit1 = compiler.getTotalCompilationTime();
            long wall1 = System.nanoTime();
            long frames1 = 0;
            long lost1 = 0;
            double fps = 0;
            double bps = 0;
            long gop = 0;
            for (String p : paths) {
                StreamFigures f = ingest.figures(p);
                frames1 += f.framesIn();
                lost1 += f.framesLost();
                fps += f.framesPerSecond();
                bps += f.bitsPerSecond();
                gop += f.gopCacheBytes();
            }
            int playing = playing(ingest, paths);
            System.gc();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            long direct = Math.max(PlatformDependent.usedDirectMemory(),
                    PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory());
            int n = paths.size();
            double wall = wall1 - wall0;
            return new Result(n, playing, 100.0 * (cpu1 - cpu0) / wall, 100.0 * (loops1 - loops0) / wall,
                    100.0 * TimeUnit.MILLISECONDS.toNanos(jit1 - jit0) / wall, heap / 1e6 / 1.048576,
                    direct / 1e6 / 1.048576, gop / 1024.0 / n, fps / n, bps / n / 1e6, frames1 - frames0,
                    lost1 - lost0, os.getSystemLoadAverage());
        }
    }

    /** CPU time of ingest's event-loop threads so far (threads that ended are not counted: none do here). */
    private static long eventLoopCpuNanos() {
        var threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("sharpeye-ingest")) {
                sum += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return sum;
    }

    private static int playing(Ingest ingest, List<String> paths) {
        int n = 0;
        for (String p : paths) {
            SourceStatus s = ingest.status(p);
            if (s != null && s.state() == SourceState.PLAYING) {
                n++;
            }
        }
        return n;
    }

    private static void awaitReady(Process camsim, Path log) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(camsim.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = out.readLine()) != null; ) {
            Files.writeString(log, line + "\n", java.nio.file.StandardOpenOption.APPEND);
            if (line.contains("camsim ready")) {
                Thread drain = new Thread(() -> {
                    try {
                        while (out.readLine() != null) {
                            // keep the pipe empty so camsim never blocks on its output
                        }
                    } catch (IOException ignored) {
                        // camsim stopped
                    }
                }, "camsim-output");
                drain.setDaemon(true);
                drain.start();
                return;
            }
        }
        throw new IllegalStateException("camsim exited before it was ready; see " + log);
    }

    private static List<String> mainUrls(int controlPort) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + controlPort + "/cameras"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        List<String> urls = new ArrayList<>();
        Matcher m = MAIN_URL.matcher(body);
        while (m.find()) {
            urls.add(m.group(1));
        }
        return urls;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
