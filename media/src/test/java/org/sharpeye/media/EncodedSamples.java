package org.sharpeye.media;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.sharpeye.media.codec.AnnexB;
import org.sharpeye.media.codec.NalUnits;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Real encoded video for tests, made by Debian's ffmpeg (libx264/libx265), turned into {@link Frame}s. */
public final class EncodedSamples {

    private EncodedSamples() {
    }

    /** Encodes {@code seconds} of a 25 fps test pattern as an Annex B stream with access unit delimiters. */
    public static byte[] encode(Codec codec, int width, int height, int seconds, Path dir)
            throws IOException, InterruptedException {
        Path out = dir.resolve(codec == Codec.H265 ? "sample.265" : "sample.264");
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                "testsrc2=size=" + width + "x" + height + ":rate=25", "-t", Integer.toString(seconds),
                "-pix_fmt", "yuv420p"));
        if (codec == Codec.H265) {
            cmd.addAll(List.of("-c:v", "libx265", "-x265-params", "keyint=50:min-keyint=50:bframes=0:aud=1:log-level=error",
                    "-f", "hevc"));
        } else {
            cmd.addAll(List.of("-c:v", "libx264", "-g", "50", "-bf", "0", "-x264-params", "aud=1", "-f", "h264"));
        }
        cmd.add(out.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("ffmpeg failed: " + log);
        }
        return Files.readAllBytes(out);
    }

    /** Splits an Annex B stream (with AUDs) into frames at 25 fps; the caller releases them. */
    public static List<Frame> frames(Codec codec, byte[] annexB, int width, int height) {
        List<List<byte[]>> units = new ArrayList<>();
        byte[] vps = null;
        byte[] sps = null;
        byte[] pps = null;
        for (byte[] nal : AnnexB.split(annexB)) {
            int type = NalUnits.type(codec, nal[0]);
            if (type == (codec == Codec.H265 ? NalUnits.H265_AUD : NalUnits.H264_AUD)) {
                units.add(new ArrayList<>());
                continue;
            }
            if (codec == Codec.H265 && type == NalUnits.H265_VPS) {
                vps = nal;
            } else if (type == (codec == Codec.H265 ? NalUnits.H265_SPS : NalUnits.H264_SPS)) {
                sps = nal;
            } else if (type == (codec == Codec.H265 ? NalUnits.H265_PPS : NalUnits.H264_PPS)) {
                pps = nal;
            } else if (!units.isEmpty()) {
                units.get(units.size() - 1).add(nal);
            }
        }
        VideoTrack track = new VideoTrack(codec, vps, sps, pps, width, height);
        List<Frame> frames = new ArrayList<>();
        long pts = 1_000_000;
        for (List<byte[]> au : units) {
            boolean key = false;
            ByteBuf data = PooledByteBufAllocator.DEFAULT.buffer();
            for (byte[] nal : au) {
                key |= NalUnits.isKeyframe(codec, NalUnits.type(codec, nal[0]));
                data.writeInt(nal.length).writeBytes(nal);
            }
            frames.add(Frame.video(track, pts, pts, key, data, System.nanoTime()));
            pts += 40_000;
        }
        return frames;
    }

    /** Runs a command, returning its exit code and output (stdout and stderr). */
    public static Result run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + cmd);
        }
        return new Result(p.exitValue(), out);
    }

    /** What a command gave. */
    public record Result(int exitCode, String output) {
    }
}
