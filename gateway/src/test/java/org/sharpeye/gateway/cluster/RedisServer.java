package org.sharpeye.gateway.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A real redis-server on 127.0.0.1 for tests: a free port, no persistence unless asked (SAVE before a restart). */
final class RedisServer implements AutoCloseable {
    private final int port;
    private final Path dir;
    private Process process;

    private RedisServer(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    static RedisServer start(Path dir) throws Exception {
        int port = FreePort.pick();
        RedisServer r = new RedisServer(port, dir);
        r.launch();
        return r;
    }

    private void launch() throws Exception {
        Files.createDirectories(dir);
        process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("redis.log").toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try (Resp r = new Resp(port)) {
                if ("PONG".equals(r.call("PING"))) {
                    return;
                }
            } catch (IOException notYet) {
                Thread.sleep(50); // polling: redis-server announces readiness only by answering
            }
        }
        throw new IllegalStateException("redis-server did not start on port " + port);
    }

    int port() {
        return port;
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    Resp client() throws IOException {
        return new Resp(port);
    }

    /** Writes a snapshot, stops the server (SIGTERM) and starts it again on the same port and directory. */
    void restart() throws Exception {
        try (Resp r = client()) {
            r.call("SAVE");
        }
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
        launch();
    }

    @Override
    public void close() throws Exception {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
