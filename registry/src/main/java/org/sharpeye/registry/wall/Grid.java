package org.sharpeye.registry.wall;

/** The rows and columns of a wall's screen grid; a tile covers one cell or, with a {@link Span}, a block of them. */
public record Grid(int rows, int cols) {
    /** The largest custom grid side. */
    public static final int MAX_SIDE = 8;

    /** The number of cells. */
    public int cells() {
        return rows * cols;
    }
}
