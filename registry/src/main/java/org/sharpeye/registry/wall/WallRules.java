package org.sharpeye.registry.wall;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sharpeye.registry.FieldError;
import org.sharpeye.registry.ValidationException;

/**
 * Checks a {@link WallDraft} or {@link TourDraft} and lays a wall out: every bad field is reported at once. Camera
 * visibility is the caller's check (it needs the user).
 */
final class WallRules {
    static final int MAX_NAME = 100;
    static final int MAX_ID = 64;

    private WallRules() {
    }

    /** The tiles of {@code draft}'s layout, grid and spans filled in, cameras placed; throws on any bad field. */
    static Laid layOut(WallDraft draft) {
        List<FieldError> errors = new ArrayList<>();
        name(draft.name(), errors);
        if (draft.siteId() == null || draft.siteId().isBlank()) {
            errors.add(new FieldError("siteId", "is required"));
        }
        Layout layout = draft.layout() == null ? null : Layout.of(draft.layout()).orElse(null);
        if (layout == null) {
            errors.add(new FieldError("layout", draft.layout() == null ? "is required"
                    : "must be one of 1, 4, 6, 8, 9, 16, custom"));
            throw new ValidationException(errors);
        }
        List<WallDraft.TileDraft> asked = draft.tiles() == null ? List.of() : draft.tiles();
        Grid grid;
        Map<Integer, Span> spans = new HashMap<>();
        if (layout == Layout.CUSTOM) {
            grid = draft.grid();
            if (grid == null || grid.rows() < 1 || grid.rows() > Grid.MAX_SIDE || grid.cols() < 1
                    || grid.cols() > Grid.MAX_SIDE) {
                errors.add(new FieldError("grid", "a custom layout needs rows and cols from 1 to " + Grid.MAX_SIDE));
                throw new ValidationException(errors);
            }
            for (int i = 0; i < asked.size(); i++) {
                WallDraft.TileDraft t = asked.get(i);
                if (t != null && t.span() != null && t.index() != null) {
                    if (t.span().rows() < 1 || t.span().cols() < 1) {
                        errors.add(new FieldError("tiles[" + i + "].span", "rows and cols must be at least 1"));
                    } else {
                        spans.put(t.index(), t.span());
                    }
                }
            }
        } else {
            grid = layout.grid();
            spans.putAll(layout.spans());
        }
        int count = place(grid, spans, errors);
        List<Tile> tiles = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            tiles.add(Tile.empty(i, spans.get(i)));
        }
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < asked.size(); i++) {
            WallDraft.TileDraft t = asked.get(i);
            String at = "tiles[" + i + "]";
            if (t == null || t.index() == null) {
                errors.add(new FieldError(at + ".index", "is required"));
                continue;
            }
            if (t.index() < 0 || t.index() >= count) {
                errors.add(new FieldError(at + ".index", "must be from 0 to " + (count - 1) + " for this layout"));
                continue;
            }
            if (!seen.add(t.index())) {
                errors.add(new FieldError(at + ".index", "tile " + t.index() + " is listed twice"));
                continue;
            }
            profile(t.profile(), at + ".profile", errors);
            id(t.cameraId(), at + ".cameraId", errors);
            tiles.set(t.index(), tiles.get(t.index()).showing(t.cameraId(), t.profile()));
        }
        if (draft.alarmTile() != null && (draft.alarmTile() < 0 || draft.alarmTile() >= count)) {
            errors.add(new FieldError("alarmTile", "must be a tile from 0 to " + (count - 1) + ", or null"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new Laid(layout, grid, tiles);
    }

    /**
     * Places tiles in reading order, each at the first free cell with its span (1x1 without one), until the grid is
     * full; returns the tile count. A span that does not fit where its tile falls is an error.
     */
    private static int place(Grid grid, Map<Integer, Span> spans, List<FieldError> errors) {
        boolean[][] used = new boolean[grid.rows()][grid.cols()];
        int index = 0;
        for (int r = 0; r < grid.rows(); r++) {
            for (int c = 0; c < grid.cols(); c++) {
                if (used[r][c]) {
                    continue;
                }
                Span s = spans.getOrDefault(index, new Span(1, 1));
                boolean fits = r + s.rows() <= grid.rows() && c + s.cols() <= grid.cols();
                for (int dr = 0; fits && dr < s.rows(); dr++) {
                    for (int dc = 0; fits && dc < s.cols(); dc++) {
                        fits = !used[r + dr][c + dc];
                    }
                }
                if (!fits) {
                    errors.add(new FieldError("tiles", "the span of tile " + index + " (" + s.rows() + "x" + s.cols()
                            + ") does not fit the grid at row " + r + ", column " + c));
                    s = new Span(1, 1);
                    spans.remove(index);
                }
                for (int dr = 0; dr < s.rows(); dr++) {
                    for (int dc = 0; dc < s.cols(); dc++) {
                        used[r + dr][c + dc] = true;
                    }
                }
                index++;
            }
        }
        for (Integer i : spans.keySet()) {
            if (i < 0 || i >= index) {
                errors.add(new FieldError("tiles", "tile " + i + " has a span but the grid has only " + index
                        + " tiles"));
            }
        }
        return index;
    }

    /** Checks a tour draft. */
    static void tour(TourDraft d) {
        List<FieldError> errors = new ArrayList<>();
        name(d.name(), errors);
        if (d.siteId() == null || d.siteId().isBlank()) {
            errors.add(new FieldError("siteId", "is required"));
        }
        if (d.cameraIds() == null || d.cameraIds().size() < Tour.MIN_CAMERAS) {
            errors.add(new FieldError("cameraIds", "a tour needs at least " + Tour.MIN_CAMERAS + " cameras"));
        } else if (d.cameraIds().size() > Tour.MAX_CAMERAS) {
            errors.add(new FieldError("cameraIds", "at most " + Tour.MAX_CAMERAS + " cameras"));
        } else {
            for (int i = 0; i < d.cameraIds().size(); i++) {
                String c = d.cameraIds().get(i);
                if (c == null || c.isBlank()) {
                    errors.add(new FieldError("cameraIds[" + i + "]", "is required"));
                } else {
                    id(c, "cameraIds[" + i + "]", errors);
                }
            }
        }
        if (d.dwellSeconds() == null || d.dwellSeconds() < Tour.MIN_DWELL_SECONDS
                || d.dwellSeconds() > Tour.MAX_DWELL_SECONDS) {
            errors.add(new FieldError("dwellSeconds", "must be from " + Tour.MIN_DWELL_SECONDS + " to "
                    + Tour.MAX_DWELL_SECONDS + " seconds"));
        }
        profile(d.profile(), "profile", errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    static void profile(String profile, String field, List<FieldError> errors) {
        if (profile != null && !profile.equals("main") && !profile.equals("sub")) {
            errors.add(new FieldError(field, "must be main, sub or null (the wall's default)"));
        }
    }

    private static void name(String name, List<FieldError> errors) {
        if (name == null || name.isBlank()) {
            errors.add(new FieldError("name", "is required"));
        } else if (name.length() > MAX_NAME) {
            errors.add(new FieldError("name", "at most " + MAX_NAME + " characters"));
        }
    }

    private static void id(String id, String field, List<FieldError> errors) {
        if (id != null && (id.length() > MAX_ID || id.isBlank())) {
            errors.add(new FieldError(field, "is not a camera id"));
        }
    }

    /** A laid-out wall: its layout, grid and tiles. */
    record Laid(Layout layout, Grid grid, List<Tile> tiles) {
    }
}
