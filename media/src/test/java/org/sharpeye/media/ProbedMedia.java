package org.sharpeye.media;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What Debian's ffprobe says of a file or URL: its streams (codec, rate, channels), and the presentation times of
 * its video and audio packets, to check that audio is there and in step with the video.
 */
public record ProbedMedia(String streams, List<Double> videoTimes, List<Double> audioTimes) {

    public static ProbedMedia of(Path file) throws Exception {
        return of(file.toString());
    }

    public static ProbedMedia of(String input) throws Exception {
        var streams = EncodedSamples.run(List.of("ffprobe", "-v", "error", "-show_entries",
                "stream=codec_type,codec_name,sample_rate,channels", "-of", "default=nw=1", input));
        assertEquals(0, streams.exitCode(), streams.output());
        var packets = EncodedSamples.run(List.of("ffprobe", "-v", "error", "-show_entries",
                "packet=codec_type,pts_time", "-of", "csv=p=0", input));
        assertEquals(0, packets.exitCode(), packets.output());
        List<Double> v = new ArrayList<>();
        List<Double> a = new ArrayList<>();
        for (String line : packets.output().split("\n")) {
            String[] f = line.trim().split(",");
            if (f.length == 2 && !f[1].equals("N/A")) {
                (f[0].equals("video") ? v : a).add(Double.parseDouble(f[1]));
            }
        }
        return new ProbedMedia(streams.output(), v, a);
    }

    public void assertStreams(String videoCodec, String audioCodec, String rate, String channels) {
        assertTrue(streams.contains("codec_name=" + videoCodec), streams);
        assertTrue(streams.contains("codec_name=" + audioCodec), streams);
        assertTrue(streams.contains("sample_rate=" + rate), streams);
        assertTrue(streams.contains("channels=" + channels), streams);
    }

    /** Audio starts and ends within 0.2 s of the video, and its times only grow. */
    public void assertInStep() {
        assertInStep(0.2);
    }

    /** Audio starts and ends within {@code seconds} of the video, and its times only grow. */
    public void assertInStep(double seconds) {
        assertFalse(videoTimes.isEmpty() || audioTimes.isEmpty(), "video " + videoTimes.size() + ", audio "
                + audioTimes.size() + " packets");
        double firstVideo = videoTimes.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double lastVideo = videoTimes.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        assertEquals(firstVideo, audioTimes.get(0), seconds, "first audio packet against the first video packet");
        assertEquals(lastVideo, audioTimes.get(audioTimes.size() - 1), seconds, "last audio against last video");
        for (int i = 1; i < audioTimes.size(); i++) {
            assertTrue(audioTimes.get(i) > audioTimes.get(i - 1), "audio time goes on at packet " + i);
        }
    }
}
