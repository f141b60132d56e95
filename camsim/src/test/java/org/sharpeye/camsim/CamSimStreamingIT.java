package org.sharpeye.camsim;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sharpeye.media.Codec;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** camsim against Debian's ffprobe and ffmpeg: codecs, sizes, clean decode, Digest auth, two clients on one mount. */
class CamSimStreamingIT {

    static CamSim sim;

    @BeforeAll
    static void start() {
        List<CameraSpec> cams = List.of(
                CameraSpec.hikvisionLike("h264", "Gate", "127.0.0.1", 18554, Codec.H264).onlyProfiles("sub"),
                CameraSpec.hikvisionLike("h265", "Yard", "127.0.0.1", 18554, Codec.H265).onlyProfiles("sub")
                        .withPaths("/h265/Streaming/Channels/102"),
                CameraSpec.dahuaLike("dahua", "Lobby", "127.0.0.1", 18554, Codec.H264).onlyProfiles("sub"),
                CameraSpec.hikvisionLike("auth", "Vault", "127.1.0.9", 18554, Codec.H264).onlyProfiles("sub")
                        .withCredentials("admin", "s3cret:é!"));
        sim = CamSim.start(CamSimConfig.of(cams, new AnnexBClipSource()));
        sim.warmUp().join();
    }

    @AfterAll
    static void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void h264ProbesWithCodecAndSize() {
        FfmpegRun r = FfmpegRun.probe(sim.url("h264", "sub"));
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("h264", r.stream("codec_name"), r::toString);
        assertEquals("640", r.stream("width"));
        assertEquals("360", r.stream("height"));
    }

    @Test
    void h265ProbesWithCodecAndSize() {
        FfmpegRun r = FfmpegRun.probe(sim.url("h265", "sub"));
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("hevc", r.stream("codec_name"), r::toString);
        assertEquals("640", r.stream("width"));
        assertEquals("360", r.stream("height"));
    }

    @Test
    void dahuaPathWithQueryProbes() {
        FfmpegRun r = FfmpegRun.probe(sim.url("dahua", "sub"));
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("h264", r.stream("codec_name"), r::toString);
        FfmpegRun wrong = FfmpegRun.probe("rtsp://127.0.0.1:18554/cam/realmonitor?channel=1&subtype=7");
        assertTrue(wrong.stderr().contains("404"), wrong::toString);
    }

    @Test
    void h264AndH265DecodeWithoutErrors() {
        CompletableFuture<FfmpegRun> h265 = CompletableFuture.supplyAsync(() -> FfmpegRun.decode(sim.url("h265", "sub"), 4));
        FfmpegRun h264 = FfmpegRun.decode(sim.url("h264", "sub"), 4);
        assertEquals(0, h264.exitCode(), h264::toString);
        assertEquals("", h264.stderr().strip(), h264::toString);
        FfmpegRun r265 = h265.join();
        assertEquals(0, r265.exitCode(), r265::toString);
        assertEquals("", r265.stderr().strip(), r265::toString);
    }

    @Test
    void twoFfmpegClientsShareOneMountTimerAndBothDecode() throws Exception {
        String url = sim.url("h264", "sub");
        long opened = sim.sessionsOpened("h264", "sub");
        CompletableFuture<FfmpegRun> a = CompletableFuture.supplyAsync(() -> FfmpegRun.decode(url, 4));
        CompletableFuture<FfmpegRun> b = CompletableFuture.supplyAsync(() -> FfmpegRun.decode(url, 4));
        CamSimRtspIT.waitFor(() -> sim.playingSessions("h264", "sub") == 2, "two ffmpeg clients playing");
        assertEquals(1, sim.stats().activeMounts.get(), "one timer serves both");
        for (FfmpegRun r : List.of(a.join(), b.join())) {
            assertEquals(0, r.exitCode(), r::toString);
            assertEquals("", r.stderr().strip(), r::toString);
        }
        assertEquals(opened + 2, sim.sessionsOpened("h264", "sub"));
        CamSimRtspIT.waitFor(() -> sim.playingSessions("h264", "sub") == 0, "both gone");
    }

    @Test
    void digestAuthentication() {
        String url = sim.url("auth", "sub");
        FfmpegRun none = FfmpegRun.probe(url);
        assertTrue(none.exitCode() != 0 && none.stderr().contains("401"), none::toString);
        FfmpegRun wrong = FfmpegRun.probe(url.replace("rtsp://", "rtsp://admin:nope@"));
        assertTrue(wrong.exitCode() != 0 && wrong.stderr().contains("401"), wrong::toString);
        FfmpegRun right = FfmpegRun.decode(url.replace("rtsp://", "rtsp://admin:s3cret%3A%C3%A9%21@"), 2);
        assertEquals(0, right.exitCode(), right::toString);
        assertEquals("", right.stderr().strip(), right::toString);
    }
}
