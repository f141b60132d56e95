package org.sharpeye.ingest.rtsp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * A loopback RTSP server that answers from a script, for testing the client's protocol handling against
 * behaviours a real camera shows only rarely (short session timeouts, redirects, silence, odd channels).
 */
public final class ScriptedRtspServer implements AutoCloseable {

    /** A request as the server read it; header names in lower case. */
    public record Request(String method, String uri, Map<String, String> headers) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** The connection a script answers on. */
    public static final class Connection {
        private final OutputStream out;

        Connection(OutputStream out) {
            this.out = out;
        }

        public synchronized void reply(Request request, int status, String extraHeaders, String body) throws IOException {
            StringBuilder r = new StringBuilder("RTSP/1.0 ").append(status).append(status == 200 ? " OK" : " Status")
                    .append("\r\nCSeq: ").append(request.header("cseq")).append("\r\n").append(extraHeaders);
            if (body != null) {
                r.append("Content-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n\r\n")
                        .append(body);
            } else {
                r.append("\r\n");
            }
            out.write(r.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        public synchronized void interleaved(int channel, byte[] data) throws IOException {
            out.write(new byte[] {'$', (byte) channel, (byte) (data.length >> 8), (byte) data.length});
            out.write(data);
            out.flush();
        }
    }

    public interface Script {
        void answer(Request request, Connection connection) throws IOException;
    }

    final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    /** Interleaved packets the client sent (RTCP receiver reports): channel, then the payload. */
    final BlockingQueue<byte[]> interleavedFromClient = new LinkedBlockingQueue<>();
    private final ServerSocket server;
    private final Script script;
    private final CopyOnWriteArrayList<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    public ScriptedRtspServer(Script script) throws IOException {
        this.script = script;
        this.server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "scripted-rtsp-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String url(String path) {
        return "rtsp://127.0.0.1:" + server.getLocalPort() + path;
    }

    /** The next request, or an AssertionError after the timeout. */
    Request next(long timeoutMillis) throws InterruptedException {
        Request r = requests.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        if (r == null) {
            throw new AssertionError("no request within " + timeoutMillis + " ms");
        }
        return r;
    }

    /** The next request with this method, skipping others. */
    Request next(String method, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            Request r = requests.poll(Math.max(0, left), TimeUnit.MILLISECONDS);
            if (r == null) {
                throw new AssertionError("no " + method + " within " + timeoutMillis + " ms");
            }
            if (r.method().equals(method)) {
                return r;
            }
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                Thread t = new Thread(() -> serve(s), "scripted-rtsp-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            Connection connection = new Connection(socket.getOutputStream());
            while (true) {
                int first = in.read();
                if (first == '$') {
                    int channel = in.read();
                    int length = in.read() << 8 | in.read();
                    byte[] packet = new byte[1 + length];
                    packet[0] = (byte) channel;
                    if (in.readNBytes(packet, 1, length) < length) {
                        return;
                    }
                    interleavedFromClient.add(packet);
                    continue;
                }
                if (first < 0) {
                    return;
                }
                String head = readHead(in, first);
                if (head == null) {
                    return;
                }
                String[] lines = head.split("\r\n");
                String[] start = lines[0].split(" ");
                Map<String, String> headers = new LinkedHashMap<>();
                for (int i = 1; i < lines.length; i++) {
                    int colon = lines[i].indexOf(':');
                    headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            lines[i].substring(colon + 1).trim());
                }
                Request request = new Request(start[0], start[1], headers);
                requests.add(request);
                script.answer(request, connection);
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static String readHead(InputStream in, int first) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        for (int b = first; b >= 0; b = in.read()) {
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                String text = head.toString(StandardCharsets.UTF_8);
                return text.substring(0, text.length() - 4);
            }
        }
        return null;
    }

    /** Closes every open connection, as a camera that reboots. */
    void dropConnections() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        dropConnections();
    }

    /** A script for a well-behaved camera; {@code setupHeaders} and {@code onPlay} vary per test. */
    public static Script camera(String publicMethods, String setupHeaders, BiConsumer<Request, Connection> onPlay) {
        String sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=t\r\nt=0 0\r\nm=video 0 RTP/AVP 96\r\n"
                + "a=rtpmap:96 H264/90000\r\na=fmtp:96 packetization-mode=1\r\na=control:track1\r\n";
        return (request, c) -> {
            switch (request.method()) {
                case "OPTIONS" -> c.reply(request, 200, "Public: " + publicMethods + "\r\n", null);
                case "DESCRIBE" -> c.reply(request, 200, "Content-Base: " + request.uri() + "/\r\n"
                        + "Content-Type: application/sdp\r\n", sdp);
                case "SETUP" -> c.reply(request, 200, setupHeaders, null);
                case "PLAY" -> {
                    c.reply(request, 200, "Session: 4711\r\n", null);
                    onPlay.accept(request, c);
                }
                default -> c.reply(request, 200, "Session: 4711\r\n", null);
            }
        };
    }
}
