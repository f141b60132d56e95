package org.sharpeye.camsim;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sharpeye.media.Codec;
import org.sharpeye.media.codec.AnnexB;
import org.sharpeye.media.codec.NalUnits;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Encodes real clips at 640x360 and checks them with Debian's ffprobe and ffmpeg. */
class ClipEncoderTest {

    private static final ClipSource.VideoFormat SUB = ClipSource.VideoFormat.SUB;
    private static final String LABEL = "cam-0001\n城关镇政府门口";

    private static ClipEncoder encoder;
    private static ExecutorService pool;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() {
        encoder = new ClipEncoder(256L << 20);
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void tearDown() {
        pool.shutdownNow();
    }

    @ParameterizedTest
    @EnumSource(value = Codec.class, names = {"H264", "H265"})
    void liveClipHasWholeGopsWithParameterSetsBeforeEveryKeyframe(Codec codec) {
        Clip clip = encoder.clip("cam-0001", LABEL, codec, SUB, Picture.LIVE);

        assertEquals(100, clip.units().size(), "4 s at 25 fps");
        assertEquals(100, ClipEncoder.loopFrames(SUB));
        assertEquals(4L * 90_000, clip.durationTicks());
        for (int i = 0; i < clip.units().size(); i++) {
            Clip.AccessUnit unit = clip.units().get(i);
            assertEquals(i % SUB.gopFrames() == 0, unit.keyframe(), "keyframe flag of unit " + i);
            List<Integer> types = unit.nalUnits().stream().map(n -> NalUnits.type(codec, n[0])).toList();
            assertFalse(types.contains(codec == Codec.H265 ? NalUnits.H265_AUD : NalUnits.H264_AUD), "AUD in " + i);
            assertFalse(types.contains(codec == Codec.H265 ? NalUnits.H265_PREFIX_SEI : NalUnits.H264_SEI),
                    "SEI in " + i);
            boolean sets = types.stream().anyMatch(t -> NalUnits.isParameterSet(codec, t));
            assertEquals(unit.keyframe(), sets, "parameter sets exactly before keyframes, unit " + i);
            assertTrue(types.stream().anyMatch(t -> NalUnits.isVcl(codec, t)), "a slice in unit " + i);
        }
        assertEquals(codec == Codec.H264 ? NalUnits.H264_SPS : NalUnits.H265_SPS,
                NalUnits.type(codec, clip.sps()[0]));
        assertEquals(codec == Codec.H264 ? NalUnits.H264_PPS : NalUnits.H265_PPS,
                NalUnits.type(codec, clip.pps()[0]));
        if (codec == Codec.H265) {
            assertNotNull(clip.vps());
            assertEquals(NalUnits.H265_VPS, NalUnits.type(codec, clip.vps()[0]));
        } else {
            assertNull(clip.vps());
        }
        assertEquals(640, clip.width());
        assertEquals(25, clip.fps());
    }

    @ParameterizedTest
    @EnumSource(value = Codec.class, names = {"H264", "H265"})
    void liveClipDecodesWithFfmpegAndMoves(Codec codec) throws Exception {
        Path file = write(encoder.clip("cam-0001", LABEL, codec, SUB, Picture.LIVE));

        String probe = run("ffprobe", "-v", "error", "-show_entries", "stream=codec_name,width,height",
                "-of", "csv=p=0", file.toString());
        assertEquals((codec == Codec.H264 ? "h264" : "hevc") + ",640,360", probe.strip());
        List<String> hashes = frameHashes(file);
        assertEquals(100, hashes.size(), "decoded frames");
        assertEquals(100, new HashSet<>(hashes).size(), "every live frame differs from the others");
        assertFalse(run("ffmpeg", "-hide_banner", "-i", file.toString(), "-vf", "freezedetect=d=0.5", "-f", "null",
                "-").contains("freeze_start"));
    }

    /**
     * A mount plays the shared clip until the camera's own is ready and then switches at the loop boundary, with
     * the SDP written from the shared clip: both must carry byte-identical parameter sets, in the SDP and in-band.
     */
    @ParameterizedTest
    @EnumSource(value = Codec.class, names = {"H264", "H265"})
    void ownAndSharedClipsHaveIdenticalParameterSets(Codec codec) throws Exception {
        Clip own = encoder.clip("cam-0001", LABEL, codec, SUB, Picture.LIVE);
        Clip shared = encoder.sharedClip(codec, SUB, Picture.LIVE);
        assertNotSame(own, shared);
        assertTrue(own.sizeBytes() != shared.sizeBytes() || !java.util.Arrays.equals(
                own.units().get(0).nalUnits().get(own.units().get(0).nalUnits().size() - 1),
                shared.units().get(0).nalUnits().get(shared.units().get(0).nalUnits().size() - 1)),
                "different labels, different pictures");
        assertArrayEquals(shared.sps(), own.sps(), "SPS");
        assertArrayEquals(shared.pps(), own.pps(), "PPS");
        if (codec == Codec.H265) {
            assertArrayEquals(shared.vps(), own.vps(), "VPS");
        }
        for (Clip clip : List.of(own, shared)) {
            for (Clip.AccessUnit unit : clip.units()) {
                for (byte[] nal : unit.nalUnits()) {
                    int type = NalUnits.type(codec, nal[0]);
                    if (NalUnits.isParameterSet(codec, type)) {
                        byte[] expected = type == (codec == Codec.H265 ? NalUnits.H265_VPS : -1) ? shared.vps()
                                : type == (codec == Codec.H265 ? NalUnits.H265_SPS : NalUnits.H264_SPS)
                                ? shared.sps() : shared.pps();
                        assertArrayEquals(expected, nal, "in-band parameter set of type " + type);
                    }
                }
            }
        }
        // What a client decodes across the switch: a loop of the shared clip, then the own clip.
        List<byte[]> nals = new ArrayList<>();
        for (Clip clip : List.of(shared, own)) {
            for (Clip.AccessUnit unit : clip.units()) {
                nals.addAll(unit.nalUnits());
            }
        }
        Path file = dir.resolve(codec == Codec.H264 ? "switch.h264" : "switch.h265");
        Files.write(file, AnnexB.join(nals));
        assertEquals(200, frameHashes(file).size(), "every frame of both loops decodes without an error");
    }

    @Test
    void liveClipSpendsAboutTheProfileBitrate() {
        Clip clip = encoder.clip("cam-0001", LABEL, Codec.H264, SUB, Picture.LIVE);
        long kbps = clip.sizeBytes() * 8 / 4 / 1000;
        assertTrue(kbps > SUB.bitrateKbps() * 0.7 && kbps < SUB.bitrateKbps() * 1.3, kbps + " kbit/s");
    }

    @ParameterizedTest
    @EnumSource(value = Codec.class, names = {"H264", "H265"})
    void frozenClipDecodesToOnePicture(Codec codec) throws Exception {
        Clip clip = encoder.clip("cam-0001", LABEL, codec, SUB, Picture.FROZEN);
        assertEquals(100, clip.units().size());
        assertTrue(clip.units().get(0).keyframe() && clip.units().get(50).keyframe());
        Path file = write(clip);

        List<String> hashes = frameHashes(file);
        assertEquals(100, hashes.size());
        assertEquals(1, new HashSet<>(hashes).size(), "every frozen frame decodes to the same picture");
        assertTrue(run("ffmpeg", "-hide_banner", "-i", file.toString(), "-vf", "freezedetect=d=1", "-f", "null", "-")
                .contains("lavfi.freezedetect.freeze_start: 0"));
    }

    @Test
    void blackClipIsBlack() throws Exception {
        Clip clip = encoder.clip("cam-0001", LABEL, Codec.H264, SUB, Picture.BLACK);
        assertEquals(100, clip.units().size());
        Path file = write(clip);

        String out = run("ffmpeg", "-hide_banner", "-i", file.toString(), "-vf", "blackdetect=d=1:pix_th=0.02",
                "-f", "null", "-");
        assertTrue(out.contains("black_start:0 ") && out.contains("black_duration:3.96"), out);
        // Y=16 is video black: the signalstats minimum and maximum luma of every frame.
        String stats = run("ffprobe", "-v", "error", "-f", "lavfi", "-i",
                "movie=" + file + ",signalstats", "-show_entries", "frame_tags=lavfi.signalstats.YMIN,"
                        + "lavfi.signalstats.YMAX", "-of", "csv=p=0");
        for (String line : stats.strip().split("\n")) {
            assertEquals("16,16", line.strip(), "luma range of a black frame");
        }
    }

    @Test
    void cacheReturnsTheSameClipAndSharedEncoderIgnoresTheCamera() throws Exception {
        Clip a = encoder.clip("cam-0001", LABEL, Codec.H264, SUB, Picture.BLACK);
        assertSame(a, encoder.clip("cam-0001", LABEL, Codec.H264, SUB, Picture.BLACK));
        assertNotSame(a, encoder.clip("cam-0002", "cam-0002", Codec.H264, SUB, Picture.BLACK));

        ClipEncoder shared = ClipEncoder.shared(64L << 20);
        List<Future<Clip>> asks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String id = "cam-" + i;
            asks.add(pool.submit(() -> shared.clip(id, id + "\n名称", Codec.H264, SUB, Picture.BLACK)));
        }
        Clip first = asks.get(0).get(60, TimeUnit.SECONDS);
        for (Future<Clip> ask : asks) {
            assertSame(first, ask.get(60, TimeUnit.SECONDS), "one encoding for every camera and every caller");
        }
        assertEquals(first.sizeBytes(), shared.cachedBytes());
    }

