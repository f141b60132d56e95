package org.sharpeye.ingest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sharpeye.media.Codec;
import org.sharpeye.media.EncodedSamples;
import org.sharpeye.media.Stream;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Non-RTSP sources through FFmpeg against real media made by Debian's ffmpeg: a local file (MP4 H.264, MPEG-TS
 * H.265), HLS and HTTP-FLV served by a loopback HTTP server, RTMP from ffmpeg's one-shot RTMP server; failures
 * (404, refused, wrong credentials) give their reason, and the source resumes by itself when the server is back.
 */
class FfmpegSourceIT {

    private static final int WIDTH = 320;
    private static final int HEIGHT = 240;
    private static final int GOP = 25;

    @TempDir
    static Path media;
    private static MediaFileServer http;

    private Ingest ingest;
    private ReaderThread readerThread;
    private final Observations observations = new Observations();

    @BeforeAll
    static void makeMedia() throws Exception {
        String source = "testsrc2=size=" + WIDTH + "x" + HEIGHT + ":rate=25";
        List<String> h264 = List.of("-c:v", "libx264", "-g", Integer.toString(GOP), "-bf", "0", "-pix_fmt", "yuv420p");
        ffmpeg(source, 6, h264, List.of(), media.resolve("clip.mp4"));
        ffmpeg(source, 6, h264, List.of(), media.resolve("clip.flv"));
        ffmpeg(source, 6, List.of("-c:v", "libx265", "-x265-params", "keyint=" + GOP + ":bframes=0:log-level=error",
                "-pix_fmt", "yuv420p"), List.of(), media.resolve("clip265.ts"));
        Files.createDirectories(media.resolve("hls"));
        ffmpeg(source, 6, h264, List.of("-f", "hls", "-hls_time", "1", "-hls_list_size", "0",
                "-hls_playlist_type", "vod"), media.resolve("hls/index.m3u8"));
        http = new MediaFileServer(media, "admin", "p@ss:w/rd %1");
    }

