package org.sharpeye.ingest.transcode;

/** The width and height of a picture in pixels. */
public record PictureSize(int width, int height) {

    public PictureSize {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("picture size " + width + "x" + height);
        }
    }

    /**
     * This size scaled down to fit within {@code maxWidth x maxHeight}, aspect ratio kept, never scaled up.
     * Both sides are rounded to even numbers because 4:2:0 chroma is subsampled by two in each direction.
     */
    public PictureSize fitWithin(int maxWidth, int maxHeight) {
        double scale = Math.min(1.0, Math.min((double) maxWidth / width, (double) maxHeight / height));
        int w = Math.max(2, (int) Math.round(width * scale) & ~1);
        int h = Math.max(2, (int) Math.round(height * scale) & ~1);
        return new PictureSize(w, h);
    }

    @Override
    public String toString() {
        return width + "x" + height;
    }
}
