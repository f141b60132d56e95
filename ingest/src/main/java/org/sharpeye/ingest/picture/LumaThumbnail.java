package org.sharpeye.ingest.picture;

/**
 * A picture's luma downscaled to {@link #WIDTH} x {@link #HEIGHT} (8-bit), enough to tell black and frozen
 * pictures apart from live ones at a fraction of the cost of comparing full pictures.
 */
record LumaThumbnail(byte[] luma) {

    static final int WIDTH = 64;
    static final int HEIGHT = 36;

    /** Black: mean within a few steps of limited-range black (16, ITU-R BT.601/709) or full-range 0. */
    static final double BLACK_MEAN_MAX = 24;
    /** ... and nearly flat: sensor noise on a live dark scene gives a larger spread. */
    static final double BLACK_STDDEV_MAX = 4;
    /** Frozen: the mean absolute difference of two thumbnails below this (of 255). */
    static final double FROZEN_DIFF_MAX = 0.5;

    LumaThumbnail {
        if (luma.length != WIDTH * HEIGHT) {
            throw new IllegalArgumentException("a thumbnail has " + WIDTH * HEIGHT + " samples");
        }
    }

    double mean() {
        long sum = 0;
        for (byte b : luma) {
            sum += b & 0xff;
        }
        return (double) sum / luma.length;
    }

    double stddev() {
        double mean = mean();
        double squares = 0;
        for (byte b : luma) {
            double d = (b & 0xff) - mean;
            squares += d * d;
        }
        return Math.sqrt(squares / luma.length);
    }

    boolean isBlack() {
        return mean() <= BLACK_MEAN_MAX && stddev() <= BLACK_STDDEV_MAX;
    }

    /** Mean absolute difference per sample, 0 .. 255. */
    double difference(LumaThumbnail other) {
        long sum = 0;
        for (int i = 0; i < luma.length; i++) {
            sum += Math.abs((luma[i] & 0xff) - (other.luma[i] & 0xff));
        }
        return (double) sum / luma.length;
    }

    /** The verdict on two keyframes taken seconds apart, the later one second. */
    static PictureState judge(LumaThumbnail earlier, LumaThumbnail later) {
        if (later.isBlack()) {
            return PictureState.BLACK;
        }
        if (earlier != null && earlier.difference(later) < FROZEN_DIFF_MAX) {
            return PictureState.FROZEN;
        }
        return PictureState.OK;
    }
}
