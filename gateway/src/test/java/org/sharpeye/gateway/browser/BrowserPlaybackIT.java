package org.sharpeye.gateway.browser;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sharpeye.media.Codec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real browser (Debian's Chromium, headless) plays every live output of the gateway with the console's
 * LivePlayer: HTTP-FLV and WS-FLV through mpegts.js, fMP4 over WebSocket through the browser's own MSE, HLS through
 * hls.js. Between two samples {@value #SAMPLE_SECONDS} s apart the video's playhead must advance and frames must be
 * decoded. ffprobe checks the bytes in LiveOutputsIT; this checks that a browser can play them.
 */
class BrowserPlaybackIT {

    private static final Logger log = LoggerFactory.getLogger(BrowserPlaybackIT.class);

    static final String H264_CAMERA = "34152200001320000101";
    static final String H265_CAMERA = "34152200001320000102";
    static final int SAMPLE_SECONDS = 3;

    private static LiveRig rig;

    @BeforeAll
    static void start() throws Exception {
        assertNull(Chromium.missing(), "browser tests need Chromium and web-console's node_modules");
        rig = LiveRig.start(Map.of(H264_CAMERA, Codec.H264, H265_CAMERA, Codec.H265));
    }

    @AfterAll
    static void stop() throws Exception {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void httpFlvPlaysWithMpegtsJs() throws Exception {
        assertPlays(Chromium.play(rig.playerPage("flv", H264_CAMERA, ".flv?profile=sub"), SAMPLE_SECONDS),
                640, 360);
    }

    @Test
    void wsFlvPlaysWithMpegtsJs() throws Exception {
        // The page turns the path into a ws:// URL on its own origin.
        assertPlays(Chromium.play(rig.playerPage("wsflv", H264_CAMERA, ".flv?profile=sub"), SAMPLE_SECONDS),
                640, 360);
    }

    @Test
    void fmp4OverWebSocketPlaysWithNativeMse() throws Exception {
        Playback playback = Chromium.play(rig.playerPage("mp4", H264_CAMERA, ".mp4?profile=main"),
                SAMPLE_SECONDS);
        assertPlays(playback, 1280, 720);
        assertTrue(playback.stats().getString("mimeType", "").startsWith("video/mp4; codecs=\"avc1."), playback.raw());
        assertEquals(Boolean.TRUE, playback.stats().getBoolean("supported"), playback.raw());
    }

    @Test
    void hlsPlaysWithHlsJs() throws Exception {
        assertPlays(Chromium.play(rig.playerPage("hls", H264_CAMERA, "/index.m3u8?profile=sub"),
                SAMPLE_SECONDS), 640, 360);
    }

    /**
     * The player reconnects by itself: the gateway restarts under a playing fMP4 viewer (its WebSocket closes), and
     * after the backoff the same page plays again. State {@code playing} after a reconnect means the playhead moved
     * on the new connection.
     */
    @Test
    void fmp4PlaybackResumesAfterTheGatewayRestarts() throws Exception {
        Playback playback;
        try (Chromium chromium = Chromium.start(rig.playerPage("mp4", H264_CAMERA, ".mp4?profile=sub"), 8)) {
            assertTrue(chromium.awaitFirstSample(java.time.Duration.ofSeconds(30)), "the page never started playing");
            rig.restartGateway();
            playback = chromium.finish();
        }
        log.info("after a gateway restart: {}", playback.stats().encode());
        assertEquals(0, playback.exitCode(), playback.raw());
        assertTrue(playback.stats().getInteger("reconnects") >= 1, "no reconnect: " + playback.raw());
        assertEquals("playing", playback.stats().getString("state"), playback.raw());
        assertTrue(playback.framesDecoded() >= 10, playback.raw());
        assertTrue(playback.stats().getJsonArray("errors").encode().contains("websocket closed"), playback.raw());
    }

    /**
     * Why {@code codec=h264} exists: Debian's Chromium has no H.265 decoder (Chromium decodes HEVC only through
     * platform hardware decoders, which a headless Linux box lacks), so MSE refuses the camera's own stream and the
     * player gives up on that source instead of reconnecting forever.
     */
    @Test
    void h265OverFmp4IsNotSupportedByThisChromium() throws Exception {
        Playback playback = Chromium.play(rig.playerPage("mp4", H265_CAMERA, ".mp4?profile=sub"), 1);
        assertEquals(0, playback.exitCode(), playback.raw());
        String mimeType = playback.stats().getString("mimeType", "");
        assertTrue(mimeType.contains("hvc1") || mimeType.contains("hev1"), playback.raw());
        assertEquals(Boolean.FALSE, playback.stats().getBoolean("supported"), playback.raw());
        assertEquals("failed", playback.stats().getString("state"), playback.raw());
        assertEquals(0L, playback.secondFrames(), playback.raw());
        assertTrue(playback.stats().getJsonArray("errors").encode().contains("cannot decode"), playback.raw());
    }

    /** Playback as the tests define it: no page error, the playhead advanced, frames decoded, at this size. */
    static void assertPlays(Playback playback, int width, int height) {
        log.info("{} {}x{}: playhead {} -> {} s, decoded frames {} -> {}, {} bytes, errors {}",
                playback.stats().getString("kind"), playback.stats().getInteger("videoWidth"),
                playback.stats().getInteger("videoHeight"), playback.firstTime(), playback.secondTime(),
                playback.firstFrames(), playback.secondFrames(), playback.stats().getLong("bytes"),
                playback.stats().getJsonArray("errors"));
        assertEquals(0, playback.exitCode(), playback.raw());
        assertTrue(playback.errors().stream().noneMatch(e -> e.startsWith("pageerror")), playback.raw());
        assertTrue(playback.advanced() >= SAMPLE_SECONDS / 2.0,
                "the playhead advanced only " + playback.advanced() + " s: " + playback.raw());
        assertTrue(playback.framesDecoded() >= 10,
                "only " + playback.framesDecoded() + " frames decoded: " + playback.raw());
        assertEquals(width, playback.stats().getInteger("videoWidth"), playback.raw());
        assertEquals(height, playback.stats().getInteger("videoHeight"), playback.raw());
        assertEquals(0, playback.stats().getInteger("reconnects"), playback.raw());
        assertFalse(playback.stats().getString("state", "").equals("failed"), playback.raw());
    }
}
