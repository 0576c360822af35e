package org.vcd.testdata;

import java.util.SplittableRandom;

/**
 * Overlays drawn straight into packed BGR frames, so the generator needs no font file (FFmpeg's drawtext
 * needs one, and a fresh machine may have none): a caption of seeded blocky pseudo-glyphs on a translucent
 * band, a translucent corner logo, and a picture pasted into another (picture-in-picture). {@link Cards} draws
 * title cards and slides with the same strokes.
 */
final class Overlays {

    private Overlays() {
    }

    /** A one-line caption near the top or bottom, about a tenth of the frame high, in white on a dark band. */
    static void caption(byte[] bgr, int width, int height, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int pixel = Math.max(1, height / 60);
        int glyphWidth = 3 * pixel;
        int glyphHeight = 5 * pixel;
        int glyphs = Math.min(random.nextInt(8, 20), (width - 4 * pixel) / (glyphWidth + pixel));
        int bandHeight = glyphHeight + 4 * pixel;
        int top = random.nextBoolean() ? 2 * pixel : height - bandHeight - 2 * pixel;
        blend(bgr, width, height, 0, top, width, bandHeight, 0, 0, 0, 0.55);
        glyphs(bgr, width, height, random, (width - glyphs * (glyphWidth + pixel)) / 2, top + 2 * pixel, glyphs, pixel,
                new int[] {255, 255, 255});
    }

    /**
     * A line of {@code count} seeded blocky pseudo-glyphs (3 x 5 squares of {@code pixel}, one pixel apart, about one
     * in six left blank as a space between words) from (x, y), in the colour {B, G, R}.
     */
    static void glyphs(byte[] bgr, int width, int height, SplittableRandom random, int x, int y, int count, int pixel,
            int[] colour) {
        for (int g = 0; g < count; g++, x += 4 * pixel) {
            if (random.nextInt(6) == 0) {
                continue;
            }
            int bits = random.nextInt(1, 1 << 15);
            for (int row = 0; row < 5; row++) {
                for (int col = 0; col < 3; col++) {
                    if ((bits >> (row * 3 + col) & 1) != 0) {
                        blend(bgr, width, height, x + col * pixel, y + row * pixel, pixel, pixel,
                                colour[0], colour[1], colour[2], 1);
                    }
                }
            }
        }
    }

    /** A translucent square with a disc in it, in a corner, about a fifth of the frame high. */
    static void logo(byte[] bgr, int width, int height, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int size = (int) Math.round(height * random.nextDouble(0.15, 0.25));
        int margin = height / 20;
        int x0 = random.nextBoolean() ? margin : width - size - margin;
        int y0 = random.nextBoolean() ? margin : height - size - margin;
        double alpha = random.nextDouble(0.6, 0.9);
        int[] square = {random.nextInt(256), random.nextInt(256), random.nextInt(256)};
        int[] disc = {255 - square[0], 255 - square[1], 255 - square[2]};
        blend(bgr, width, height, x0, y0, size, size, square[0], square[1], square[2], alpha);
        disc(bgr, width, height, x0, y0, size, size * 0.35, disc, alpha);
    }

    /** A disc of radius {@code r} centred in the {@code size}-pixel square at (x0, y0), colour {B, G, R}. */
    static void disc(byte[] bgr, int width, int height, int x0, int y0, int size, double r, int[] colour,
            double alpha) {
        double c = size / 2.0;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                if ((x + 0.5 - c) * (x + 0.5 - c) + (y + 0.5 - c) * (y + 0.5 - c) <= r * r) {
                    blend(bgr, width, height, x0 + x, y0 + y, 1, 1, colour[0], colour[1], colour[2], alpha);
                }
            }
        }
    }

    /** Copies the {@code w} x {@code h} picture {@code inset} into {@code bgr} with its top-left corner at (x, y). */
    static void paste(byte[] bgr, int width, int height, byte[] inset, int w, int h, int x, int y) {
        for (int row = 0; row < h && y + row < height; row++) {
            int copy = Math.min(w, width - x);
            System.arraycopy(inset, row * w * 3, bgr, ((y + row) * width + x) * 3, copy * 3);
        }
    }

    /** Paints the w x h rectangle at (x0, y0), clipped to the frame, over what is there with opacity {@code alpha}. */
    static void blend(byte[] bgr, int width, int height, int x0, int y0, int w, int h, int b, int g, int r,
            double alpha) {
        for (int y = Math.max(0, y0); y < Math.min(height, y0 + h); y++) {
            for (int x = Math.max(0, x0); x < Math.min(width, x0 + w); x++) {
                int p = (y * width + x) * 3;
                bgr[p] = mix(bgr[p], b, alpha);
                bgr[p + 1] = mix(bgr[p + 1], g, alpha);
                bgr[p + 2] = mix(bgr[p + 2], r, alpha);
            }
        }
    }

    private static byte mix(byte under, int over, double alpha) {
        return (byte) Math.round((under & 0xff) * (1 - alpha) + over * alpha);
    }
}
