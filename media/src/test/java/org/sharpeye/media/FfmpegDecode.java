package org.sharpeye.media;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Debian's ffmpeg as an independent decoder: what we wrote must decode to the end without a single error. */
public final class FfmpegDecode {

    private FfmpegDecode() {
    }

    public static void assertClean(Path file) throws Exception {
        assertClean(file.toString());
    }

    /** Decodes {@code input} (a file or URL), with ffmpeg's output {@code options} such as {@code -t 4}. */
    public static void assertClean(String input, String... options) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-i", input));
        cmd.addAll(List.of(options));
        cmd.addAll(List.of("-f", "null", "-"));
        var decode = EncodedSamples.run(cmd);
        assertEquals(0, decode.exitCode(), decode.output());
        assertEquals("", decode.output().trim(), "decoding reported errors");
    }
}
