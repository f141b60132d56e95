package org.sharpeye.gateway.bench;

import org.sharpeye.media.Codec;
import org.sharpeye.media.codec.SeiTimestamp;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.function.LongConsumer;

/**
 * A blocking HTTP-FLV reader for measurements: the time from sending the request to the first byte of the first
 * keyframe tag, and the camera-to-viewer latency from each frame's send-time SEI.
 */
final class FlvProbe implements AutoCloseable {

    private final Socket socket = new Socket();
    private final DataInputStream in;
    private final long requestNanos;
    private int chunkLeft;
    private int keyframeBytes;

    /** Connects and sends {@code GET path}. */
    FlvProbe(int port, String path) throws IOException {
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(30_000);
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        requestNanos = System.nanoTime();
        socket.getOutputStream().write(request);
        InputStream raw = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        in = new DataInputStream(new InputStream() {
            @Override
            public int read() throws IOException {
                if (chunkLeft == 0 && !nextChunk(raw)) {
                    return -1;
                }
                chunkLeft--;
                return raw.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (chunkLeft == 0 && !nextChunk(raw)) {
                    return -1;
                }
                int n = raw.read(b, off, Math.min(len, chunkLeft));
                chunkLeft -= Math.max(n, 0);
                return n;
            }
        });
        String status = line(raw);
        if (!status.contains(" 200 ")) {
            throw new IOException("HTTP status " + status);
        }
        while (!line(raw).isEmpty()) {
            // headers
        }
    }

    /** Nanoseconds from the request to the first byte of the first keyframe's video tag. */
    long timeToFirstKeyframe() throws IOException {
        in.skipNBytes(13); // FLV header, PreviousTagSize0
        while (true) {
            int type = in.readUnsignedByte();
            long arrival = System.nanoTime();
            int size = in.readUnsignedByte() << 16 | in.readUnsignedShort();
            in.skipNBytes(7);
            if (type == 9 && size > 5) {
                int first = in.readUnsignedByte();
                int packetType = in.readUnsignedByte();
                in.skipNBytes(size - 2 + 4);
                if ((first >> 4) == 1 && packetType == 1) {
                    keyframeBytes = size;
                    return arrival - requestNanos;
                }
            } else {
                in.skipNBytes(size + 4);
            }
        }
    }

    /** The body size of the first keyframe tag {@link #timeToFirstKeyframe()} found. */
    int keyframeBytes() {
        return keyframeBytes;
    }

    /** Reads {@code frames} video tags, reporting now minus each SEI send time, in microseconds. */
    void latencies(int frames, LongConsumer micros) throws IOException {
        int seen = 0;
        while (seen < frames) {
            int type = in.readUnsignedByte();
            int size = in.readUnsignedByte() << 16 | in.readUnsignedShort();
            in.skipNBytes(7);
            byte[] body = in.readNBytes(size);
            in.skipNBytes(4);
            long now = System.currentTimeMillis() * 1000;
            if (type != 9 || size < 5 || body[1] != 1) {
                continue;
            }
            seen++;
            for (int at = 5; at + 4 <= body.length; ) {
                int len = (body[at] & 0xff) << 24 | (body[at + 1] & 0xff) << 16 | (body[at + 2] & 0xff) << 8
                        | (body[at + 3] & 0xff);
                at += 4;
                if (len <= 0 || at + len > body.length) {
                    break;
                }
                long sent = SeiTimestamp.read(Codec.H264, body, at, len);
                if (sent > 0) {
                    micros.accept(now - sent);
                    break;
                }
                at += len;
            }
        }
    }

    private boolean nextChunk(InputStream raw) throws IOException {
        String size = line(raw);
        if (size.isEmpty()) {
            size = line(raw);
        }
        chunkLeft = Integer.parseInt(size.trim(), 16);
        return chunkLeft > 0;
    }

    private static String line(InputStream raw) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = raw.read()) != '\n') {
            if (c < 0) {
                throw new EOFException();
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
