package org.sharpeye.media;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A test server run as a child process (Debian's GStreamer RTSP server under /usr/bin/python3, for one) that prints
 * {@code READY <port>} once it listens on loopback. Its other output goes to stderr, each line behind the server's
 * name. Closing it stops the process.
 */
public final class ServerProcess implements AutoCloseable {

    private static final String READY = "READY ";

    private final Process process;
    private final int port;

    private ServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts {@code command} and waits up to 15 s for its READY line.
     *
     * @param name what the server is called in its output lines and errors
     * @throws IOException the process did not start, or exited or stayed silent before READY (it is then killed)
     */
    public static ServerProcess start(String name, ProcessBuilder command) throws IOException {
        Process p = command.redirectErrorStream(true).start();
        CompletableFuture<Integer> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith(READY)) {
                        ready.complete(Integer.parseInt(line.substring(READY.length()).trim()));
                    } else if (!line.isBlank()) {
                        System.err.println("[" + name + "] " + line);
                    }
                }
            } catch (IOException | NumberFormatException e) {
                ready.completeExceptionally(e);
            }
            ready.completeExceptionally(new IOException(name + " exited before READY"));
        }, name + "-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new ServerProcess(p, ready.get(15, TimeUnit.SECONDS));
        } catch (Exception e) {
            p.destroyForcibly();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IOException(name + " did not start", e);
        }
    }

    /** The port the server said it listens on. */
    public int port() {
        return port;
    }

    /** Stops the process: SIGTERM, then SIGKILL after 5 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
