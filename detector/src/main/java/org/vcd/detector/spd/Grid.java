package org.vcd.detector.spd;

import java.util.List;

/**
 * The detector's output layout, YOLO-style: a tile of {@link #TILE} pixels is split into {@link #CELLS} x
 * {@link #CELLS} cells; the cell holding a copy's centre answers for it with {@link #OUTPUTS} numbers: objectness
 * (a logit), the centre's offset inside the cell on the reference and query axes (logits of a fraction), and the log
 * of the box's reference and query extents in cell widths. Encoding (training targets) and decoding (inference) are
 * both here so they cannot drift apart.
 */
public final class Grid {

    public static final int TILE = 64;
    public static final int CELLS = 8;
    static final int CELL = TILE / CELLS;
    public static final int OUTPUTS = 5;

    /** Extents' log is clamped when decoding: an untrained or confused cell must not yield an infinite box. */
    private static final double MAX_LOG_EXTENT = Math.log(2.0 * CELLS);

    /** Shortest part of a copy, in pixels on the query axis, that a tile is trained to report. */
    static final double MIN_PIECE = 2;

    private Grid() {
    }

    /**
     * Training targets for one tile: {@code target} gets {@link #OUTPUTS} numbers per cell (objectness 0/1, centre
     * fractions, log extents) and {@code weight} two per cell (objectness weight, box weight). Cells next to a copy's
     * centre cell that lie on its box are ignored for objectness (weight 0): they see the same line, and whether they
     * or the centre cell answer is a matter of rounding, not of evidence. Tiny pieces of a copy cut by the tile's
     * edge are ignored too.
     */
    public static void encode(List<GridCopy> copies, Tile tile, int rows, int columns, float[] target,
                              float[] weight, int cellOffset) {
        int s = tile.scale();
        double rowTo = Math.min(rows, tile.row() + (double) TILE * s);
        double columnTo = Math.min(columns, tile.column() + (double) TILE * s);
        for (int c = 0; c < CELLS * CELLS; c++) {
            weight[(cellOffset + c) * 2] = 1;
        }
        double[] answered = new double[CELLS * CELLS];
        for (GridCopy copy : copies) {
            GridCopy piece = copy.within(tile.row(), rowTo, tile.column(), columnTo);
            if (piece == null) {
                continue;
            }
            double y0 = (piece.queryStart() - tile.row()) / s;
            double y1 = (piece.queryEnd() - tile.row()) / s;
            double x0 = (piece.referenceStart() - tile.column()) / s;
            double x1 = (piece.referenceEnd() - tile.column()) / s;
            double cy = (y0 + y1) / 2;
            double cx = (x0 + x1) / 2;
            int gy = Math.min(CELLS - 1, (int) (cy / CELL));
            int gx = Math.min(CELLS - 1, (int) (cx / CELL));
            int cell = gy * CELLS + gx;
            double wholeLength = (copy.queryEnd() - copy.queryStart()) / s;
            boolean tiny = y1 - y0 < MIN_PIECE || (y1 - y0 < 0.25 * wholeLength && y1 - y0 < CELL);
            if (tiny) {
                if (answered[cell] == 0) {
                    weight[(cellOffset + cell) * 2] = 0;
                }
                continue;
            }
            double size = (y1 - y0) * (x1 - x0 + 1);
            if (size <= answered[cell]) {
                continue; // two copies centred in one cell: the bigger one is the target
            }
            answered[cell] = size;
            int at = (cellOffset + cell) * OUTPUTS;
            target[at] = 1;
            target[at + 1] = (float) (cx / CELL - gx);
            target[at + 2] = (float) (cy / CELL - gy);
            target[at + 3] = (float) Math.log(Math.max(x1 - x0, 0.5) / CELL);
            target[at + 4] = (float) Math.log(Math.max(y1 - y0, 0.5) / CELL);
            weight[(cellOffset + cell) * 2] = 1;
            weight[(cellOffset + cell) * 2 + 1] = 1;
            for (int ny = Math.max(0, gy - 1); ny <= Math.min(CELLS - 1, gy + 1); ny++) {
                for (int nx = Math.max(0, gx - 1); nx <= Math.min(CELLS - 1, gx + 1); nx++) {
                    int neighbour = ny * CELLS + nx;
                    double centreY = (ny + 0.5) * CELL;
                    double centreX = (nx + 0.5) * CELL;
                    if (answered[neighbour] == 0 && centreY >= y0 && centreY <= y1 && centreX >= x0 - CELL / 2.0
                            && centreX <= x1 + CELL / 2.0) {
                        weight[(cellOffset + neighbour) * 2] = 0;
                    }
                }
            }
        }
    }

    /**
     * Adds to {@code boxes} the tile's answers whose objectness is at least {@code minScore}, in grid cells of the
     * whole matrix, clipped to it.
     */
    static void decode(float[] output, Tile tile, int rows, int columns, double minScore, List<Box> boxes) {
        int s = tile.scale();
        for (int gy = 0; gy < CELLS; gy++) {
            for (int gx = 0; gx < CELLS; gx++) {
                int at = (gy * CELLS + gx) * OUTPUTS;
                double score = sigmoid(output[at]);
                if (!(score >= minScore)) {
                    continue;
                }
                double cx = (gx + sigmoid(output[at + 1])) * CELL;
                double cy = (gy + sigmoid(output[at + 2])) * CELL;
                double w = CELL * Math.exp(clamp(output[at + 3]));
                double h = CELL * Math.exp(clamp(output[at + 4]));
                double q0 = Math.max(0, tile.row() + (cy - h / 2) * s);
                double q1 = Math.min(rows, tile.row() + (cy + h / 2) * s);
                double r0 = Math.max(0, tile.column() + (cx - w / 2) * s);
                double r1 = Math.min(columns, tile.column() + (cx + w / 2) * s);
                if (q1 - q0 >= 0.5 && r1 - r0 >= 0.5) {
                    boxes.add(new Box(q0, q1, r0, r1, score));
                }
            }
        }
    }

    private static double clamp(double logExtent) {
        return Math.max(-MAX_LOG_EXTENT, Math.min(MAX_LOG_EXTENT, logExtent));
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
