package org.vcd.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.vcd.domain.Segment;
import org.vcd.domain.SimilarityMatrix;

/** Similarity matrices with copies planted in noise, and the check of a found segment: for every localizer's tests. */
final class PlantedMatrices {

    /** A found segment may be off by one grid step on each side. */
    static final double ONE_STEP = 1.0 + 1e-9;

    private PlantedMatrices() {
    }

    /** Similarities of unrelated frames: uniform in [-0.2, 0.3]. */
    static float[] noise(int rows, int cols, long seed) {
        Random random = new Random(seed);
        float[] values = new float[rows * cols];
        for (int k = 0; k < values.length; k++) {
            values[k] = -0.2f + 0.5f * random.nextFloat();
        }
        return values;
    }

    /**
     * Plants a copy: query rows {@code fromRow..toRow} (inclusive) show reference column
     * {@code fromCol + floor((row - fromRow) * slope)}, with similarities in [low, high]; a negative slope is a copy
     * played backwards.
     */
    static void plant(float[] values, int cols, int fromRow, int toRow, int fromCol, double slope, float low,
                      float high, long seed) {
        Random random = new Random(seed);
        for (int i = fromRow; i <= toRow; i++) {
            int j = fromCol + (int) Math.floor((i - fromRow) * slope);
            values[i * cols + j] = low + (high - low) * random.nextFloat();
        }
    }

    /**
     * Plants a bright block: every cell of query rows {@code [fromRow, toRow)} and reference columns
     * {@code [fromCol, toCol)} in [low, high], as near-static footage (a title card, a still scene) lights.
     */
    static void block(float[] values, int cols, int fromRow, int toRow, int fromCol, int toCol, float low,
                      float high, long seed) {
        Random random = new Random(seed);
        for (int i = fromRow; i < toRow; i++) {
            for (int j = fromCol; j < toCol; j++) {
                values[i * cols + j] = low + (high - low) * random.nextFloat();
            }
        }
    }

    /** The matrix on 1 s grids, so grid steps are seconds. */
    static SimilarityMatrix matrix(int rows, int cols, float[] values) {
        return new SimilarityMatrix(rows, cols, values, 1.0, 1.0);
    }

    static void assertSpans(Segment s, double queryStart, double queryEnd, double referenceStart,
                            double referenceEnd) {
        assertSpans(s, queryStart, queryEnd, referenceStart, referenceEnd, ONE_STEP);
    }

    /** As {@link #assertSpans(Segment, double, double, double, double)}, each end within {@code tolerance} seconds. */
    static void assertSpans(Segment s, double queryStart, double queryEnd, double referenceStart,
                            double referenceEnd, double tolerance) {
        String found = s.toString();
        assertEquals(seconds(queryStart), s.queryStart(), tolerance, found);
        assertEquals(seconds(queryEnd), s.queryEnd(), tolerance, found);
        assertEquals(seconds(referenceStart), s.referenceStart(), tolerance, found);
        assertEquals(seconds(referenceEnd), s.referenceEnd(), tolerance, found);
    }

    /**
     * The time of a planted span's cell edge on a 1 s grid: the cells planted from i to k cover [i, k + 1) and stand
     * for the half second around each sample, so the span is [i - 0.5, k + 0.5] seconds.
     */
    private static double seconds(double edge) {
        return Math.max(0, edge - 0.5);
    }

    /**
     * Exactly these copies were found, each {@code {queryStart, queryEnd, referenceStart, referenceEnd}}, listed in
     * query order (whatever order the localizer ranked them in).
     */
    static void assertCopies(List<Segment> found, double[]... spans) {
        List<Segment> byQuery = found.stream().sorted(Comparator.comparingDouble(Segment::queryStart)).toList();
        assertEquals(spans.length, byQuery.size(), found.toString());
        for (int c = 0; c < spans.length; c++) {
            assertSpans(byQuery.get(c), spans[c][0], spans[c][1], spans[c][2], spans[c][3]);
        }
    }
}