    @Test
    void cacheStaysWithinItsByteBound() {
        Clip black = encoder.clip("cam-0001", LABEL, Codec.H264, SUB, Picture.BLACK);
        long bound = black.sizeBytes() * 3 / 2;
        ClipEncoder small = new ClipEncoder(bound);

        Clip one = small.clip("cam-1", "1", Codec.H264, SUB, Picture.BLACK);
        assertTrue(small.cachedBytes() <= bound);
        small.clip("cam-2", "2", Codec.H264, SUB, Picture.BLACK);
        assertTrue(small.cachedBytes() <= bound, small.cachedBytes() + " > " + bound);
        assertNotSame(one, small.clip("cam-1", "1", Codec.H264, SUB, Picture.BLACK), "the oldest clip was evicted");
    }

    @Test
    void labelsAreDrawnWithTheCjkFontOnTwoLines() {
        // fonts-wqy-zenhei is installed on this machine (see the workplace setup); without it the label falls back.
        assertEquals("WenQuanYi Zen Hei", ClipRenderer.fontFamily());
        assertEquals(List.of("cam-0001", "城关镇政府门口"), List.of(ClipRenderer.lines("cam-0001 城关镇政府门口")));
        assertEquals(List.of("a", "b c"), List.of(ClipRenderer.lines("a\nb c")));
        assertEquals(List.of("camsim"), List.of(ClipRenderer.lines(ClipEncoder.SHARED_LABEL)));
    }

