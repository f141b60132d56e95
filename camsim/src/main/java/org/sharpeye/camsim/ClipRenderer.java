package org.sharpeye.camsim;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Arrays;
import java.util.Locale;

/**
 * Draws the pictures of one clip with Java2D: the camera's label, a clock hand that turns once per loop, a bar
 * that crosses the picture once per loop, the frame counter and the loop time, on a dark background with a
 * little sensor grain. Not thread-safe: one renderer per encoding.
 */
final class ClipRenderer {

    /** CJK camera names ("城关镇政府门口") need a font that has the glyphs; Debian's fonts-wqy-zenhei provides one. */
    private static final String CJK_FONT = "WenQuanYi Zen Hei";
    private static final String FONT_FAMILY = pickFontFamily();

    private static final Color BACKGROUND = new Color(22, 26, 34);
    private static final Color TEXT = new Color(235, 235, 235);
    private static final Color ACCENT = new Color(240, 180, 40);
    /**
     * Amplitude of the grain added to the background. A clean synthetic picture compresses to almost nothing, so
     * the encoder would undershoot the profile's bitrate by far; grain makes it spend bits like a real sensor.
     */
    private static final int GRAIN = 12;

    private final int width;
    private final int height;
    private final int frames;
    private final int fps;
    private final String label;
    private final BufferedImage image;
    private final byte[] pixels;
    private final Font labelFont;
    private final Font smallFont;

    ClipRenderer(int width, int height, int frames, int fps, String label) {
        this.width = width;
        this.height = height;
        this.frames = frames;
        this.fps = fps;
        this.label = label;
        this.image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        this.pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        this.labelFont = new Font(FONT_FAMILY, Font.BOLD, Math.max(12, height / 14));
        this.smallFont = new Font(FONT_FAMILY, Font.PLAIN, Math.max(10, height / 22));
    }

    /** The name of the font family the label is drawn with. */
    static String fontFamily() {
        return FONT_FAMILY;
    }

    /**
     * The BGR bytes of picture {@code index} (row after row, 3 bytes a pixel). The array is reused by the next
     * call: copy it before rendering again.
     */
    byte[] render(Picture picture, int index) {
        switch (picture) {
            case BLACK -> Arrays.fill(pixels, (byte) 0);
            // A frozen encoder repeats one picture: always draw the first, grain included, so frames are identical.
            case FROZEN -> draw(0);
            case LIVE -> draw(index);
            default -> throw new IllegalArgumentException("unknown picture " + picture);
        }
        return pixels;
    }

    private void draw(int index) {
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, width, height);
            addGrain(index);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            drawLabel(g);
            drawClock(g, index);
            drawBar(g, index);
            drawCounter(g, index);
        } finally {
            g.dispose();
        }
    }

    private void drawLabel(Graphics2D g) {
        g.setFont(labelFont);
        g.setColor(TEXT);
        int line = g.getFontMetrics().getHeight();
        int y = height / 20 + g.getFontMetrics().getAscent();
        for (String part : lines(label)) {
            g.drawString(part, width / 24, y);
            y += line;
        }
    }

    /** The label's lines; a one-line "id name" label is drawn as the id above the name, which is easier to read. */
    static String[] lines(String label) {
        if (label.indexOf('\n') < 0 && label.indexOf(' ') > 0) {
            int space = label.indexOf(' ');
            return new String[] {label.substring(0, space), label.substring(space + 1).strip()};
        }
        return label.split("\n");
    }

    private void drawClock(Graphics2D g, int index) {
        int r = height / 5;
        int cx = width - width / 24 - r;
        int cy = height / 2;
        g.setColor(TEXT);
        g.setStroke(new BasicStroke(Math.max(2f, height / 180f)));
        g.drawOval(cx - r, cy - r, 2 * r, 2 * r);
        // One turn per loop, so the seam between the last and the first frame does not jump.
        double angle = 2 * Math.PI * index / frames - Math.PI / 2;
        g.setColor(ACCENT);
        g.setStroke(new BasicStroke(Math.max(3f, height / 90f), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.drawLine(cx, cy, cx + (int) Math.round(r * 0.9 * Math.cos(angle)),
                cy + (int) Math.round(r * 0.9 * Math.sin(angle)));
    }

    private void drawBar(Graphics2D g, int index) {
        int barWidth = width / 10;
        int barHeight = Math.max(4, height / 40);
        int x = (int) ((long) (width - barWidth) * index / Math.max(1, frames - 1));
        g.setColor(ACCENT);
        g.fillRect(x, height - height / 12, barWidth, barHeight);
    }

    private void drawCounter(Graphics2D g, int index) {
        g.setFont(smallFont);
        g.setColor(TEXT);
        String text = String.format(Locale.ROOT, "f=%03d  t=%.2f s / %.2f s", index, (double) index / fps,
                (double) frames / fps);
        g.drawString(text, width / 24, height - height / 8);
    }

    private void addGrain(int index) {
        long s = 0x9E3779B97F4A7C15L ^ (index + 1) * 0xBF58476D1CE4E5B9L;
        byte[] p = pixels;
        for (int i = 0; i + 2 < p.length; i += 3) {
            // xorshift64: cheap and good enough for grain.
            s ^= s << 13;
            s ^= s >>> 7;
            s ^= s << 17;
            int d = (int) ((s & 0xff) % (2 * GRAIN + 1)) - GRAIN;
            p[i] = clamp((p[i] & 0xff) + d);
            p[i + 1] = clamp((p[i + 1] & 0xff) + d);
            p[i + 2] = clamp((p[i + 2] & 0xff) + d);
        }
    }

    private static byte clamp(int v) {
        return (byte) Math.max(0, Math.min(255, v));
    }

    private static String pickFontFamily() {
        try {
            for (String family : GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames()) {
                if (family.equals(CJK_FONT)) {
                    return CJK_FONT;
                }
            }
        } catch (RuntimeException | InternalError | LinkageError e) {
            // No font configuration at all (a stripped container): the logical font still draws Latin text.
        }
        return Font.SANS_SERIF;
    }
}
