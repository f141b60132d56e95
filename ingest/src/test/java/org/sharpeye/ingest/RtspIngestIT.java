package org.sharpeye.ingest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sharpeye.media.Codec;
import org.sharpeye.media.Reader;
import org.sharpeye.media.Stream;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pulls real streams from Debian's GStreamer RTSP server over TCP interleaved transport. */
class RtspIngestIT {

    private static final int GOP = 25;
    private static GstRtspServer open;
    private static GstRtspServer digest;
    private static GstRtspServer basic;

    private Ingest ingest;
    private ReaderThread readerThread;
    private final LinkedBlockingQueue<Observation> observations = new LinkedBlockingQueue<>();

    @BeforeAll
    static void startServers() throws Exception {
        open = GstRtspServer.start("none", 0);
        digest = GstRtspServer.start("digest", 0);
        basic = GstRtspServer.start("basic", 0);
    }

    @AfterAll
    static void stopServers() throws Exception {
        for (GstRtspServer s : new GstRtspServer[] {open, digest, basic}) {
            if (s != null) {
                s.close();
            }
        }
    }

    @BeforeEach
    void createIngest() {
        ingest = Ingest.create(IngestOptions.defaults().withIdleTimeout(Duration.ofSeconds(1))
                .withStallGap(Duration.ofSeconds(3)).withBackoff(Duration.ofMillis(200), Duration.ofSeconds(1)));
        ingest.onObservation(observations::add);
        readerThread = new ReaderThread();
    }

    @AfterEach
    void closeIngest() {
        ingest.close();
        readerThread.close();
    }

