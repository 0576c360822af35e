package org.vcd.testdata;

import java.util.SplittableRandom;

/**
 * Title cards and slides for the long benchmark's programmes, drawn in Java from a seed (no font file: the "text"
 * is {@link Overlays#glyphs} strokes): near-static pictures of the kind broadcasts and lectures hold for many
 * seconds. A title card never changes; a slide either stays still or reveals its bullet lines one by one.
 */
final class Cards {

    private Cards() {
    }

    /** A title card: a vertical colour gradient, an emblem, a title line and a smaller subtitle line. */
    static void titleCard(byte[] bgr, int width, int height, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] top = colour(random);
        int[] bottom = colour(random);
        for (int y = 0; y < height; y++) {
            double u = height > 1 ? y / (height - 1.0) : 0;
            Overlays.blend(bgr, width, height, 0, y, width, 1, mix(top[0], bottom[0], u), mix(top[1], bottom[1], u),
                    mix(top[2], bottom[2], u), 1);
        }
        int[] ink = contrasting(top, bottom);
        int emblem = (int) Math.round(height * random.nextDouble(0.2, 0.32));
        int emblemX = random.nextBoolean() ? (width - emblem) / 2 : width / 10;
        int emblemY = height / 10;
        int[] emblemColour = colour(random);
        if (random.nextBoolean()) {
            Overlays.disc(bgr, width, height, emblemX, emblemY, emblem, emblem / 2.0, emblemColour, 1);
        } else {
            Overlays.blend(bgr, width, height, emblemX, emblemY, emblem, emblem, emblemColour[0], emblemColour[1],
                    emblemColour[2], 1);
        }
        line(bgr, width, height, random, (int) (height * 0.55), Math.max(1, height / 36), random.nextInt(5, 12), ink);
        line(bgr, width, height, random, (int) (height * 0.75), Math.max(1, height / 72), random.nextInt(10, 24), ink);
    }

    /**
     * A slide: a plain background, a header band with a heading, and three to five bullet lines. Half of the slides
     * reveal the bullets one by one over {@code seconds} (the first at once), the others show them all throughout.
     *
     * @param elapsed seconds since the slide came up
     */
    static void slide(byte[] bgr, int width, int height, long seed, double elapsed, double seconds) {
        SplittableRandom random = new SplittableRandom(seed);
        boolean light = random.nextBoolean();
        int[] background = new int[3];
        for (int c = 0; c < 3; c++) {
            background[c] = light ? random.nextInt(200, 251) : random.nextInt(15, 61);
        }
        Overlays.blend(bgr, width, height, 0, 0, width, height, background[0], background[1], background[2], 1);
        int[] band = colour(random);
        int bandHeight = height / 5;
        Overlays.blend(bgr, width, height, 0, 0, width, bandHeight, band[0], band[1], band[2], 1);
        int pixel = Math.max(1, height / 48);
        line(bgr, width, height, random, (bandHeight - 5 * pixel) / 2, pixel, random.nextInt(6, 16),
                contrasting(band, band));
        int[] ink = contrasting(background, background);
        int bullets = random.nextInt(3, 6);
        boolean reveal = random.nextBoolean();
        int left = width / 10;
        int spacing = (height - bandHeight) / (bullets + 1);
        for (int b = 0; b < bullets; b++) {
            // Each line has its own seed, so a line not yet shown does not change the lines after it.
            long lineSeed = random.nextLong();
            int glyphs = random.nextInt(6, Math.max(7, (width - 2 * left) / (4 * pixel) - 2));
            if (reveal && elapsed < b * seconds / bullets) {
                continue;
            }
            int y = bandHeight + spacing * (b + 1) - 2 * pixel;
            Overlays.blend(bgr, width, height, left, y + pixel, 3 * pixel, 3 * pixel, ink[0], ink[1], ink[2], 1);
            Overlays.glyphs(bgr, width, height, new SplittableRandom(lineSeed), left + 6 * pixel, y, glyphs, pixel, ink);
        }
    }

    /** A centred line of {@code glyphs} pseudo-glyphs whose top is at {@code y}. */
    private static void line(byte[] bgr, int width, int height, SplittableRandom random, int y, int pixel, int glyphs,
            int[] ink) {
        int fitting = Math.min(glyphs, (width - 4 * pixel) / (4 * pixel));
        Overlays.glyphs(bgr, width, height, random, (width - fitting * 4 * pixel) / 2, y, fitting, pixel, ink);
    }

    private static int[] colour(SplittableRandom random) {
        return new int[] {random.nextInt(256), random.nextInt(256), random.nextInt(256)};
    }

    /** White on a dark background, near-black on a light one (by the mean of the two colours' luma). */
    private static int[] contrasting(int[] a, int[] b) {
        double luma = (luma(a) + luma(b)) / 2;
        return luma < 128 ? new int[] {245, 245, 245} : new int[] {20, 20, 20};
    }

    private static double luma(int[] bgr) {
        return 0.114 * bgr[0] + 0.587 * bgr[1] + 0.299 * bgr[2];
    }

    private static int mix(int a, int b, double u) {
        return (int) Math.round(a + (b - a) * u);
    }
}