    private static void ffmpeg(String source, int seconds, List<String> codec, List<String> format, Path out)
            throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", source, "-t",
                Integer.toString(seconds)));
        cmd.addAll(codec);
        cmd.addAll(format);
        cmd.add(out.toString());
        EncodedSamples.Result result = EncodedSamples.run(cmd);
        assertEquals(0, result.exitCode(), result.output());
    }

    @AfterAll
    static void stopServer() {
        if (http != null) {
            http.close();
        }
    }

    @BeforeEach
    void createIngest() {
        ingest = Ingest.create(IngestOptions.defaults().withStallGap(Duration.ofSeconds(3))
                .withConnectTimeout(Duration.ofSeconds(2)).withResponseTimeout(Duration.ofSeconds(3))
                .withBackoff(Duration.ofMillis(100), Duration.ofMillis(400)));
        ingest.onObservation(observations);
        readerThread = new ReaderThread();
    }

    @AfterEach
    void closeIngest() {
        ingest.close();
        readerThread.close();
    }

    /** Two GOPs: codec, picture size, a keyframe first and every GOP frames, timestamps 40 ms apart. */
    private static void assertVideo(List<FrameLog.Seen> frames, Codec codec) {
        FrameLog.Seen first = frames.get(0);
        assertTrue(first.keyframe(), "a reader starts at a keyframe");
        assertEquals(codec, first.track().codec());
        assertEquals(WIDTH, first.track().width());
        assertEquals(HEIGHT, first.track().height());
        int keyframes = 0;
        for (int i = 0; i < frames.size(); i++) {
            FrameLog.Seen f = frames.get(i);
            assertTrue(f.bytes() > 4, "frame " + i + " has data");
            assertEquals(i % GOP == 0, f.keyframe(), "keyframe flag of frame " + i);
            keyframes += f.keyframe() ? 1 : 0;
            if (i > 0) {
                assertEquals(40_000, f.ptsMicros() - frames.get(i - 1).ptsMicros(), 1_000, "pts step at frame " + i);
            }
        }
        assertTrue(keyframes >= 2, keyframes + " keyframes");
    }

    private FrameLog play(String path, String url, String user, String password) throws InterruptedException {
        Stream stream = ingest.stream(new SourceSpec(path, url, user, password, false));
        FrameLog log = readerThread.watch(stream);
        observations.awaitState(SourceState.PLAYING, 20_000);
        return log;
    }

    @Test
    void localMp4FileGivesH264FramesAtTheirPace() throws Exception {
        FrameLog log = play("file/main", media.resolve("clip.mp4").toUri().toString(), null, null);
        long start = System.nanoTime();
        List<FrameLog.Seen> frames = log.await(2 * GOP + 1, 20_000);
        assertVideo(frames.subList(0, 2 * GOP + 1), Codec.H264);
        // 50 frame intervals of 40 ms: paced like a camera, not read at disk speed.
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) >= 1500, "paced");
    }

    @Test
    void localTransportStreamGivesH265FramesFromAnnexB() throws Exception {
        FrameLog log = play("file265/main", media.resolve("clip265.ts").toUri().toString(), null, null);
        assertVideo(log.await(2 * GOP + 1, 20_000).subList(0, 2 * GOP + 1), Codec.H265);
    }

    @Test
    void hlsOverHttp() throws Exception {
        FrameLog log = play("hls/main", http.url("/hls/index.m3u8"), null, null);
        assertVideo(log.await(2 * GOP + 1, 20_000).subList(0, 2 * GOP + 1), Codec.H264);
        assertEquals(SourceState.PLAYING, ingest.status("hls/main").state());
    }

    @Test
    void liveHlsWhileFfmpegWritesIt() throws Exception {
        Path live = media.resolve("live");
        Files.createDirectories(live);
        Process writer = new ProcessBuilder("ffmpeg", "-v", "error", "-re", "-f", "lavfi", "-i",
                "testsrc2=size=" + WIDTH + "x" + HEIGHT + ":rate=25", "-t", "30", "-c:v", "libx264", "-g",
                Integer.toString(GOP), "-bf", "0", "-pix_fmt", "yuv420p", "-f", "hls", "-hls_time", "1",
                "-hls_list_size", "4", "-hls_flags", "delete_segments", live.resolve("index.m3u8").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!Files.exists(live.resolve("index.m3u8")) && System.nanoTime() < deadline) {
                Thread.sleep(50); // no event for "ffmpeg wrote its first playlist": poll the file with a deadline
            }
            FrameLog log = play("live/main", http.url("/live/index.m3u8"), null, null);
            assertVideo(log.await(3 * GOP + 1, 30_000).subList(0, 3 * GOP + 1), Codec.H264);
        } finally {
            writer.destroy();
            writer.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void httpFlvWithBasicCredentialsAndSpecialCharacters() throws Exception {
        FrameLog log = play("flv/main", http.url("/secure/clip.flv"), "admin", "p@ss:w/rd %1");
        assertVideo(log.await(2 * GOP + 1, 20_000).subList(0, 2 * GOP + 1), Codec.H264);
        StreamFigures figures = ingest.figures("flv/main");
        assertTrue(figures.framesIn() > 2 * GOP && figures.bytesIn() > 0, figures.toString());
    }

    @Test
    void onDemandStartsWithTheFirstReaderAndStopsAfterTheLast() throws Exception {
        ingest.close();
        ingest = Ingest.create(IngestOptions.defaults().withIdleTimeout(Duration.ofMillis(500))
                .withBackoff(Duration.ofMillis(100), Duration.ofMillis(400)));
        ingest.onObservation(observations);
        Stream stream = ingest.stream(new SourceSpec("demand/main", http.url("/clip.flv"), null, null, true));
        assertEquals(SourceState.IDLE, ingest.status("demand/main").state());
        FrameLog log = new FrameLog();
        var reader = stream.addReader("viewer", readerThread.executor(), log);
        observations.awaitState(SourceState.PLAYING, 20_000);
        log.await(GOP + 1, 20_000);
        reader.close();
        observations.awaitState(SourceState.IDLE, 10_000);
    }

    @Test
    void stopEndsTheFfmpegSessionAndClosesTheStream() throws Exception {
        Stream stream = ingest.stream(new SourceSpec("stop/main", http.url("/clip.flv"), null, null, false));
        FrameLog log = readerThread.watch(stream);
        observations.awaitState(SourceState.PLAYING, 20_000);
        log.await(1, 20_000);
        assertTrue(ingest.stop("stop/main").get(10, TimeUnit.SECONDS), "a source existed");
        assertTrue(stream.isClosed(), "the stream is closed when stop completes");
        assertNull(ingest.status("stop/main"), "the path is forgotten");
        assertFalse(ingest.stop("stop/main").get(1, TimeUnit.SECONDS), "nothing left to stop");
    }

    @Test
    void wrongCredentialsAreAuthFailed() throws Exception {
        ingest.stream(new SourceSpec("flv/bad", http.url("/secure/clip.flv"), "admin", "wrong", false));
        SourceStatus failed = observations.awaitFailure(FailureReason.AUTH_FAILED, 20_000);
        assertFalse(failed.detail().contains("wrong"), failed.detail());
    }

    @Test
    void missingFileIsNotFoundAndResumesWhenItAppears() throws Exception {
        Path late = media.resolve("late.flv");
        Files.deleteIfExists(late);
        Stream stream = ingest.stream(new SourceSpec("late/main", http.url("/late.flv"), null, null, false));
        FrameLog log = readerThread.watch(stream);
        observations.awaitFailure(FailureReason.NOT_FOUND, 20_000);
        Files.copy(media.resolve("clip.flv"), late, StandardCopyOption.REPLACE_EXISTING);
        observations.awaitState(SourceState.PLAYING, 20_000);
        assertVideo(log.await(GOP + 1, 20_000).subList(0, GOP + 1), Codec.H264);
        assertTrue(ingest.figures("late/main").reconnects() >= 1, "resumed by a retry");
    }

    @Test
    void serverGoneIsRefusedAndResumesWhenItComesBack() throws Exception {
        Stream stream = ingest.stream(new SourceSpec("gone/main", http.url("/clip.flv"), null, null, false));
        FrameLog log = readerThread.watch(stream);
        observations.awaitState(SourceState.PLAYING, 20_000);
        http.stop();
        try {
            // The file is read at its own pace; at its end the source reconnects and finds nobody listening.
            observations.awaitFailure(FailureReason.REFUSED, 30_000);
        } finally {
            http.start();
        }
        observations.awaitState(SourceState.PLAYING, 20_000);
        int before = log.frames().size();
        log.await(before + GOP, 20_000);
        assertTrue(ingest.figures("gone/main").reconnects() >= 2, "retried until the server came back");
    }

    @Test
    void silenceAfterSomeDataIsStalled() throws Exception {
        byte[] flv = Files.readAllBytes(media.resolve("clip.flv"));
        try (SilentHttpServer silent = new SilentHttpServer(java.util.Arrays.copyOf(flv, flv.length / 3))) {
            play("silent/main", silent.url("/clip.flv"), null, null);
            SourceStatus stalled = observations.awaitFailure(FailureReason.STALLED, 20_000);
            assertEquals("no data within 3000 ms", stalled.detail());
            assertTrue(silent.awaitClientClosed(10_000), "the stalled connection is closed");
        }
    }

    @Test
    void closingStopsABlockedOpenAtOnce() throws Exception {
        // Open timeouts of 40 s: only FFmpeg's interrupt callback can end this session within the test's wait.
        ingest.close();
        ingest = Ingest.create(IngestOptions.defaults().withConnectTimeout(Duration.ofSeconds(20))
                .withResponseTimeout(Duration.ofSeconds(20)));
        try (SilentHttpServer silent = new SilentHttpServer(null)) {
            ingest.stream(new SourceSpec("mute/main", silent.url("/clip.flv"), null, null, false));
            assertTrue(silent.awaitAccepted(10_000), "the source connected");
            ingest.close();
            assertTrue(silent.awaitClientClosed(10_000), "stopped before the 40 s open timeout");
        }
    }

    @Test
    void closedPortIsRefusedAndUnknownSchemeRejected() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        ingest.stream(new SourceSpec("closed/main", "rtmp://127.0.0.1:" + closed + "/live/x", null, null, false));
        SourceStatus refused = observations.awaitFailure(FailureReason.REFUSED, 20_000);
        assertEquals("connection refused", refused.detail());
        assertThrowsIllegal("ftp://127.0.0.1/x");
    }

    private static void assertThrowsIllegal(String url) {
        try {
            new SourceSpec("x", url, null, null, false);
        } catch (IllegalArgumentException expected) {
            return;
        }
        throw new AssertionError("accepted " + url);
    }

    @Test
    void rtmpFromFfmpegsOneShotServer() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String url = "rtmp://127.0.0.1:" + port + "/live/cam";
        // Debian's ffmpeg as a one-shot RTMP server: it waits for one client, then sends the clip in real time.
        Process server = new ProcessBuilder("ffmpeg", "-v", "error", "-re", "-i", media.resolve("clip.flv").toString(),
                "-c", "copy", "-f", "flv", "-listen", "1", url).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            awaitListening(port);
            FrameLog log = play("rtmp/main", url, null, null);
            assertVideo(log.await(2 * GOP + 1, 20_000).subList(0, 2 * GOP + 1), Codec.H264);
        } finally {
            server.destroy();
            server.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** Waits until ffmpeg listens; probing would consume its only client, so read the kernel's socket table. */
    private static void awaitListening(int port) throws IOException, InterruptedException {
        String local = String.format(":%04X ", port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(Path.of("/proc/net/tcp"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && (f[1] + " ").endsWith(local) && f[3].equals("0A")) { // 0A: LISTEN
                    return;
                }
            }
            Thread.sleep(50); // no event for "a process started listening": poll /proc with a deadline
        }
        throw new AssertionError("ffmpeg does not listen on " + port);
    }
}
