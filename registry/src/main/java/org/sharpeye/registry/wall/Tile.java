package org.sharpeye.registry.wall;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One tile of a wall: its position in the wall's tile order, the camera it shows (null: empty), the profile ("main",
 * "sub"; null: the wall's default) and, for a big tile, its span.
 */
public record Tile(int index, String cameraId, String profile, @JsonInclude(JsonInclude.Include.NON_NULL) Span span) {

    /** An empty tile. */
    public static Tile empty(int index, Span span) {
        return new Tile(index, null, null, span);
    }

    /** This tile showing {@code camera} with {@code newProfile}. */
    public Tile showing(String camera, String newProfile) {
        return new Tile(index, camera, newProfile, span);
    }
}
