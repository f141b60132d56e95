package org.sharpeye.registry.wall;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Map;
import java.util.Optional;

/**
 * The screen layouts of a wall. The named ones fix the grid and the tiles: 1, 4, 9 and 16 are even grids; 6 is a 3x3
 * grid whose tile 0 spans 2x2 (one big and five small), 8 a 4x4 grid whose tile 0 spans 3x3 (one big, seven small).
 * {@link #CUSTOM} takes its grid (1..8 rows and columns) and optional spans from the request.
 */
public enum Layout {
    ONE("1", new Grid(1, 1), null),
    FOUR("4", new Grid(2, 2), null),
    SIX("6", new Grid(3, 3), new Span(2, 2)),
    EIGHT("8", new Grid(4, 4), new Span(3, 3)),
    NINE("9", new Grid(3, 3), null),
    SIXTEEN("16", new Grid(4, 4), null),
    CUSTOM("custom", null, null);

    private final String code;
    private final Grid grid;
    private final Span mainSpan;

    Layout(String code, Grid grid, Span mainSpan) {
        this.code = code;
        this.grid = grid;
        this.mainSpan = mainSpan;
    }

    /** The code the API uses ("1", "4", ..., "custom"). */
    @JsonValue
    public String code() {
        return code;
    }

    /** The layout of {@code code}, or empty. */
    public static Optional<Layout> of(String code) {
        for (Layout l : values()) {
            if (l.code.equals(code)) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }

    @JsonCreator
    static Layout fromJson(String code) {
        return of(code).orElseThrow(() -> new IllegalArgumentException("unknown layout " + code));
    }

    /** The fixed grid of a named layout (null for {@link #CUSTOM}). */
    public Grid grid() {
        return grid;
    }

    /** The spans of a named layout's tiles by index (tile 0 of 6 and 8). */
    public Map<Integer, Span> spans() {
        return mainSpan == null ? Map.of() : Map.of(0, mainSpan);
    }
}
