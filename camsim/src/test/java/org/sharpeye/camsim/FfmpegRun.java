package org.sharpeye.camsim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Debian's ffmpeg or ffprobe as an independent RTSP client and keeps what it printed. */
record FfmpegRun(int exitCode, String stdout, String stderr, long millis) {

    /** ffprobe of a URL over TCP, JSON streams on stdout. */
    static FfmpegRun probe(String url, String... extra) {
        List<String> cmd = new ArrayList<>(List.of("ffprobe", "-hide_banner", "-v", "error", "-rtsp_transport", "tcp"));
        cmd.addAll(List.of(extra));
        cmd.addAll(List.of("-show_streams", "-of", "json", url));
        return run(cmd, 30);
    }

    /** ffmpeg decoding {@code seconds} of a URL over TCP to nothing, with optional filters. */
    static FfmpegRun decode(String url, int seconds, String... extra) {
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-nostdin", "-v", "error",
                "-rtsp_transport", "tcp"));
        cmd.addAll(List.of(extra));
        cmd.addAll(List.of("-i", url, "-t", String.valueOf(seconds), "-f", "null", "-"));
        return run(cmd, seconds + 30);
    }

    /** ffmpeg decoding through a filter graph, logging at info so filter reports show on stderr. */
    static FfmpegRun filter(String url, int seconds, String filters) {
        List<String> cmd = List.of("ffmpeg", "-hide_banner", "-nostdin", "-v", "info", "-rtsp_transport", "tcp",
                "-i", url, "-t", String.valueOf(seconds), "-vf", filters, "-f", "null", "-");
        return run(cmd, seconds + 30);
    }

    static FfmpegRun run(List<String> cmd, int timeoutSeconds) {
        long start = System.nanoTime();
        try {
            Process p = new ProcessBuilder(cmd).start();
            p.getOutputStream().close();
            // Read both streams concurrently so neither pipe fills up.
            var out = new java.util.concurrent.CompletableFuture<String>();
            Thread t = new Thread(() -> {
                try {
                    out.complete(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    out.complete("");
                }
            });
            t.start();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("timed out: " + cmd);
            }
            t.join(5000);
            return new FfmpegRun(p.exitValue(), out.getNow(""), err, (System.nanoTime() - start) / 1_000_000);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The first video stream's field from ffprobe's JSON, e.g. codec_name. */
    String stream(String field) {
        try {
            var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(stdout).path("streams").path(0)
                    .path(field);
            return node.isMissingNode() ? null : node.asText();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "exit=" + exitCode + " in " + millis + " ms\nstdout: " + stdout + "\nstderr: " + stderr;
    }
}
