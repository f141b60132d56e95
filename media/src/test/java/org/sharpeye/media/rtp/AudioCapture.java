package org.sharpeye.media.rtp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real audio RTP packets from Debian's ffmpeg (one second of a 440 Hz tone sent to a loopback UDP socket), with
 * the SDP ffmpeg wrote and the same encoding written by ffmpeg as a plain file (ADTS, raw A-law/u-law) to compare
 * the depacketized frames with.
 */
final class AudioCapture {

    record Capture(List<byte[]> packets, String sdp, byte[] reference) {
    }

    private AudioCapture() {
    }

    static Capture aac() throws Exception {
        return capture(List.of("-c:a", "aac", "-ac", "1", "-ar", "16000", "-b:a", "32k"), "adts", "16000");
    }

    static Capture pcma() throws Exception {
        return capture(List.of("-c:a", "pcm_alaw", "-ac", "1", "-ar", "8000"), "alaw", "8000");
    }

    static Capture pcmu() throws Exception {
        return capture(List.of("-c:a", "pcm_mulaw", "-ac", "1", "-ar", "8000"), "mulaw", "8000");
    }

    private static Capture capture(List<String> codec, String fileFormat, String rate) throws Exception {
        Path dir = Files.createTempDirectory("audio-rtp");
        try {
            Path sdp = dir.resolve("s.sdp");
            Path reference = dir.resolve("ref." + fileFormat);
            List<String> input = List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
                    "sine=frequency=440:sample_rate=" + rate + ":duration=1");
            List<String> cmd = new ArrayList<>(input);
            cmd.addAll(codec);
            cmd.addAll(List.of("-f", "rtp", "-sdp_file", sdp.toString()));
            List<byte[]> packets = FfmpegRtp.capture(cmd);
            List<String> file = new ArrayList<>(input);
            file.addAll(codec);
            file.addAll(List.of("-f", fileFormat, "-y", reference.toString()));
            Process ref = new ProcessBuilder(file).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!ref.waitFor(30, TimeUnit.SECONDS) || ref.exitValue() != 0) {
                ref.destroyForcibly();
                throw new IllegalStateException("ffmpeg could not write the reference file");
            }
            return new Capture(packets, Files.readString(sdp), Files.readAllBytes(reference));
        } finally {
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }

    /** The raw AAC frames of an ADTS stream (ISO 14496-3 1.A.2), headers (and CRCs) removed. */
    static List<byte[]> adtsFrames(byte[] adts) {
        List<byte[]> frames = new ArrayList<>();
        int i = 0;
        while (i + 7 <= adts.length) {
            if ((adts[i] & 0xff) != 0xff || (adts[i + 1] & 0xf0) != 0xf0) {
                throw new IllegalStateException("no ADTS sync at " + i);
            }
            boolean noCrc = (adts[i + 1] & 1) == 1;
            int length = (adts[i + 3] & 0x03) << 11 | (adts[i + 4] & 0xff) << 3 | (adts[i + 5] & 0xe0) >>> 5;
            int header = noCrc ? 7 : 9;
            frames.add(Arrays.copyOfRange(adts, i + header, i + length));
            i += length;
        }
        return frames;
    }
}
