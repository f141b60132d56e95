package org.sharpeye.registry.wall;

import java.util.List;

/**
 * A wall as a client asks for it: the server fills the grid and tile count of a named layout; {@code grid} and tile
 * spans count only for the custom layout. Tiles not listed are empty.
 */
public record WallDraft(String name, String siteId, String layout, Grid grid, List<TileDraft> tiles,
        Integer alarmTile) {

    /** One tile as a client asks for it. */
    public record TileDraft(Integer index, String cameraId, String profile, Span span) {
    }
}
