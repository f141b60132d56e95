package org.sharpeye.gateway.browser;

import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One Debian Chromium for a whole test class, driven by {@code web-console/test/console.mjs} (playwright-core): a
 * command per line on its stdin, a JSON answer per line on its stdout. Each user gets their own browser context and
 * page, named by the test.
 */
final class ConsoleBrowser implements AutoCloseable {

    private static final Path WEB_CONSOLE = Path.of(System.getProperty("user.dir")).resolveSibling("web-console");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<JsonObject> answers = new ArrayBlockingQueue<>(16);
    private final AtomicInteger ids = new AtomicInteger();
    private final Path log;

    private ConsoleBrowser(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::read, "console-browser-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Launches Chromium; fails with the reason when it cannot run here ({@link Chromium#missing}). */
    static ConsoleBrowser launch() throws Exception {
        String missing = Chromium.missing();
        if (missing != null) {
            throw new IllegalStateException(missing);
        }
        Path log = Files.createTempFile("console-browser-", ".log");
        Process process = new ProcessBuilder("node", WEB_CONSOLE.resolve("test/console.mjs").toString())
                .directory(WEB_CONSOLE.toFile()).redirectError(log.toFile()).start();
        ConsoleBrowser browser = new ConsoleBrowser(process, log);
        JsonObject ready = browser.answers.poll(60, TimeUnit.SECONDS);
        if (ready == null || !ready.getBoolean("ready", false)) {
            browser.close();
            throw new IllegalStateException("console.mjs did not start: " + Files.readString(log));
        }
        return browser;
    }

    private void read() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("{")) {
                    answers.put(new JsonObject(line));
                }
            }
        } catch (IOException | InterruptedException e) {
            // the browser ended: calls time out with its log
        }
    }

    /** Runs one command and answers its value; a failed command throws with the driver's error. */
    synchronized Object call(JsonObject command, Duration timeout) throws Exception {
        int id = ids.incrementAndGet();
        stdin.write(command.copy().put("id", id).encode() + "\n");
        stdin.flush();
        long deadline = System.nanoTime() + timeout.plusSeconds(10).toNanos();
        while (true) {
            JsonObject answer = answers.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (answer == null) {
                throw new AssertionError("the browser did not answer " + command.getString("op") + " in " + timeout
                        + ": " + Files.readString(log));
            }
            if (answer.getInteger("id", -1) != id) {
                continue; // a late answer of a command that timed out
            }
            if (!answer.getBoolean("ok")) {
                throw new AssertionError(command.getString("op") + " failed: " + answer.getString("error"));
            }
            return answer.getValue("value");
        }
    }

    /** A page of its own (a new browser context, 1920x1080) for {@code page}, opened at {@code url}. */
    void open(String page, String url) throws Exception {
        call(new JsonObject().put("op", "open").put("page", page).put("url", url), COMMAND_TIMEOUT);
    }

    void fill(String page, String selector, String value) throws Exception {
        call(new JsonObject().put("op", "fill").put("page", page).put("selector", selector).put("value", value), COMMAND_TIMEOUT);
    }

    void click(String page, String selector) throws Exception {
        call(new JsonObject().put("op", "click").put("page", page).put("selector", selector), COMMAND_TIMEOUT);
    }

    void doubleClick(String page, String selector) throws Exception {
        call(new JsonObject().put("op", "dblclick").put("page", page).put("selector", selector), COMMAND_TIMEOUT);
    }

    /** HTML5 drag and drop from one element onto another (the camera tree onto a tile). */
    void drag(String page, String from, String to) throws Exception {
        call(new JsonObject().put("op", "drag").put("page", page).put("from", from).put("to", to), COMMAND_TIMEOUT);
    }

    /** The value of a JavaScript function {@code () => ...} run in the page. */
    Object eval(String page, String function) throws Exception {
        return call(new JsonObject().put("op", "eval").put("page", page).put("expr", function), COMMAND_TIMEOUT);
    }

    /** Waits until {@code () => ...} answers a truthy value in the page, and answers it. */
    Object await(String page, String function, Duration timeout) throws Exception {
        return call(new JsonObject().put("op", "wait").put("page", page).put("expr", function)
                .put("timeoutMs", timeout.toMillis()), timeout);
    }

    void screenshot(String page, Path file) throws Exception {
        Files.createDirectories(file.getParent());
        call(new JsonObject().put("op", "screenshot").put("page", page).put("path", file.toAbsolutePath().toString()),
                COMMAND_TIMEOUT);
    }

    /**
     * The page's uncaught exceptions and console errors so far, less Chromium's own line for every HTTP error status
     * (a 404 for a camera without a snapshot is an answer the console handles, not a fault of the page).
     */
    List<String> errors(String page) throws Exception {
        Object value = call(new JsonObject().put("op", "errors").put("page", page), COMMAND_TIMEOUT);
        return value instanceof io.vertx.core.json.JsonArray a ? a.stream().map(String::valueOf)
                .filter(e -> !e.startsWith("console: Failed to load resource")).toList() : List.of();
    }

    /** Closes a page and its browser context (the user's session in it ends with it). */
    void closePage(String page) throws Exception {
        call(new JsonObject().put("op", "close").put("page", page), COMMAND_TIMEOUT);
    }

    /** The driver's process (Chromium runs below it): for CPU figures. */
    ProcessHandle process() {
        return process.toHandle();
    }

    @Override
    public void close() throws Exception {
        try {
            stdin.close();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
