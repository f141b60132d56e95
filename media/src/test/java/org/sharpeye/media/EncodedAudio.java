package org.sharpeye.media;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.sharpeye.media.codec.AudioSpecificConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Real encoded audio for tests, made by Debian's ffmpeg (its AAC encoder, G.711), turned into {@link Frame}s. */
public final class EncodedAudio {

    private EncodedAudio() {
    }

    /**
     * {@code seconds} of a 440 Hz tone as AAC-LC frames at {@code rate} Hz with {@code channels}, the first at
     * {@code startMicros}; the caller releases them. Encoded to ADTS, whose headers are stripped and turned into
     * the AudioSpecificConfig of the frames' track (what RTP's RFC 3640 delivers).
     */
    public static List<Frame> aac(int rate, int channels, int seconds, long startMicros, Path dir)
            throws IOException, InterruptedException {
        Path out = dir.resolve("tone.aac");
        ffmpeg(List.of("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=" + rate, "-t", Integer.toString(seconds),
                "-ac", Integer.toString(channels), "-c:a", "aac", "-f", "adts", out.toString()));
        byte[] adts = Files.readAllBytes(out);
        AudioTrack track = AudioTrack.aac(AudioSpecificConfig.aacLc(rate, channels), rate, channels);
        List<Frame> frames = new ArrayList<>();
        int at = 0;
        long n = 0;
        while (at + 7 <= adts.length) {
            int length = (adts[at + 3] & 3) << 11 | (adts[at + 4] & 0xff) << 3 | (adts[at + 5] & 0xff) >> 5;
            int header = (adts[at + 1] & 1) == 0 ? 9 : 7;
            ByteBuf data = PooledByteBufAllocator.DEFAULT.buffer(length - header)
                    .writeBytes(adts, at + header, length - header);
            long pts = startMicros + n * AudioTrack.AAC_FRAME_SAMPLES * 1_000_000L / rate;
            frames.add(Frame.audio(track, pts, data, System.nanoTime()));
            at += length;
            n++;
        }
        return frames;
    }

    /** {@code seconds} of G.711 A-law at 8 kHz mono in 20 ms frames, the first at {@code startMicros}. */
    public static List<Frame> pcma(int seconds, long startMicros, Path dir) throws IOException, InterruptedException {
        Path out = dir.resolve("tone.alaw");
        ffmpeg(List.of("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=8000", "-t", Integer.toString(seconds),
                "-c:a", "pcm_alaw", "-f", "alaw", out.toString()));
        byte[] alaw = Files.readAllBytes(out);
        AudioTrack track = AudioTrack.g711(Codec.PCMA, 8000, 1);
        List<Frame> frames = new ArrayList<>();
        for (int at = 0; at + 160 <= alaw.length; at += 160) {
            ByteBuf data = PooledByteBufAllocator.DEFAULT.buffer(160).writeBytes(alaw, at, 160);
            frames.add(Frame.audio(track, startMicros + at * 125L, data, System.nanoTime()));
        }
        return frames;
    }

    /** Video and audio frames merged in time order, as a source publishes them. */
    public static List<Frame> interleave(List<Frame> video, List<Frame> audio) {
        List<Frame> all = new ArrayList<>(video);
        all.addAll(audio);
        all.sort(Comparator.comparingLong(Frame::dtsMicros)); // stable: video first at equal times
        return all;
    }

    private static void ffmpeg(List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-y"));
        cmd.addAll(args);
        EncodedSamples.Result r = EncodedSamples.run(cmd);
        if (r.exitCode() != 0) {
            throw new IOException("ffmpeg failed: " + r.output());
        }
    }
}
