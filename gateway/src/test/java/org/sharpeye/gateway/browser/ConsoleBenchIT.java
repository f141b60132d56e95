package org.sharpeye.gateway.browser;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's benchmark (docs/benchmarks.md, "Console"): tile switch time in the browser, request (the drop on the
 * tile) to the new camera's first painted frame (requestVideoFrameCallback), for warm cameras (already pulled by
 * another tile) and cold ones (nobody watched them); and what a 16-tile wall of sub streams costs the browser
 * (CPU of Chromium's processes, from /proc) and the server (the JVM's CPU less camsim's threads). Runs only with
 * {@code -Dsharpeye.bench.console=true} ({@code ./sharpeye bench console}); it asserts only that it measured.
 */
@EnabledIfSystemProperty(named = "sharpeye.bench.console", matches = "true")
class ConsoleBenchIT {

    private static final String PAGE = "bench";
    private static final int SWITCHES = Integer.getInteger("sharpeye.bench.console.switches", 20);
    private static final int SECONDS = Integer.getInteger("sharpeye.bench.console.seconds", 20);

    @Test
    void tileSwitchAndSixteenTileWall() throws Exception {
        try (ConsoleNode node = ConsoleNode.start(); ConsoleBrowser browser = ConsoleBrowser.launch()) {
            List<String> classI = ConsoleIT.h264(node.cameraIds("tier=CLASS_I&limit=1000"));
            List<String> classIII = node.cameraIds("tier=CLASS_III&limit=1000");
            ConsoleIT.logIn(browser, PAGE, node.origin(), "admin", ConsoleNode.ADMIN_PASSWORD);
            browser.click(PAGE, "button.layout[data-layout=\"4\"]");
            for (int i = 1; i < 4; i++) {
                drop(browser, 0, classI.get(i));
                drop(browser, i, classI.get(i));
            }
            browser.await(PAGE, "() => window.consoleStats().wall.tiles.every(t => t.state === 'playing')", Duration.ofSeconds(60));
            List<Double> warm = new ArrayList<>();
            List<Double> cold = new ArrayList<>();
            for (int i = 0; i < SWITCHES; i++) {
                warm.add(switchTile(browser, classI.get(1 + i % 3)));
                cold.add(switchTile(browser, classI.get(10 + i)));
            }
            JsonObject result = new JsonObject()
                    .put("warm", summary(warm)).put("cold", summary(cold));

            // 16 tiles of sub streams (the wall's default from 9 tiles up), class-III cameras.
            browser.click(PAGE, "button.layout[data-layout=\"16\"]");
            for (int i = 0; i < 16; i++) {
                drop(browser, i, classIII.get(i));
            }
            browser.await(PAGE, "() => window.consoleStats().wall.tiles.every(t => t.state === 'playing' && t.profile === 'sub')",
                    Duration.ofSeconds(90));
            JsonArray before = tiles(browser);
            Cpu start = Cpu.now(browser.process());
            long wallStart = System.nanoTime();
            browser.await(PAGE, "() => new Promise(r => setTimeout(() => r(true), " + SECONDS * 1000 + "))",
                    Duration.ofSeconds(SECONDS + 30));
            Cpu end = Cpu.now(browser.process());
            double elapsed = (System.nanoTime() - wallStart) / 1e9;
            JsonArray after = tiles(browser);
            long frames = 0;
            for (int i = 0; i < 16; i++) {
                frames += after.getJsonObject(i).getLong("decodedFrames") - before.getJsonObject(i).getLong("decodedFrames");
            }
            result.put("wall16", new JsonObject()
                    .put("seconds", round(elapsed))
                    .put("browserCpuPercentOfOneCore", round(100 * (end.browser - start.browser) / elapsed))
                    .put("serverCpuPercentOfOneCore", round(100 * (end.server - start.server) / elapsed))
                    .put("camsimCpuPercentOfOneCore", round(100 * (end.camsim - start.camsim) / elapsed))
                    .put("framesPerSecondAllTiles", round(frames / elapsed))
                    .put("playing", after.stream().map(JsonObject.class::cast).filter(t -> t.getString("state").equals("playing")).count())
                    .put("reconnects", after.stream().map(JsonObject.class::cast).mapToLong(t -> t.getLong("reconnects")).sum())
                    .put("loadAverage", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
            System.out.println("ConsoleBenchIT: " + result.encodePrettily());
            Files.writeString(Path.of("target/console-bench.json"), result.encodePrettily());
            assertEquals(SWITCHES, warm.size());
            assertTrue(frames > 0, "the 16-tile wall decoded frames");
        }
    }

    private static JsonArray tiles(ConsoleBrowser browser) throws Exception {
        return (JsonArray) browser.eval(PAGE, "() => window.consoleStats().wall.tiles");
    }

    /** Drops a camera on a tile as the tree's drag does (a DragEvent carrying the camera id). */
    private static void drop(ConsoleBrowser browser, int tile, String cameraId) throws Exception {
        browser.eval(PAGE, "() => { const dt = new DataTransfer(); dt.setData('application/x-sharpeye-camera', '" + cameraId + "');"
                + " document.querySelector('.tile[data-index=\"" + tile + "\"]').dispatchEvent(new DragEvent('drop',"
                + " {dataTransfer: dt, bubbles: true, cancelable: true})); return true; }");
        browser.await(PAGE, "() => window.consoleStats().wall.tiles[" + tile + "].cameraId === '" + cameraId + "'",
                Duration.ofSeconds(10));
    }

    /** Switches tile 0 to {@code cameraId}; the ms from the drop to its first painted frame. */
    private static double switchTile(ConsoleBrowser browser, String cameraId) throws Exception {
        drop(browser, 0, cameraId);
        Object ms = browser.await(PAGE, "() => window.consoleStats().wall.tiles[0].switchMs", Duration.ofSeconds(30));
        return ((Number) ms).doubleValue();
    }

    private static JsonObject summary(List<Double> ms) {
        List<Double> sorted = ms.stream().sorted().toList();
        return new JsonObject().put("samples", sorted.size()).put("p50", round(percentile(sorted, 50)))
                .put("p99", round(percentile(sorted, 99))).put("max", round(sorted.get(sorted.size() - 1)));
    }

    /** Nearest rank. */
    private static double percentile(List<Double> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    /** CPU seconds so far: Chromium's processes (below the driver), this JVM less camsim's threads, camsim's threads. */
    private record Cpu(double browser, double server, double camsim) {
        static Cpu now(ProcessHandle driver) throws Exception {
            double browser = Stream.concat(Stream.of(driver), driver.descendants()).mapToDouble(Cpu::procSeconds).sum();
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            double camsim = 0;
            for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info != null && info.getThreadName().startsWith("camsim-")) {
                    long ns = threads.getThreadCpuTime(info.getThreadId());
                    camsim += ns > 0 ? ns / 1e9 : 0;
                }
            }
            double jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime() / 1e9;
            return new Cpu(browser, jvm - camsim, camsim);
        }

        /** utime + stime of a process from /proc (clock ticks of 1/100 s). */
        private static double procSeconds(ProcessHandle p) {
            try {
                String stat = Files.readString(Path.of("/proc/" + p.pid() + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
            } catch (Exception e) {
                return 0; // the process ended meanwhile
            }
        }
    }
}