    private Observation awaitObservation(String path, Predicate<SourceStatus> what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            Observation o = observations.poll(100, TimeUnit.MILLISECONDS);
            if (o != null && o.path().equals(path) && what.test(o.status())) {
                return o;
            }
        }
        throw new AssertionError("no matching observation for " + path + "; status " + ingest.status(path));
    }

    private static void assertCleanVideo(List<FrameLog.Seen> frames, Codec codec) {
        assertTrue(frames.get(0).keyframe(), "a reader starts at a keyframe");
        int lastKey = -1;
        for (int i = 0; i < frames.size(); i++) {
            FrameLog.Seen f = frames.get(i);
            assertEquals(codec, f.track().codec());
            assertEquals(640, f.track().width());
            assertEquals(360, f.track().height());
            assertTrue(f.bytes() > 0);
            if (i > 0) {
                assertEquals(40_000, f.ptsMicros() - frames.get(i - 1).ptsMicros(), 1_000, "25 fps at frame " + i);
            }
            if (f.keyframe()) {
                if (lastKey >= 0) {
                    assertEquals(GOP, i - lastKey, "keyframe every GOP");
                }
                lastKey = i;
            }
        }
        assertTrue(lastKey >= GOP, "saw a second keyframe");
    }

    private void pullsCleanly(String path, String url, String user, String password, Codec codec) throws Exception {
        Stream stream = ingest.stream(new SourceSpec(path, url, user, password, false));
        FrameLog log = readerThread.watch(stream);
        List<FrameLog.Seen> frames = log.await(2 * GOP + 5, 20_000);
        assertCleanVideo(frames, codec);
        assertEquals(0, stream.stats().framesLost());
        assertEquals(SourceState.PLAYING, ingest.status(path).state());
        assertEquals(codec, stream.videoTrack().codec());
    }

    @Test
    void pullsH264() throws Exception {
        pullsCleanly("cam1/main", open.url("/h264"), null, null, Codec.H264);
    }

    @Test
    void pullsH265() throws Exception {
        pullsCleanly("cam1/sub", open.url("/h265"), null, null, Codec.H265);
    }

    @Test
    void digestAuthWithSpecialCharactersInTheCredentials() throws Exception {
        pullsCleanly("cam2/main", digest.url("/h264"), GstRtspServer.USER, GstRtspServer.PASSWORD, Codec.H264);
    }

    @Test
    void basicAuth() throws Exception {
        pullsCleanly("cam3/main", basic.url("/h265"), GstRtspServer.USER, GstRtspServer.PASSWORD, Codec.H265);
    }

    @Test
    void wrongCredentialsAreAuthFailed() throws Exception {
        ingest.stream(new SourceSpec("bad/main", digest.url("/h264"), GstRtspServer.USER, "wrong", false));
        Observation o = awaitObservation("bad/main", s -> s.state() == SourceState.FAILED);
        assertEquals(FailureReason.AUTH_FAILED, o.status().reason());
        assertFalse(o.status().detail().contains("wrong"), "no password in the detail");
        ingest.stream(new SourceSpec("none/main", basic.url("/h264"), null, null, false));
        assertEquals(FailureReason.AUTH_FAILED,
                awaitObservation("none/main", s -> s.state() == SourceState.FAILED).status().reason());
    }

    @Test
    void aClosedPortIsRefused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ingest.stream(new SourceSpec("closed/main", "rtsp://127.0.0.1:" + port + "/x", null, null, false));
        Observation first = awaitObservation("closed/main", s -> s.state() == SourceState.FAILED);
        assertEquals(FailureReason.REFUSED, first.status().reason());
        // It keeps retrying with backoff: CONNECTING comes again.
        awaitObservation("closed/main", s -> s.state() == SourceState.CONNECTING);
    }

    @Test
    void anUnknownPathIsNotFound() throws Exception {
        ingest.stream(new SourceSpec("missing/main", open.url("/nothing-here"), null, null, false));
        assertEquals(FailureReason.NOT_FOUND,
                awaitObservation("missing/main", s -> s.state() == SourceState.FAILED).status().reason());
    }

    @Test
    void onDemandStartsWithTheFirstReaderAndStopsAfterTheLastLeaves() throws Exception {
        Stream stream = ingest.stream(new SourceSpec("od/main", open.url("/h264"), null, null, true));
        assertEquals(SourceState.IDLE, ingest.status("od/main").state());
        FrameLog log = new FrameLog();
        Reader reader = stream.addReader("viewer", readerThread.executor(), log);
        log.await(5, 20_000);
        assertEquals(SourceState.PLAYING, ingest.status("od/main").state());
        reader.close();
        Observation idle = awaitObservation("od/main", s -> s.state() == SourceState.IDLE);
        assertNotNull(idle);
        long framesAtIdle = stream.stats().framesIn();
        // Nothing flows any more: poll for a while that frames stay put.
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
        while (System.nanoTime() < until) {
            assertEquals(framesAtIdle, stream.stats().framesIn());
            Thread.onSpinWait();
            Thread.sleep(50); // polling a counter that has no event for "nothing happened"
        }
    }

    @Test
    void reconnectsByItselfWhenTheServerComesBack() throws Exception {
        GstRtspServer server = GstRtspServer.start("none", 0);
        int port = server.port();
        try {
            Stream stream = ingest.stream(new SourceSpec("flaky/main", server.url("/h264"), null, null, false));
            FrameLog log = readerThread.watch(stream);
            log.await(10, 20_000);
            server.close();
            Observation failure = awaitObservation("flaky/main", s -> s.state() == SourceState.FAILED);
            assertTrue(failure.status().reason() == FailureReason.UNREACHABLE
                    || failure.status().reason() == FailureReason.STALLED, failure.toString());
            int before = log.frames().size();
            server = GstRtspServer.start("none", port);
            awaitObservation("flaky/main", s -> s.state() == SourceState.PLAYING);
            List<FrameLog.Seen> frames = log.await(before + 10, 20_000);
            assertTrue(frames.get(before).keyframe(), "after the reconnect the reader resumes at a keyframe");
            long gapMicros = frames.get(before).ptsMicros() - frames.get(before - 1).ptsMicros();
            assertTrue(gapMicros > 0 && gapMicros < 30_000_000, "the timeline continues across sessions: " + gapMicros);
        } finally {
            server.close();
        }
    }
}