    private Path write(Clip clip) throws IOException {
        List<byte[]> nals = new ArrayList<>();
        for (Clip.AccessUnit unit : clip.units()) {
            nals.addAll(unit.nalUnits());
        }
        Path file = dir.resolve(clip.codec() == Codec.H264 ? "clip.h264" : "clip.h265");
        Files.write(file, AnnexB.join(nals));
        return file;
    }

    /** One MD5 per decoded frame; ffmpeg must decode without a single error. */
    private static List<String> frameHashes(Path file) throws Exception {
        List<String> hashes = new ArrayList<>();
        for (String line : run("ffmpeg", "-v", "error", "-i", file.toString(), "-f", "framemd5", "-").split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                String[] cols = line.split(",");
                hashes.add(cols[cols.length - 1].strip());
            }
        }
        return hashes;
    }

    /** Runs a tool, fails on a non-zero exit or on anything it prints at "error" level, returns its output. */
    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
        Future<byte[]> err = pool.submit(() -> p.getErrorStream().readAllBytes());
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String errors = new String(err.get(60, TimeUnit.SECONDS), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "tool finished");
        assertEquals(0, p.exitValue(), String.join(" ", command) + ":\n" + errors);
        if (List.of(command).contains("error")) {
            assertEquals("", errors.strip(), String.join(" ", command));
        }
        return out + errors;
    }
}
