package org.sharpeye.registry.wall;

/** How many grid rows and columns a big tile covers (the 2x2 or 3x3 main tile of the 6 and 8 layouts). */
public record Span(int rows, int cols) {

    /** The cells covered. */
    public int area() {
        return rows * cols;
    }
}
