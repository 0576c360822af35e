package org.vcd.detector.spd;

import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Stack;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.vcd.domain.SimilarityMatrix;
import org.vcd.tensorflow.TensorFlowNatives;

/**
 * The detector's input channels, computed once over a whole similarity matrix and then cut into {@link Tile}s:
 * the raw similarity, the similarity standardised along its query row and along its reference column (a copy is
 * an outlier in both, a bright static scene in neither), and a mask of the cells that exist (tiles past the
 * matrix's edge are padded). The channels are defined once, as a TensorFlow function ({@link #channels}): serving and
 * the detector's trainer run it compiled as a graph ({@link Channels}), the keyframe trainer builds it into its own
 * graph, so the two cannot drift apart.
 */
public final class DetectorInput {

    public static final int CHANNELS = 4;

    /** Spread floor of the standardisation: a flat row (a black screen) must not blow up into noise. */
    private static final float MIN_SPREAD = 0.05f;
    /** Standard scores are divided by this, so that a typical copy lands near 1. */
    private static final float SCORE_SCALE = 4f;
    /** Standardised values are clipped to this range: a lone bright cell must not dominate a tile. */
    private static final float LOWEST = -0.5f;
    private static final float HIGHEST = 1.5f;

    private final int rows;
    private final int columns;
    private final float[] raw;
    /** {@code rows x columns x CHANNELS}, channels last. */
    private final float[] channels;
    private final double mean;
    /** Each query row's largest raw similarity: how alike its query frame is to the best the reference offers. */
    private final float[] rowBest;

    private DetectorInput(int rows, int columns, float[] raw, float[] channels) {
        this.rows = rows;
        this.columns = columns;
        this.raw = raw;
        this.channels = channels;
        double sum = 0;
        for (float s : raw) {
            sum += s;
        }
        this.mean = raw.length == 0 ? 0 : sum / raw.length;
        this.rowBest = new float[rows];
        for (int i = 0; i < rows; i++) {
            float best = -1;
            for (int j = 0; j < columns; j++) {
                best = Math.max(best, raw[i * columns + j]);
            }
            rowBest[i] = best;
        }
    }

    /**
     * {@link #channels} compiled once as a graph with a session, for whole matrices. Run eagerly instead, its thirty
     * ops cost about 15 ms a matrix (on every candidate of every check, and every synthetic training tile); the
     * graph about 0.6 ms. Any number of threads may use one; close it after them.
     */
    public static final class Channels implements AutoCloseable {

        private final Graph graph;
        private final Session session;
        private final Placeholder<TFloat32> matrix;
        private final Operand<TFloat32> output;

        public Channels() {
            TensorFlowNatives.prepare();
            graph = new Graph();
            Ops tf = Ops.create(graph);
            matrix = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, -1, -1)));
            output = channels(tf, matrix, tf.onesLike(matrix));
            session = new Session(graph);
        }

        /** The input of one matrix: its raw cells (NaN as 0, clipped to [-1, 1]) and their channels. */
        public DetectorInput of(SimilarityMatrix similarity) {
            int rows = similarity.queryLength();
            int columns = similarity.referenceLength();
            float[] raw = new float[rows * columns];
            for (int k = 0; k < raw.length; k++) {
                float s = similarity.values()[k];
                raw[k] = Float.isNaN(s) ? 0 : Math.max(-1, Math.min(1, s));
            }
            float[] channels = new float[raw.length * CHANNELS];
            if (raw.length > 0) {
                try (TFloat32 values = TFloat32.tensorOf(Shape.of(1, rows, columns), DataBuffers.of(raw, true, false));
                     Result result = session.runner().feed(matrix, values).fetch(output).run()) {
                    ((TFloat32) result.get(0)).copyTo(DataBuffers.of(channels, false, false));
                }
            }
            return new DetectorInput(rows, columns, raw, channels);
        }

        @Override
        public void close() {
            session.close();
            graph.close();
        }
    }

    /**
     * The channels of a batch of matrices {@code raw} ({@code [batch, rows, columns]}) whose real cells are 1 in
     * {@code valid} (the others are padding and are ignored): {@code [batch, rows, columns, CHANNELS]}. Only ops
     * with registered gradients are used, so a trainer can differentiate through it.
     */
    public static Operand<TFloat32> channels(Ops tf, Operand<TFloat32> raw, Operand<TFloat32> valid) {
        Operand<TFloat32> real = tf.math.mul(raw, valid);
        return tf.stack(List.of(real, standardised(tf, real, valid, 2), standardised(tf, real, valid, 1), valid),
                Stack.axis(3L));
    }

    /** Each line along {@code axis} standardised over its real cells, scaled and clipped. */
    private static Operand<TFloat32> standardised(Ops tf, Operand<TFloat32> raw, Operand<TFloat32> valid, int axis) {
        Operand<TInt32> along = tf.constant(new int[] {axis});
        Operand<TFloat32> cells = tf.math.maximum(tf.reduceSum(valid, along), tf.constant(1f));
        Operand<TFloat32> mean = tf.math.div(tf.reduceSum(raw, along), cells);
        Operand<TFloat32> squares = tf.math.div(tf.reduceSum(tf.math.mul(raw, raw), along), cells);
        Operand<TFloat32> variance = tf.nn.relu(tf.math.sub(squares, tf.math.mul(mean, mean)));
        // The epsilon keeps Sqrt's gradient finite on a flat line.
        Operand<TFloat32> spread = tf.math.maximum(tf.math.sqrt(tf.math.add(variance, tf.constant(1e-8f))),
                tf.constant(MIN_SPREAD));
        Operand<TFloat32> z = tf.math.div(tf.math.sub(raw, tf.expandDims(mean, tf.constant(axis))),
                tf.math.mul(tf.expandDims(spread, tf.constant(axis)), tf.constant(SCORE_SCALE)));
        return tf.math.mul(tf.math.minimum(tf.math.maximum(z, tf.constant(LOWEST)), tf.constant(HIGHEST)), valid);
    }

    /** Raw similarity of query row {@code i} and reference column {@code j}. */
    float raw(int i, int j) {
        return raw[i * columns + j];
    }

    /** The largest raw similarity in query row {@code i}. */
    float rowBest(int i) {
        return rowBest[i];
    }

    /** Mean raw similarity of the whole matrix: the background a copy stands out from. */
    double mean() {
        return mean;
    }

    public int rows() {
        return rows;
    }

    public int columns() {
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

    /**
     * Writes {@code tile} as {@code size x size x CHANNELS} floats (row-major, channels last) at {@code offset}: each
     * pixel the largest value of each channel over the cells it covers, 0 where it covers none.
     */
    public void write(Tile tile, int size, float[] out, int offset) {
        int s = tile.scale();
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int at = offset + (y * size + x) * CHANNELS;
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
                        int k = (i * columns + j) * CHANNELS;
                        for (int c = 0; c < CHANNELS; c++) {
                            out[at + c] = any ? Math.max(out[at + c], channels[k + c]) : channels[k + c];
                        }
                        any = true;
                    }
                }
                if (!any) {
                    for (int c = 0; c < CHANNELS; c++) {
                        out[at + c] = 0;
                    }
                }
            }
        }
    }
}
