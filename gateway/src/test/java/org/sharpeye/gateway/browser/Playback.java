package org.sharpeye.gateway.browser;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * What {@code web-console/test/play.mjs} saw: the player's playhead and decoded-frame count at two samples, its
 * last {@code playerStats()}, and the page's errors. {@code raw} is the script's whole output, for messages.
 */
record Playback(int exitCode, double firstTime, double secondTime, long firstFrames, long secondFrames,
                JsonObject stats, List<String> errors, String raw) {

    /** Reads the script's JSON line; an output without one (the browser never started) keeps only {@code raw}. */
    static Playback parse(int exitCode, String output) {
        String line = output.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse(null);
        if (line == null) {
            return new Playback(exitCode, 0, 0, 0, 0, new JsonObject(), List.of(), output);
        }
        JsonObject json = new JsonObject(line);
        JsonObject first = json.getJsonObject("first", new JsonObject());
        JsonObject second = json.getJsonObject("second", new JsonObject());
        List<String> errors = json.getJsonArray("errors", new JsonArray()).stream().map(String::valueOf).toList();
        return new Playback(exitCode, number(first, "currentTime"), number(second, "currentTime"),
                (long) number(first, "decodedFrames"), (long) number(second, "decodedFrames"),
                json.getJsonObject("stats", new JsonObject()), errors, output);
    }

    /** Seconds the playhead moved between the samples. */
    double advanced() {
        return secondTime - firstTime;
    }

    /** Frames decoded between the samples. */
    long framesDecoded() {
        return secondFrames - firstFrames;
    }

    private static double number(JsonObject o, String key) {
        Number n = o.getNumber(key);
        return n == null ? 0 : n.doubleValue();
    }
}
