package org.sharpeye.gateway.live;

import io.vertx.core.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sharpeye.camsim.CamSim;
import org.sharpeye.camsim.CamSimConfig;
import org.sharpeye.camsim.CameraSpec;
import org.sharpeye.camsim.ClipEncoder;
import org.sharpeye.ingest.SourceSpec;
import org.sharpeye.media.Codec;
import org.sharpeye.media.Reader;
import org.sharpeye.media.ReaderCloseReason;
import org.sharpeye.media.Stream;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One viewer reads nothing for 30 s while 50 others play the same camera: the others lose no frame (their FLV
 * timestamps advance without a gap, and the server dropped nothing for them) and the stalled one is disconnected.
 */
class SlowViewerIT {

    private static final String CAMERA = "34152200001320000001";
    private static final int PLAYERS = 50;
    private static final long STALL_MILLIS = 30_000;

    private static CamSim camsim;
    private static LiveServer server;
    private static SourceSpec spec;
    private static final LiveTokens TOKENS = LiveTokens.random();

    @BeforeAll
    static void start() throws Exception {
        camsim = CamSim.start(new CamSimConfig(List.of(
                CameraSpec.hikvisionLike(CAMERA, "城关镇政府门口", "127.0.0.1", 0, Codec.H264)),
                0, CamSimConfig.DEFAULT_CLIP_CACHE_BYTES, new ClipEncoder(CamSimConfig.DEFAULT_CLIP_CACHE_BYTES)));
        spec = new SourceSpec(CAMERA + "/main", camsim.url(CAMERA, "main"), null, null, true);
        server = LiveServer.start(
                (id, profile) -> Future.succeededFuture(id.equals(CAMERA) ? Optional.of(spec) : Optional.empty()),
                new LiveAccess(TOKENS, view -> { }, java.time.Clock.systemUTC()));
    }

    @AfterAll
    static void stop() throws Exception {
        LiveServer.close(server, camsim);
    }

    @Test
    void aStalledViewerIsDroppedAndTheOthersLoseNothing() throws Exception {
        Stream stream = server.ingest().stream(spec);
        // The stalled viewer: asks for the stream with a tiny receive window and never reads.
        Socket stalled = new Socket();
        stalled.setReceiveBufferSize(4096);
        stalled.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
        request(stalled.getOutputStream());
        List<Player> players = new ArrayList<>();
        try {
            for (int i = 0; i < PLAYERS; i++) {
                players.add(new Player(server.port()));
            }
            long deadline = System.currentTimeMillis() + STALL_MILLIS;
            Reader stalledReader = null;
            while (System.currentTimeMillis() < deadline) {
                for (Reader r : stream.readers()) {
                    if (r.stats().disconnectReason() != null) {
                        stalledReader = r;
                    }
                }
                Thread.sleep(200); // polling the server's view of its readers: there is no event to await here
            }
            long dropped = stream.disconnects(ReaderCloseReason.TOO_SLOW)
                    + stream.disconnects(ReaderCloseReason.TOO_MANY_OVERFLOWS);
            assertEquals(1, dropped, "exactly the stalled viewer was dropped");
            assertTrue(stalledReader == null || stalledReader.isClosed());
            assertEquals(PLAYERS, stream.readerCount(), "every player is still connected");
            for (Reader r : stream.readers()) {
                assertEquals(0, r.stats().framesDropped(), r.name() + " lost frames on the server");
                assertEquals(0, r.stats().overflows(), r.name() + " overflowed");
            }
            for (Player p : players) {
                p.assertContinuous(STALL_MILLIS);
            }
        } finally {
            players.forEach(Player::close);
            stalled.close();
        }
    }

    private static void request(OutputStream out) throws IOException {
        out.write(("GET /live/" + CAMERA + ".flv?token=" + TOKENS.issue(CAMERA, "tester")
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** A viewer that reads an HTTP-FLV stream on its own thread and checks each video tag's timestamp. */
    private static final class Player implements Runnable {
        private final Socket socket = new Socket();
        private final Thread thread;
        private volatile long videoTags;
        private volatile long lastTimestamp = -1;
        private volatile long largestGap;
        private volatile Throwable failure;

        Player(int port) throws IOException {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            request(socket.getOutputStream());
            thread = new Thread(this, "player");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void run() {
            try {
                DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(
                        new Dechunker(socket.getInputStream()), 1 << 16));
                in.skipNBytes(13); // FLV header and PreviousTagSize0
                while (true) {
                    int type = in.readUnsignedByte();
                    int size = (in.readUnsignedByte() << 16) | in.readUnsignedShort();
                    long ts = (in.readUnsignedByte() << 16) | in.readUnsignedShort();
                    ts |= (long) in.readUnsignedByte() << 24;
                    in.skipNBytes(3 + size + 4);
                    if (type == 9 && size > 5) {
                        if (lastTimestamp >= 0 && ts > lastTimestamp) {
                            largestGap = Math.max(largestGap, ts - lastTimestamp);
                        }
                        lastTimestamp = ts;
                        videoTags++;
                    }
                }
            } catch (EOFException | java.net.SocketException closed) {
                // the test closed the socket
            } catch (Throwable t) {
                failure = t;
            }
        }

        void assertContinuous(long millis) {
            assertTrue(failure == null, "player failed: " + failure);
            // 25 fps: at least 80% of the frames of the period arrived in order, and no gap larger than two frames
            assertTrue(videoTags >= millis / 40 * 8 / 10, "only " + videoTags + " frames in " + millis + " ms");
            assertTrue(largestGap <= 80, "a gap of " + largestGap + " ms between frames");
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** Strips the HTTP response head and chunked transfer encoding. */
    private static final class Dechunker extends InputStream {
        private final DataInputStream in;
        private int remaining;

        Dechunker(InputStream raw) throws IOException {
            in = new DataInputStream(new java.io.BufferedInputStream(raw, 1 << 16));
            String line;
            while (!(line = line()).isEmpty()) {
                if (line.startsWith("HTTP/1.1") && !line.contains(" 200 ")) {
                    throw new IOException("unexpected status: " + line);
                }
            }
        }

        @Override
        public int read() throws IOException {
            if (!nextChunk()) {
                return -1;
            }
            remaining--;
            return in.readUnsignedByte();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (!nextChunk()) {
                return -1;
            }
            int n = in.read(b, off, Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        private boolean nextChunk() throws IOException {
            if (remaining == 0) {
                String size = line();
                if (size.isEmpty()) {
                    size = line();
                }
                remaining = Integer.parseInt(size.trim(), 16);
            }
            return remaining > 0;
        }

        private String line() throws IOException {
            StringBuilder b = new StringBuilder();
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    throw new EOFException();
                }
                if (c != '\r') {
                    b.append((char) c);
                }
            }
            return b.toString();
        }
    }
}
