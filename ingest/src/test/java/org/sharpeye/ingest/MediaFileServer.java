package org.sharpeye.ingest;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;

/**
 * A tiny HTTP server on 127.0.0.1 for tests: serves the files of a directory (HLS playlists and segments, FLV),
 * 404 for the others; paths under /secure/ need Basic credentials. It can be stopped and started again on the
 * same port, like a camera's server going away and coming back.
 */
final class MediaFileServer implements AutoCloseable {

    private final Path root;
    private final String username;
    private final String password;
    private int port;
    private HttpServer server;
    private ExecutorService threads;

    MediaFileServer(Path root, String username, String password) throws IOException {
        this.root = root;
        this.username = username;
        this.password = password;
        start();
    }

    /** Starts (again) on the same port once it had one; retries briefly while the old socket is released. */
    void start() throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
                break;
            } catch (BindException e) {
                if (attempt > 50) {
                    throw e;
                }
                try {
                    Thread.sleep(100); // no event tells when the kernel frees the port: poll with a bound
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
        port = server.getAddress().getPort();
        server.createContext("/", this::serve);
        HttpContext secure = server.createContext("/secure/", this::serve);
        secure.setAuthenticator(new BasicAuthenticator("camera") {
            @Override
            public boolean checkCredentials(String user, String pwd) {
                return username.equals(user) && password.equals(pwd);
            }
        });
        threads = Executors.newFixedThreadPool(4);
        server.setExecutor(threads);
        server.start();
    }

    /** Stops listening: connections are refused until {@link #start()}. */
    void stop() {
        server.stop(0);
        threads.shutdownNow();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().replaceFirst("^/secure/", "/");
            Path file = root.resolve(path.substring(1)).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            String name = file.getFileName().toString();
            exchange.getResponseHeaders().set("Content-Type", name.endsWith(".m3u8") ? "application/vnd.apple.mpegurl"
                    : name.endsWith(".ts") ? "video/mp2t" : name.endsWith(".flv") ? "video/x-flv" : "video/mp4");
            byte[] body = Files.readAllBytes(file);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        stop();
    }
}
