package org.sharpeye.registry.wall;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A saved video wall of a site: a layout of tiles, each showing a camera. {@code alarmTile} is the tile an alert of
 * a camera within the wall's site pops onto (null: none). Tiles keep the profile as chosen (null: the default);
 * {@link #effective()} fills in the default for answers. Versions start at 1 and grow by one per change.
 */
public record Wall(String id, String name, String siteId, Layout layout, Grid grid, List<Tile> tiles,
        Integer alarmTile, long version, String updatedBy, Instant updatedAt) {
    /** Walls of this many tiles or more show the sub stream by default (sixteen main streams swamp a browser). */
    public static final int SUB_STREAM_FROM_TILES = 9;

    public Wall {
        tiles = List.copyOf(tiles);
    }

    /** The profile a tile without one shows on this wall. */
    public String defaultProfile() {
        return tiles.size() >= SUB_STREAM_FROM_TILES ? "sub" : "main";
    }

    /** This wall with the effective profile on every tile that shows a camera (what answers carry). */
    public Wall effective() {
        List<Tile> out = new ArrayList<>(tiles.size());
        for (Tile t : tiles) {
            // an empty tile stays as it is (profile null), as the console sends it
            out.add(t.profile() == null && t.cameraId() != null ? t.showing(t.cameraId(), defaultProfile()) : t);
        }
        return new Wall(id, name, siteId, layout, grid, out, alarmTile, version, updatedBy, updatedAt);
    }

    /** This wall with tile {@code index} showing {@code cameraId} in {@code profile}. */
    public Wall withTile(int index, String cameraId, String profile) {
        List<Tile> out = new ArrayList<>(tiles);
        out.set(index, tiles.get(index).showing(cameraId, profile));
        return new Wall(id, name, siteId, layout, grid, out, alarmTile, version, updatedBy, updatedAt);
    }

    /** This wall as changed by {@code by} at {@code at}, at {@code newVersion}. */
    public Wall changed(long newVersion, String by, Instant at) {
        return new Wall(id, name, siteId, layout, grid, tiles, alarmTile, newVersion, by, at);
    }
}
