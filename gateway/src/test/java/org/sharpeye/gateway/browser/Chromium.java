package org.sharpeye.gateway.browser;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium ({@code /usr/bin/chromium}) driven by {@code web-console/test/play.mjs} through playwright-core
 * from web-console's {@code node_modules} (installed by web-console's Maven build, {@code npm ci}).
 */
final class Chromium implements AutoCloseable {

    private static final Path WEB_CONSOLE = Path.of(System.getProperty("user.dir")).resolveSibling("web-console");
    private static final Path SCRIPT = WEB_CONSOLE.resolve("test/play.mjs");
    private static final Path EXECUTABLE = Path.of(System.getenv().getOrDefault("SHARPEYE_CHROMIUM", "/usr/bin/chromium"));
    private static final String FIRST_SAMPLE = "play.mjs: first sample";

    private final Process process;
    private final Path output;
    private final int seconds;

    private Chromium(Process process, Path output, int seconds) {
        this.process = process;
        this.output = output;
        this.seconds = seconds;
    }

    /** Why the browser tests cannot run here, or null when they can. */
    static String missing() {
        if (!Files.isExecutable(EXECUTABLE)) {
            return EXECUTABLE + " is missing: apt-get install chromium";
        }
        if (!Files.isDirectory(WEB_CONSOLE.resolve("node_modules/playwright-core"))) {
            return "web-console/node_modules has no playwright-core: build web-console first (mvn -pl web-console install)";
        }
        return null;
    }

    /** Opens {@code pageUrl}, samples {@code playerStats()} once playing and again {@code seconds} later. */
    static Playback play(String pageUrl, int seconds) throws Exception {
        try (Chromium chromium = start(pageUrl, seconds)) {
            return chromium.finish();
        }
    }

    /** Starts {@link #play} in the background; {@link #awaitFirstSample} and {@link #finish} follow it. */
    static Chromium start(String pageUrl, int seconds) throws Exception {
        List<String> command = new ArrayList<>(List.of("node", SCRIPT.toString(), pageUrl, String.valueOf(seconds)));
        String screenshots = System.getProperty("sharpeye.browser.screenshots");
        if (screenshots != null) {
            Path dir = Files.createDirectories(Path.of(screenshots));
            command.add("--screenshot");
            command.add(dir.resolve("play-" + System.nanoTime() + ".png").toString());
        }
        Path output = Files.createTempFile("play-", ".out");
        Process process = new ProcessBuilder(command).directory(WEB_CONSOLE.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        return new Chromium(process, output, seconds);
    }

    /**
     * Waits until the script took its first sample (the page is playing, or gave up); false if the script ended
     * or the time ran out first. The script reports nothing else meanwhile, so this polls its output.
     */
    boolean awaitFirstSample(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.readString(output, StandardCharsets.UTF_8).contains(FIRST_SAMPLE)) {
                return true;
            }
            if (process.waitFor(200, TimeUnit.MILLISECONDS)) {
                return Files.readString(output, StandardCharsets.UTF_8).contains(FIRST_SAMPLE);
            }
        }
        return false;
    }

    /** Waits for the script to end and reads what it saw. */
    Playback finish() throws Exception {
        // The script's own waits add up to about 25 s plus the sampling; past that it is stuck.
        if (!process.waitFor(seconds + 60L, TimeUnit.SECONDS)) {
            throw new AssertionError("play.mjs did not exit: " + Files.readString(output, StandardCharsets.UTF_8));
        }
        return Playback.parse(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws Exception {
        // Chromium runs under node: end it too should the script be stuck.
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        Files.deleteIfExists(output);
    }
}
