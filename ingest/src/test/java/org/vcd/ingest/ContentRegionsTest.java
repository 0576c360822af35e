package org.vcd.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Regions found on generated 64x64 frames: moving pictures made of random waves, laid out as a border, an inset, two
 * stacked halves or alone, over the five frames a region is judged on.
 */
class ContentRegionsTest {

    private static final int SIDE = 64;
    private static final ContentRegions.Config CONFIG = ContentRegions.Config.DEFAULT;

    /**
     * A moving picture: coloured discs drifting over a coloured ground, shaded across it (a flat ground would be a border); like footage,
     * flat areas and edges, and the edges move.
     */
    record Footage(int[] ground, double[][] discs) {

        static Footage random(long seed) {
            Random random = new Random(seed);
            double[][] discs = new double[8][];
            for (int i = 0; i < discs.length; i++) {
                discs[i] = new double[] {random.nextDouble(), random.nextDouble(), random.nextDouble(0.08, 0.2),
                        random.nextDouble(-0.08, 0.08), random.nextDouble(-0.08, 0.08), random.nextInt(256),
                        random.nextInt(256), random.nextInt(256)};
            }
            // A bright ground: a dark one shades too little to tell from a black bar.
            return new Footage(new int[] {random.nextInt(100, 256), random.nextInt(100, 256), random.nextInt(100, 256)},
                    discs);
        }

        /** Colour channel c at (u, v) in [0, 1) of the picture, at frame t. */
        int value(double u, double v, int t, int c) {
            double s = ground[c] * (0.6 + 0.2 * u + 0.2 * v);
            for (double[] d : discs) {
                double du = u - (d[0] + d[3] * t);
                double dv = v - (d[1] + d[4] * t);
                if (du * du + dv * dv < d[2] * d[2]) {
                    s = d[5 + c];
                }
            }
            return (int) Math.max(0, Math.min(255, s));
        }
    }

    /** Paints {@code footage} at frame t scaled into the rectangle. */
    static void paint(byte[] bgr, Footage footage, int t, Region into) {
        for (int y = into.y(); y < into.y() + into.height(); y++) {
            for (int x = into.x(); x < into.x() + into.width(); x++) {
                double u = (x - into.x() + 0.5) / into.width();
                double v = (y - into.y() + 0.5) / into.height();
                for (int c = 0; c < 3; c++) {
                    bgr[(y * SIDE + x) * 3 + c] = (byte) footage.value(u, v, t, c);
                }
            }
        }
    }

    static byte[] flat(int b, int g, int r) {
        byte[] bgr = new byte[SIDE * SIDE * 3];
        for (int p = 0; p < bgr.length; p += 3) {
            bgr[p] = (byte) b;
            bgr[p + 1] = (byte) g;
            bgr[p + 2] = (byte) r;
        }
        return bgr;
    }

    private interface Layout {
        byte[] frame(int t);
    }

    /** The regions of the middle frame of five. */
    private static List<Region> regions(Layout layout) {
        List<ContentRegions.EdgeMap> window = new ArrayList<>();
        for (int t = 0; t < CONFIG.window(); t++) {
            window.add(ContentRegions.edges(layout.frame(t), SIDE));
        }
        return ContentRegions.find(window, CONFIG);
    }

    private static void assertFound(Region truth, List<Region> found) {
        assertTrue(found.stream().anyMatch(r -> r.intersectionOverUnion(truth) >= 0.85),
                "expected about " + truth + ", found " + found);
    }

    static final Region WHOLE = new Region(0, 0, SIDE, SIDE);

    @Test
    void thePictureInsideUniformBordersIsTheFirstRegion() {
        // Letterbox bars, then a frame shrunk onto a coloured canvas off centre.
        Region[] contents = {new Region(0, 9, SIDE, 46), new Region(11, 7, 40, 44)};
        int[][] canvases = {{0, 0, 0}, {40, 160, 90}};
        for (int k = 0; k < contents.length; k++) {
            Footage copy = Footage.random(1 + k);
            Region content = contents[k];
            int[] canvas = canvases[k];
            List<Region> found = regions(t -> {
                byte[] bgr = flat(canvas[0], canvas[1], canvas[2]);
                paint(bgr, copy, t, content);
                return bgr;
            });
            assertEquals(content, found.get(0), found.toString());
        }
    }

    @Test
    void aPictureInPictureInsetOverOtherMovingFootageIsFound() {
        Footage copy = Footage.random(3);
        Footage background = Footage.random(4);
        Region inset = new Region(30, 8, 26, 26);
        assertFound(inset, regions(t -> {
            byte[] bgr = new byte[SIDE * SIDE * 3];
            paint(bgr, background, t, WHOLE);
            paint(bgr, copy, t, inset);
            return bgr;
        }));
    }

    @Test
    void bothHalvesOfTwoStackedVideosAreFound() {
        Footage left = Footage.random(5);
        Footage right = Footage.random(6);
        Region leftHalf = new Region(0, 0, 32, SIDE);
        Region rightHalf = new Region(32, 0, 32, SIDE);
        List<Region> found = regions(t -> {
            byte[] bgr = new byte[SIDE * SIDE * 3];
            paint(bgr, left, t, leftHalf);
            paint(bgr, right, t, rightHalf);
            return bgr;
        });
        assertFound(leftHalf, found);
        assertFound(rightHalf, found);
    }

    @Test
    void plainMovingFootageHasNoRegion() {
        for (long seed = 10; seed < 20; seed++) {
            Footage footage = Footage.random(seed);
            List<Region> found = regions(t -> {
                byte[] bgr = new byte[SIDE * SIDE * 3];
                paint(bgr, footage, t, WHOLE);
                return bgr;
            });
            assertTrue(found.isEmpty(), "seed " + seed + ": " + found);
        }
    }

    @Test
    void blackFramesInTheWindowDoNotHideTheBorders() {
        Footage copy = Footage.random(7);
        Region content = new Region(6, 0, 52, SIDE);
        List<Region> found = regions(t -> {
            byte[] bgr = flat(0, 0, 0);
            if (t != 1 && t != 3) { // two frames of five fade to black: flat frames say nothing of borders
                paint(bgr, copy, t, content);
            }
            return bgr;
        });
        assertEquals(content, found.get(0), found.toString());
    }

    @Test
    void aCropScalesTheRegionBackToTheWholeFrame() {
        Footage copy = Footage.random(8);
        byte[] whole = new byte[SIDE * SIDE * 3];
        paint(whole, copy, 0, WHOLE);
        Region inset = new Region(16, 16, 32, 32);
        byte[] framed = flat(255, 255, 255);
        paint(framed, copy, 0, inset);
        byte[] cropped = ContentRegions.crop(framed, SIDE, inset);
        double error = 0;
        for (int i = 0; i < whole.length; i++) {
            error += Math.abs((whole[i] & 0xff) - (cropped[i] & 0xff));
        }
        // Upsampling a half-size picture loses only its finest detail; nothing of the white frame comes in.
        assertTrue(error / whole.length < 6, "mean absolute error " + error / whole.length);
        ClassicEmbedder embedder = new ClassicEmbedder();
        float[] a = embedder.embed(whole);
        float[] b = embedder.embed(cropped);
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        assertTrue(dot > 0.95, "descriptor similarity of the crop to the whole picture " + dot);
    }
}
