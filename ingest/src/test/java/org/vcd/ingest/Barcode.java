package org.vcd.ingest;

import java.util.List;

/**
 * Frames that say which frame they are: a 4x4 grid of black and white cells, three corner cells fixed as an
 * orientation mark and the other twelve holding the frame's index. {@link Embedder} reads the index back
 * from the pixels ingest hands to an embedder, so tests can see exactly which decoded frame was sampled at
 * each grid point and whether it was upright. Large cells survive any codec and scaling.
 */
final class Barcode {

    private static final int CELLS = 4;

    private Barcode() {
    }

    /** Value of cell (cx, cy): the corner marks, then the index's bits in row order. */
    private static boolean cell(int index, int cx, int cy) {
        if (corner(cx, cy)) {
            return cx == 0 && cy == 0; // only the top-left corner is white
        }
        return (index >> bit(cx, cy) & 1) == 1;
    }

    private static boolean corner(int cx, int cy) {
        return (cx == 0 || cx == CELLS - 1) && (cy == 0 || cy == CELLS - 1);
    }

    /** Bit position of a data cell: its rank among the twelve data cells in row order. */
    private static int bit(int cx, int cy) {
        int rank = 0;
        for (int y = 0; y < CELLS; y++) {
            for (int x = 0; x < CELLS; x++) {
                if (x == cx && y == cy) {
                    return rank;
                }
                if (!corner(x, y)) {
                    rank++;
                }
            }
        }
        throw new IllegalArgumentException("no cell " + cx + "," + cy);
    }

    /**
     * Paints frame {@code index} into a stored picture of {@code width x height} that a player shows turned
     * counterclockwise by {@code rotationDegrees} (0, 90, 180, 270): the barcode is upright as displayed.
     */
    static void paint(int index, byte[] bgr, int width, int height, int rotationDegrees) {
        boolean swapped = rotationDegrees % 180 != 0;
        int shownWidth = swapped ? height : width;
        int shownHeight = swapped ? width : height;
        for (int sy = 0; sy < height; sy++) {
            for (int sx = 0; sx < width; sx++) {
                int dx;
                int dy;
                switch (rotationDegrees) {
                    case 90 -> { dx = sy; dy = width - 1 - sx; }
                    case 180 -> { dx = width - 1 - sx; dy = height - 1 - sy; }
                    case 270 -> { dx = height - 1 - sy; dy = sx; }
                    default -> { dx = sx; dy = sy; }
                }
                byte v = cell(index, dx * CELLS / shownWidth, dy * CELLS / shownHeight) ? (byte) 235 : (byte) 20;
                int p = (sy * width + sx) * 3;
                bgr[p] = v;
                bgr[p + 1] = v;
                bgr[p + 2] = v;
            }
        }
    }

    /** The index shown in a square BGR picture, or -1 when the marks are wrong (garbage, or not upright). */
    static int read(byte[] bgr, int size) {
        int index = 0;
        for (int cy = 0; cy < CELLS; cy++) {
            for (int cx = 0; cx < CELLS; cx++) {
                int x = (2 * cx + 1) * size / (2 * CELLS);
                int y = (2 * cy + 1) * size / (2 * CELLS);
                boolean white = (bgr[(y * size + x) * 3 + 1] & 0xff) > 128;
                if (corner(cx, cy)) {
                    if (white != cell(0, cx, cy)) {
                        return -1;
                    }
                } else if (white) {
                    index |= 1 << bit(cx, cy);
                }
            }
        }
        return index;
    }

    /**
     * A second, real use of the embedder seam: a one-dimensional "vector" holding the barcode read from each
     * frame, at whatever input size it asks for (a learned embedder will ask for about 96-128 px).
     */
    static final class Embedder implements FrameEmbedder {
        private final int size;

        Embedder(int size) {
            this.size = size;
        }

        @Override
        public String name() {
            return "barcode";
        }

        @Override
        public int dimension() {
            return 1;
        }

        @Override
        public int inputSize() {
            return size;
        }

        @Override
        public float[][] embed(List<byte[]> frames) {
            float[][] out = new float[frames.size()][];
            for (int i = 0; i < out.length; i++) {
                if (frames.get(i).length != size * size * 3) {
                    throw new IllegalArgumentException("frame of " + frames.get(i).length + " bytes");
                }
                out[i] = new float[] {read(frames.get(i), size)};
            }
            return out;
        }
    }
}
