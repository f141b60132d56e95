package org.sharpeye.camsim;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/** A minimal blocking RTSP-over-TCP client for tests: raw requests, responses and interleaved packets. */
final class TestRtspClient implements AutoCloseable {

    record Response(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    record Packet(int channel, byte[] data) {
        int sequence() {
            return ((data[2] & 0xff) << 8) | (data[3] & 0xff);
        }

        boolean marker() {
            return (data[1] & 0x80) != 0;
        }
    }

    final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final Deque<Packet> packets = new ArrayDeque<>();
    private int cseq;
    String session;

    TestRtspClient(String url) throws IOException {
        this(url, 0);
    }

    /** A client whose socket receive buffer is {@code receiveBuffer} bytes (0: the default). */
    TestRtspClient(String url, int receiveBuffer) throws IOException {
        URI u = URI.create(url);
        socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress(u.getHost(), u.getPort()), 3000);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        out = socket.getOutputStream();
    }

    /** Sends a request and returns its response; interleaved packets met meanwhile are kept. */
    Response request(String method, String uri, String... headers) throws IOException {
        StringBuilder sb = new StringBuilder(method + " " + uri + " RTSP/1.0\r\nCSeq: " + (++cseq) + "\r\n");
        if (session != null) {
            sb.append("Session: ").append(session).append("\r\n");
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            sb.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        sb.append("\r\n");
        sendRaw(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        return readResponse();
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    Response readResponse() throws IOException {
        while (true) {
            int first = in.read();
            if (first < 0) {
                throw new EOFException("connection closed");
            }
            if (first == '$') {
                packets.add(readPacketBody());
                continue;
            }
            String status = (char) first + line();
            Map<String, String> headers = new LinkedHashMap<>();
            for (String l = line(); !l.isEmpty(); l = line()) {
                int colon = l.indexOf(':');
                headers.put(l.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT), l.substring(colon + 1).trim());
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            byte[] body = new byte[length];
            in.readFully(body);
            String[] parts = status.split(" ");
            return new Response(Integer.parseInt(parts[1]), headers, new String(body, StandardCharsets.UTF_8));
        }
    }

    /** DESCRIBE, SETUP (interleaved 0-1) and PLAY; fails unless each gets 200. */
    void play(String url) throws IOException {
        expect(200, request("DESCRIBE", url, "Accept", "application/sdp"));
        Response setup = request("SETUP", url + "/trackID=0", "Transport", "RTP/AVP/TCP;unicast;interleaved=0-1");
        expect(200, setup);
        session = setup.header("Session").split(";")[0];
        expect(200, request("PLAY", url + "/", "Range", "npt=0.000-"));
    }

    static void expect(int status, Response r) {
        if (r.status() != status) {
            throw new AssertionError("expected " + status + " but got " + r);
        }
    }

    /** The next interleaved packet, or null when none comes within the timeout. */
    Packet nextPacket(int timeoutMs) throws IOException {
        if (!packets.isEmpty()) {
            return packets.poll();
        }
        socket.setSoTimeout(timeoutMs);
        try {
            int first = in.read();
            if (first < 0) {
                throw new EOFException("connection closed");
            }
            if (first != '$') {
                throw new IOException("expected '$' but got " + first);
            }
            return readPacketBody();
        } catch (SocketTimeoutException e) {
            return null;
        } finally {
            socket.setSoTimeout(10_000);
        }
    }

    private Packet readPacketBody() throws IOException {
        int channel = in.readUnsignedByte();
        int length = in.readUnsignedShort();
        byte[] data = new byte[length];
        in.readFully(data);
        return new Packet(channel, data);
    }

    /** True when the server closed the connection (EOF or reset) within the timeout, skipping packets. */
    boolean closedWithin(int timeoutMs) throws IOException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        try {
            while (System.currentTimeMillis() < deadline) {
                socket.setSoTimeout((int) Math.max(1, deadline - System.currentTimeMillis()));
                if (in.read() < 0) {
                    return true;
                }
            }
            return false;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new EOFException("connection closed mid-line");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
