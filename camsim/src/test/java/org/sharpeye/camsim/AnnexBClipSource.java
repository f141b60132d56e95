package org.sharpeye.camsim;

import org.sharpeye.media.Codec;
import org.sharpeye.media.codec.AnnexB;
import org.sharpeye.media.codec.NalUnits;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A test-only ClipSource: clips encoded by Debian's ffmpeg (libx264/libx265) into Annex B files under
 * target/test-clips, split with {@link AnnexB} and grouped into access units. LIVE is ffmpeg's moving testsrc2,
 * FROZEN the still smptebars, BLACK a black picture. Files are reused across runs.
 */
final class AnnexBClipSource implements ClipSource {

    private static final Path DIR = Path.of("target", "test-clips");
    private final Map<String, Clip> cache = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();

    /** How many clips were asked for (cache hits included). */
    int calls() {
        return calls.get();
    }

    @Override
    public Clip clip(String cameraId, String label, Codec codec, VideoFormat format, Picture picture) {
        calls.incrementAndGet();
        String key = codec + "-" + picture + "-" + format.width() + "x" + format.height() + "-" + format.fps() + "-"
                + format.gopFrames();
        return cache.computeIfAbsent(key, k -> load(k, codec, format, picture));
    }

    private static Clip load(String key, Codec codec, VideoFormat f, Picture picture) {
        try {
            Files.createDirectories(DIR);
            Path file = DIR.resolve(key + (codec == Codec.H265 ? ".265" : ".264"));
            if (!Files.exists(file)) {
                encode(file, codec, f, picture);
            }
            return toClip(Files.readAllBytes(file), codec, f);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void encode(Path file, Codec codec, VideoFormat f, Picture picture) throws IOException {
        String size = f.width() + "x" + f.height();
        String source = switch (picture) {
            case LIVE -> "testsrc2=size=" + size + ":rate=" + f.fps();
            case FROZEN -> "smptebars=size=" + size + ":rate=" + f.fps();
            case BLACK -> "color=c=black:size=" + size + ":rate=" + f.fps();
        };
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-y", "-hide_banner", "-loglevel", "error",
                "-f", "lavfi", "-i", source, "-t", "4", "-pix_fmt", "yuv420p", "-threads", "1"));
        if (codec == Codec.H265) {
            cmd.addAll(List.of("-c:v", "libx265", "-preset", "ultrafast", "-x265-params",
                    "keyint=" + f.gopFrames() + ":min-keyint=" + f.gopFrames()
                            + ":bframes=0:scenecut=0:repeat-headers=1:log-level=error:pools=1:frame-threads=1",
                    "-f", "hevc", tmp.toString()));
        } else {
            cmd.addAll(List.of("-c:v", "libx264", "-preset", "veryfast", "-g", String.valueOf(f.gopFrames()),
                    "-keyint_min", String.valueOf(f.gopFrames()), "-sc_threshold", "0", "-bf", "0",
                    "-f", "h264", tmp.toString()));
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(
                ProcessBuilder.Redirect.appendTo(DIR.resolve("ffmpeg.log").toFile())).start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("ffmpeg failed to encode " + file + ": " + cmd);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** Groups NAL units into access units: a VCL NAL unit whose first-slice flag is set starts a new picture. */
    static Clip toClip(byte[] stream, Codec codec, VideoFormat f) {
        List<Clip.AccessUnit> units = new ArrayList<>();
        List<byte[]> pending = new ArrayList<>();
        List<byte[]> current = null;
        boolean key = false;
        byte[] vps = null;
        byte[] sps = null;
        byte[] pps = null;
        for (byte[] nal : AnnexB.split(stream)) {
            if (nal.length == 0) {
                continue;
            }
            int type = NalUnits.type(codec, nal[0]);
            if (codec == Codec.H265 ? type == NalUnits.H265_VPS : false) {
                vps = vps == null ? nal : vps;
            }
            if (type == (codec == Codec.H265 ? NalUnits.H265_SPS : NalUnits.H264_SPS)) {
                sps = sps == null ? nal : sps;
            }
            if (type == (codec == Codec.H265 ? NalUnits.H265_PPS : NalUnits.H264_PPS)) {
                pps = pps == null ? nal : pps;
            }
            if (!NalUnits.isVcl(codec, type)) {
                pending.add(nal);
                continue;
            }
            boolean firstSlice = codec == Codec.H265 ? (nal[2] & 0x80) != 0 : (nal[1] & 0x80) != 0;
            if (firstSlice || current == null) {
                if (current != null) {
                    units.add(new Clip.AccessUnit(List.copyOf(current), key));
                }
                current = new ArrayList<>(pending);
                key = false;
            } else {
                current.addAll(pending);
            }
            pending.clear();
            current.add(nal);
            key |= NalUnits.isKeyframe(codec, type);
        }
        if (current != null) {
            units.add(new Clip.AccessUnit(List.copyOf(current), key));
        }
        if (units.isEmpty() || !units.get(0).keyframe() || sps == null || pps == null) {
            throw new IllegalStateException("clip does not start with a keyframe and parameter sets");
        }
        return new Clip(codec, f.width(), f.height(), f.fps(), vps, sps, pps, units);
    }
}
