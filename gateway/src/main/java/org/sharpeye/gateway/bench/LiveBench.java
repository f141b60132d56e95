package org.sharpeye.gateway.bench;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.net.SocketAddress;
import org.sharpeye.gateway.Gateway;
import org.sharpeye.gateway.live.LiveAccess;
import org.sharpeye.gateway.live.LiveTimings;
import org.sharpeye.gateway.live.LiveTokens;
import org.sharpeye.ingest.Ingest;
import org.sharpeye.ingest.IngestOptions;
import org.sharpeye.ingest.SourceSpec;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code ./sharpeye bench live}: how fast a viewer gets a picture and how much a viewer costs. camsim runs in its
 * own JVM; ingest and the gateway run here, as in a node; the measuring clients run here too, on their own threads.
 * <ol>
 *   <li>warm switch: request to the first keyframe byte at the client, for a camera already pulled;</li>
 *   <li>cold switch: the same for a camera nobody watches (RTSP handshake and the camera's next keyframe included),
 *       against ffprobe's time to the same answer straight from the camera;</li>
 *   <li>latency: camsim's send time (SEI) to the frame's arrival at the client, on loopback;</li>
 *   <li>fan-out: CPU of this JVM less the viewers' own threads, for one camera read by N HTTP-FLV viewers.</li>
 * </ol>
 * Every live frame a viewer is sent is also timed inside SharpEye: from its arrival at ingest to the write of its bytes
 * to the viewer's socket completing ({@link org.sharpeye.gateway.live.LatencyHistogram}), reported with the latency and
 * for each fan-out size.
 * Arguments: {@code --switches 200 --warm-up-switches 6000 --frame-warm-up-cameras 40 --viewers 100,500,1000
 * --seconds 20 --loops CORES --parts warm,latency,cold,fanout[,handover][,floor][,stalls]}: {@code handover} times a
 * bare task between two event loops, {@code floor} the warm switch against bare Vert.x and Netty servers
 * ({@link FloorServer}), {@code stalls} the pauses of a spinning thread ({@link StallProbe}).
 */
public final class LiveBench {

    private LiveBench() {
    }

    public static void main(String[] args) throws Exception {
        org.sharpeye.media.BufferChecks.offForProduction(); // as a node runs (SharpEye.main)
        int switches = intArg(args, "--switches", 200);
        int seconds = intArg(args, "--seconds", 20);
        int warmUpSwitches = intArg(args, "--warm-up-switches", 6000);
        int loops = intArg(args, "--loops", Runtime.getRuntime().availableProcessors()); // the node's event loops
        int[] viewerCounts = Arrays.stream(stringArg(args, "--viewers", "100,500,1000").split(","))
                .mapToInt(Integer::parseInt).toArray();
        List<String> parts = List.of(stringArg(args, "--parts", "warm,latency,cold,fanout").split(","));
        int frameWarmUpCameras = parts.contains("latency") ? intArg(args, "--frame-warm-up-cameras", 40) : 0;
        int cameras = (parts.contains("cold") ? switches + 1 : 1) + frameWarmUpCameras;
        System.err.printf("camsim with %d cameras ...%n", cameras);
        Vertx vertx = org.sharpeye.gateway.NodeVertx.create(loops);
        // As a node runs: ingest on the gateway's event loops.
        try (CamSimProcess camsim = CamSimProcess.start(cameras, "127.5.0.1");
             Ingest ingest = Ingest.create(IngestOptions.defaults(), org.sharpeye.gateway.NodeVertx.loops(vertx))) {
            Map<String, String> urls = camsim.mainUrls();
            LiveTokens tokens = LiveTokens.random();
            Gateway gateway = Gateway.create(vertx, ingest, (id, profile) -> Future.succeededFuture(
                            Optional.ofNullable(urls.get(id)).map(u -> new SourceSpec(id + "/" + profile, u, null,
                                    null, true))),
                    new LiveAccess(tokens, v -> { }, Clock.systemUTC()), r -> { });
            gateway.listen("127.0.0.1", 0).await(30, TimeUnit.SECONDS);
            try {
                List<String> ids = camsim.ids();
                String warm = ids.get(0);
                String warmPath = "/live/" + warm + ".flv?token=" + tokens.issue(warm, "bench");
                System.out.println("| measure | samples | p50 | p99 | max |");
                System.out.println("|---|---:|---:|---:|---:|");
                try (FlvProbe keeper = new FlvProbe(gateway.port(), warmPath)) {
                    keeper.timeToFirstKeyframe();
                    Thread.sleep(3000); // let the GOP cache fill past one keyframe interval
                    if (parts.contains("warm")) {
                        // A node serves viewers all day: the first switches run while the JIT compiles the path
                        // and are not measured. C2 (HotSpot's optimizing compiler) takes a method after 5,000 calls
                        // (Tier4InvocationThreshold): with fewer warm-up switches the per-request code (HTTP
                        // decoding, routing, the live handler) is still C1's profiling code, about twice as slow
                        // (500 warm-up switches gave 0.9 to 1.1 ms at the median, 6,000 give 0.2 to 0.5).
                        Supplier<String> viewer = () -> "/live/" + warm + ".flv?token=" + tokens.issue(warm, "bench");
                        switches(gateway.port(), viewer, warmUpSwitches);
                        gateway.liveTimings().switches().reset();
                        StealMeter steal = new StealMeter();
                        row("warm switch: request to first keyframe byte", switches(gateway.port(), viewer,
                                switches), 1e6, "ms");
                        stealRow("warm switches", steal);
                        histogramRow("warm switch inside SharpEye: live handler to first keyframe written",
                                gateway.liveTimings().switches());
                    }
                    if (parts.contains("floor")) {
                        floor(vertx, keeper.keyframeBytes(), warmUpSwitches, switches);
                    }
                }
                if (parts.contains("latency")) {
                    latency(gateway, warm, ids.subList(ids.size() - frameWarmUpCameras, ids.size()), tokens);
                }
                if (parts.contains("handover")) {
                    handover(org.sharpeye.gateway.NodeVertx.loops(vertx));
                }
                if (parts.contains("stalls")) {
                    StallProbe.run(10);
                }
                if (parts.contains("cold")) {
                    cold(gateway.port(), ids, urls, tokens, switches);
                }
                if (parts.contains("fanout")) {
                    System.out.println();
                    System.out.println("| viewers | SharpEye CPU (% of one core) | viewer clients CPU | per-viewer kbit/s min / median | open at end | inside SharpEye p50 / p99 (ms) |");
                    System.out.println("|---:|---:|---:|---:|---:|---:|");
                    for (int n : viewerCounts) {
                        fanOut(gateway, warm, tokens, n, seconds);
                    }
                }
            } finally {
                gateway.close().await(10, TimeUnit.SECONDS);
            }
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    /** {@code count} new HTTP-FLV viewers of a pulled camera, one after the other: request to first keyframe byte. */
    private static List<Long> switches(int port, Supplier<String> path, int count) throws Exception {
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            try (FlvProbe p = new FlvProbe(port, path.get())) {
                times.add(p.timeToFirstKeyframe());
            }
        }
        return times;
    }

    /**
     * The floor of a warm switch on this machine, without SharpEye's code: the same switches against servers on the
     * node's event loops that answer every GET with a prepared head and keyframe of the warm camera's size. A bare
     * Vert.x HTTP server (one per loop, as the gateway listens), and a bare Netty one ({@link FloorServer}) accepting
     * as Vert.x does and on the event loops themselves.
     */
    private static void floor(Vertx vertx, int keyframeBytes, int warmUpSwitches, int switches) throws Exception {
        Buffer answer = Buffer.buffer(FloorServer.flvWithKeyframe(keyframeBytes));
        List<HttpServer> servers = new ArrayList<>();
        SocketAddress address = SocketAddress.sharedRandomPort(Integer.MAX_VALUE, "127.0.0.1");
        for (var loop : org.sharpeye.gateway.NodeVertx.loops(vertx)) {
            ContextInternal context = ((VertxInternal) vertx).contextBuilder().withEventLoop((EventLoop) loop).build();
            Promise<HttpServer> listening = Promise.promise();
            context.runOnContext(x -> vertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true)
                            .setHttp2ClearTextEnabled(false))
                    .requestHandler(req -> req.response().setChunked(true).putHeader("Content-Type", "video/x-flv")
                            .write(answer))
                    .listen(address).onComplete(listening));
            servers.add(listening.future().await(10, TimeUnit.SECONDS));
        }
        try {
            int port = servers.get(0).actualPort();
            switches(port, () -> "/floor.flv", warmUpSwitches);
            row("floor, a bare Vert.x HTTP server (no SharpEye code): request to first keyframe byte",
                    switches(port, () -> "/floor.flv", switches), 1e6, "ms");
        } finally {
            for (HttpServer server : servers) {
                server.close().await(10, TimeUnit.SECONDS);
            }
        }
        for (FloorServer.Accept accept : FloorServer.Accept.values()) {
            try (FloorServer floor = new FloorServer(org.sharpeye.gateway.NodeVertx.loops(vertx), accept,
                    keyframeBytes)) {
                switches(floor.port(), () -> "/floor.flv", warmUpSwitches);
                row("floor, a bare Netty server (no SharpEye code), " + (accept == FloorServer.Accept.ACCEPTOR_THREAD
                                ? "acceptor thread hands the connection over (as Vert.x)"
                                : "accepting on the event loops (SO_REUSEPORT)") + ": request to first keyframe byte",
                        switches(floor.port(), () -> "/floor.flv", switches), 1e6, "ms");
            }
        }
    }

    /**
     * Two viewers read the warm camera at once. Connections are spread over the event loops in turn, so with the
     * node's loops (one per core) one of two consecutive viewers is usually served on the camera's own loop and the
     * other on another; each frame's time inside SharpEye is recorded under where its viewer is served.
     */
    private static void latency(Gateway gateway, String warm, List<String> warmUpCameras, LiveTokens tokens)
            throws Exception {
        LiveTimings timings = gateway.liveTimings();
        // A frame's path (depacketizing, publishing, writing) runs 25 times a second per camera: a node pulling
        // many cameras has it compiled by C2 within seconds, one camera would need minutes. Other cameras, read for
        // 10 s, bring it there; they stay pulled (as a node's) until ingest's idle timeout stops them.
        try (ViewerFleet others = new ViewerFleet(gateway.port(), warmUpCameras.size(), i -> "/live/"
                + warmUpCameras.get(i) + ".flv?token=" + tokens.issue(warmUpCameras.get(i), "bench"))) {
            Thread.sleep(10_000);
        }
        List<Long> latency = Collections.synchronizedList(new ArrayList<>());
        List<FlvProbe> readers = new ArrayList<>();
        StealMeter steal;
        try {
            for (int i = 0; i < 2; i++) {
                readers.add(new FlvProbe(gateway.port(), "/live/" + warm + ".flv?token=" + tokens.issue(warm, "bench")));
            }
            // A new viewer starts with the cached GOP, up to one keyframe interval old by design: read
            // past it for 3 s, then every frame is live and its latency is the path through SharpEye.
            long skipUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            List<Callable<Void>> reads = new ArrayList<>();
            for (FlvProbe reader : readers) {
                reader.timeToFirstKeyframe();
                reads.add(() -> {
                    while (System.nanoTime() < skipUntil) {
                        reader.latencies(1, x -> { });
                    }
                    return null;
                });
            }
            runAll(reads);
            timings.resetTransit();
            steal = new StealMeter();
            reads.clear();
            for (FlvProbe reader : readers) {
                reads.add(() -> {
                    reader.latencies(500, latency::add);
                    return null;
                });
            }
            runAll(reads);
        } finally {
            for (FlvProbe reader : readers) {
                reader.close();
            }
        }
        histogramRow("inside SharpEye: ingest arrival to write complete, live frames, 2 viewers",
                timings.frameTransit());
        histogramRow("of which: viewer served on the camera's event loop", timings.frameTransitOnSourceLoop());
        histogramRow("of which: viewer served on another event loop", timings.frameTransitAcrossLoops());
        histogramRow("ingest arrival to the viewer's event loop taking the frame", timings.frameHandover());
        histogramRow("the write to the viewer's socket, call to completion", timings.frameWrite());
        row("camsim send (SEI) to client receipt, live frames", latency, 1e3, "ms");
        stealRow("live frames", steal);
    }

    private static void stealRow(String during, StealMeter steal) {
        System.out.printf("| hypervisor steal during the %s: %.1f %% of the machine's CPU time | | | | |%n", during,
                steal.stolenPercent());
    }

    /**
     * What a thread hand-over costs on this machine, without SharpEye: a task queued from one of the node's event
     * loops onto another (sleeping between tasks, as a viewer's loop sleeps between frames) against one queued onto
     * the same loop; 500 of each, one every 40 ms (a 25 fps camera's frame interval). Time from queueing to the task
     * running.
     */
    private static void handover(EventLoopGroup loops) throws Exception {
        List<EventLoop> each = new ArrayList<>();
        loops.forEach(loop -> each.add((EventLoop) loop));
        if (each.size() < 2) {
            System.out.println("| hand-over between event loops | 0 | - | - | - |");
            return;
        }
        for (boolean across : new boolean[] {true, false}) {
            EventLoop from = each.get(0);
            EventLoop to = across ? each.get(1) : from;
            List<Long> starts = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                CompletableFuture<Long> ran = new CompletableFuture<>();
                from.execute(() -> {
                    long queued = System.nanoTime();
                    to.execute(() -> ran.complete(System.nanoTime() - queued));
                });
                starts.add(ran.get(10, TimeUnit.SECONDS));
                Thread.sleep(40);
            }
            row(across ? "a task queued onto another event loop, to its start (no SharpEye code)"
                    : "a task queued onto the same event loop, to its start (no SharpEye code)", starts, 1e3, "us");
        }
    }

    private static void runAll(List<Callable<Void>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            for (java.util.concurrent.Future<Void> f : pool.invokeAll(tasks)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void cold(int port, List<String> ids, Map<String, String> urls, LiveTokens tokens, int switches)
            throws Exception {
        List<Long> coldTimes = new ArrayList<>();
        for (int i = 1; i <= switches; i++) {
            String id = ids.get(i);
            try (FlvProbe p = new FlvProbe(port, "/live/" + id + ".flv?token="
                    + tokens.issue(id, "bench"))) {
                coldTimes.add(p.timeToFirstKeyframe());
            }
        }
        row("cold switch: request to first keyframe byte", coldTimes, 1e6, "ms");
        List<Long> ffprobe = new ArrayList<>();
        for (int i = 1; i <= Math.min(20, switches); i++) {
            ffprobe.add(ffprobe(urls.get(ids.get(i))));
        }
        row("ffprobe straight from the camera (process start to exit)", ffprobe, 1e6, "ms");
    }

    private static void histogramRow(String what, org.sharpeye.gateway.live.LatencyHistogram transit) {
        System.out.printf("| %s | %d | %.3f ms | %.3f ms | %.3f ms |%n", what, transit.count(),
                transit.quantileMicros(0.5) / 1e3, transit.quantileMicros(0.99) / 1e3, transit.quantileMicros(1.0) / 1e3);
    }

    private static void fanOut(Gateway gateway, String camera, LiveTokens tokens, int n, int seconds)
            throws Exception {
        int port = gateway.port();
        try (ViewerFleet fleet = new ViewerFleet(port, n,
                i -> "/live/" + camera + ".flv?token=" + tokens.issue(camera, "bench"))) {
            Thread.sleep(5000); // warm-up: every viewer connected and past its GOP burst
            long[] before = fleet.received();
            gateway.liveTimings().resetTransit();
            long cpu0 = processCpuNanos();
            long viewers0 = threadCpuNanos(ViewerFleet.THREAD_PREFIX);
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L); // the measured window
            double elapsed = System.nanoTime() - t0;
            long viewersCpu = threadCpuNanos(ViewerFleet.THREAD_PREFIX) - viewers0;
            long sharpeyeCpu = processCpuNanos() - cpu0 - viewersCpu;
            long[] after = fleet.received();
            org.sharpeye.gateway.live.LatencyHistogram transit = gateway.liveTimings().frameTransit();
            double[] kbps = new double[n];
            for (int i = 0; i < n; i++) {
                kbps[i] = (after[i] - before[i]) * 8 / (elapsed / 1e9) / 1000;
            }
            Arrays.sort(kbps);
            System.out.printf("| %d | %.1f | %.1f | %.0f / %.0f | %d | %.3f / %.3f |%n", n,
                    sharpeyeCpu * 100.0 / elapsed, viewersCpu * 100.0 / elapsed, kbps[0], kbps[n / 2], fleet.open(),
                    transit.quantileMicros(0.5) / 1e3, transit.quantileMicros(0.99) / 1e3);
        }
    }

    private static long ffprobe(String url) throws Exception {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-rtsp_transport", "tcp", "-show_entries",
                "stream=codec_name", "-of", "default=nw=1", url).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        p.waitFor(60, TimeUnit.SECONDS);
        return System.nanoTime() - t0;
    }

    private static void row(String what, List<Long> samples, double unit, String unitName) {
        long[] s = samples.stream().mapToLong(Long::longValue).sorted().toArray();
        if (s.length == 0) {
            System.out.printf("| %s | 0 | - | - | - |%n", what);
            return;
        }
        System.out.printf("| %s | %d | %.2f %s | %.2f %s | %.2f %s |%n", what, s.length, s[s.length / 2] / unit,
                unitName, s[(int) Math.min(s.length - 1, Math.ceil(s.length * 0.99) - 1)] / unit, unitName,
                s[s.length - 1] / unit, unitName);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long threadCpuNanos(String prefix) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith(prefix)) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    private static int intArg(String[] args, String name, int def) {
        return Integer.parseInt(stringArg(args, name, Integer.toString(def)));
    }

    private static String stringArg(String[] args, String name, String def) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return def;
    }
}
