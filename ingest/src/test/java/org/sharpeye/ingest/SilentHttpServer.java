package org.sharpeye.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP server on 127.0.0.1 that goes silent: it answers each request with {@code prefix} (nothing at all when
 * null: not even a status line) and then sends nothing more, holding the connection open until the client closes
 * it. Counts accepted connections and the clients' closes, for tests of stalls and of prompt stops.
 */
final class SilentHttpServer implements AutoCloseable {

    private final ServerSocket socket;
    private final byte[] prefix;
    private final Thread acceptor;
    private final CountDownLatch accepted = new CountDownLatch(1);
    private final CountDownLatch clientClosed = new CountDownLatch(1);

    /** @param body the bytes sent after a 200 status line, or null to send nothing */
    SilentHttpServer(byte[] body) throws IOException {
        this.socket = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        this.prefix = body;
        this.acceptor = new Thread(this::accept, "silent-http");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + socket.getLocalPort() + path;
    }

    private void accept() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                accepted.countDown();
                InputStream in = client.getInputStream();
                readHeaders(in);
                if (prefix != null) {
                    OutputStream out = client.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: video/x-flv\r\nContent-Length: 100000000\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.write(prefix);
                    out.flush();
                }
                while (in.read() >= 0) {
                    // nothing more comes from a client that waits for data; -1 is its close
                }
                clientClosed.countDown();
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    clientClosed.countDown(); // a reset is a close too
                }
            }
        }
    }

    private static void readHeaders(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        for (int b = in.read(); b >= 0; b = in.read()) {
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == end.length) {
                return;
            }
        }
    }

    /** Waits until a client connected. */
    boolean awaitAccepted(long timeoutMillis) throws InterruptedException {
        return accepted.await(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** Waits until the first client closed its connection. */
    boolean awaitClientClosed(long timeoutMillis) throws InterruptedException {
        return clientClosed.await(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
