package org.vcd.detector.spd;

import org.vcd.domain.SimilarityMatrix;

/**
 * The detector's input channels, computed once over a whole similarity matrix and then cut into {@link Tile}s:
 * the raw similarity, the similarity standardised along its query row and along its reference column (a copy is
 * an outlier in both, a bright static scene in neither), and a mask of the cells that exist (tiles past the
 * matrix's edge are padded).
 */
final class DetectorInput {

    static final int CHANNELS = 4;

    /** Spread floor of the standardisation: a flat row (a black screen) must not blow up into noise. */
    static final float MIN_SPREAD = 0.05f;

    private final int rows;
    private final int columns;
    private final float[] raw;
    private final float[] byRow;
    private final float[] byColumn;
    private final double mean;

    private DetectorInput(int rows, int columns, float[] raw, float[] byRow, float[] byColumn) {
        this.rows = rows;
        this.columns = columns;
        this.raw = raw;
        this.byRow = byRow;
        this.byColumn = byColumn;
        double sum = 0;
        for (float s : raw) {
            sum += s;
        }
        this.mean = raw.length == 0 ? 0 : sum / raw.length;
    }

    static DetectorInput of(SimilarityMatrix matrix) {
        int rows = matrix.queryLength();
        int columns = matrix.referenceLength();
        float[] raw = new float[rows * columns];
        for (int k = 0; k < raw.length; k++) {
            float s = matrix.values()[k];
            raw[k] = Float.isNaN(s) ? 0 : Math.max(-1, Math.min(1, s));
        }
        float[] byRow = new float[raw.length];
        float[] byColumn = new float[raw.length];
        standardise(raw, byRow, rows, columns, columns, 1);
        standardise(raw, byColumn, columns, rows, 1, columns);
        return new DetectorInput(rows, columns, raw, byRow, byColumn);
    }

    /**
     * Standardises each of {@code lines} lines of {@code length} cells ({@code lineStride} apart, {@code cellStride}
     * between cells) into {@code out}, scaled so that a typical copy lands near 1.
     */
    private static void standardise(float[] in, float[] out, int lines, int length, int lineStride, int cellStride) {
        for (int line = 0; line < lines; line++) {
            double sum = 0;
            double squares = 0;
            for (int k = 0; k < length; k++) {
                float s = in[line * lineStride + k * cellStride];
                sum += s;
                squares += s * s;
            }
            double mean = sum / length;
            double spread = Math.max(MIN_SPREAD, Math.sqrt(Math.max(0, squares / length - mean * mean)));
            for (int k = 0; k < length; k++) {
                int at = line * lineStride + k * cellStride;
                double z = (in[at] - mean) / spread / 4;
                out[at] = (float) Math.max(-0.5, Math.min(1.5, z));
            }
        }
    }

    /** Raw similarity of query row {@code i} and reference column {@code j}. */
    float raw(int i, int j) {
        return raw[i * columns + j];
    }

    /** Mean raw similarity of the whole matrix: the background a copy stands out from. */
    double mean() {
        return mean;
    }

    int rows() {
        return rows;
    }

    int columns() {
        return columns;
    }

    /** The largest raw similarity inside {@code tile} ({@code size} pixels a side), -1 when it holds no cell. */
    float brightest(Tile tile, int size) {
        float brightest = -1;
        int rowEnd = Math.min(rows, tile.row() + size * tile.scale());
        int columnEnd = Math.min(columns, tile.column() + size * tile.scale());
        for (int i = tile.row(); i < rowEnd; i++) {
            for (int j = tile.column(); j < columnEnd; j++) {
                brightest = Math.max(brightest, raw[i * columns + j]);
            }
        }
        return brightest;
    }

    /** Writes {@code tile} as {@code size x size x CHANNELS} floats (row-major, channels last) at {@code offset}. */
    void write(Tile tile, int size, float[] out, int offset) {
        int s = tile.scale();
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int at = offset + (y * size + x) * CHANNELS;
                float r = -1;
                float br = -1;
                float bc = -1;
                boolean any = false;
                for (int dy = 0; dy < s; dy++) {
                    int i = tile.row() + y * s + dy;
                    if (i >= rows) {
                        break;
                    }
                    for (int dx = 0; dx < s; dx++) {
                        int j = tile.column() + x * s + dx;
                        if (j >= columns) {
                            break;
                        }
                        int k = i * columns + j;
                        r = Math.max(r, raw[k]);
                        br = Math.max(br, byRow[k]);
                        bc = Math.max(bc, byColumn[k]);
                        any = true;
                    }
                }
                out[at] = any ? r : 0;
                out[at + 1] = any ? br : 0;
                out[at + 2] = any ? bc : 0;
                out[at + 3] = any ? 1 : 0;
            }
        }
    }
}
