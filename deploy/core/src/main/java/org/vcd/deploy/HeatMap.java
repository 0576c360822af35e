package org.vcd.deploy;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.vcd.domain.Segment;
import org.vcd.domain.SimilarityMatrix;

/**
 * Draws a similarity matrix as a PNG heat map, query time downwards and reference time to the right, with the
 * detected segments boxed: the picture a moderator reads a copy from (a bright diagonal inside a box).
 */
public final class HeatMap {

    /** Similarities at or below this are drawn black: unrelated frames sit around 0-0.4 and would only add noise. */
    private static final float FLOOR = 0.3f;
    private static final Color BOX = new Color(0, 230, 255);

    private HeatMap() {
    }

    /**
     * @param cellPixels side of one matrix cell in pixels; the whole picture is capped at {@code maxSide}
     *                   pixels per axis by shrinking cells (to at least one pixel)
     */
    public static byte[] png(SimilarityMatrix matrix, List<Segment> segments, int cellPixels, int maxSide) {
        int rows = Math.max(1, matrix.queryLength());
        int cols = Math.max(1, matrix.referenceLength());
        int cell = Math.max(1, Math.min(cellPixels, maxSide / Math.max(rows, cols)));
        BufferedImage image = new BufferedImage(cols * cell, rows * cell, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < matrix.queryLength(); i++) {
            for (int j = 0; j < matrix.referenceLength(); j++) {
                int rgb = colour(matrix.get(i, j));
                for (int y = i * cell; y < (i + 1) * cell; y++) {
                    for (int x = j * cell; x < (j + 1) * cell; x++) {
                        image.setRGB(x, y, rgb);
                    }
                }
            }
        }
        Graphics2D g = image.createGraphics();
        g.setColor(BOX);
        g.setStroke(new BasicStroke(Math.max(1, cell / 3f)));
        for (Segment s : segments) {
            int x0 = (int) Math.floor(s.referenceStart() / matrix.referenceStep() * cell);
            int x1 = (int) Math.ceil(s.referenceEnd() / matrix.referenceStep() * cell);
            int y0 = (int) Math.floor(s.queryStart() / matrix.queryStep() * cell);
            int y1 = (int) Math.ceil(s.queryEnd() / matrix.queryStep() * cell);
            g.drawRect(Math.min(x0, x1), Math.min(y0, y1), Math.max(1, Math.abs(x1 - x0)),
                    Math.max(1, Math.abs(y1 - y0)));
        }
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode heat map", e); // in-memory: not expected
        }
        return out.toByteArray();
    }

    /** A dark-to-bright ramp (black, purple, orange, yellow) over [FLOOR, 1]. */
    static int colour(float similarity) {
        float t = Math.max(0f, Math.min(1f, (similarity - FLOOR) / (1f - FLOOR)));
        int r = (int) (255 * Math.min(1f, 1.6f * t));
        int gr = (int) (255 * Math.max(0f, Math.min(1f, 2f * t - 0.6f)));
        int b = (int) (255 * Math.min(1f, 3f * t) * (1f - t));
        return (r << 16) | (gr << 8) | b;
    }
}
