package org.vcd.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vcd.matcher.SimilarityMatrix;

class TemporalNetworkTest {

    private static final double ONE_STEP = 1.0 + 1e-9;

    private final TemporalNetwork network = new TemporalNetwork(TemporalNetworkConfig.DEFAULT);

    /** Similarities of unrelated frames: uniform in [-0.2, 0.3]. */
    private static float[] noise(int rows, int cols, long seed) {
        Random random = new Random(seed);
        float[] values = new float[rows * cols];
        for (int k = 0; k < values.length; k++) {
            values[k] = -0.2f + 0.5f * random.nextFloat();
        }
        return values;
    }

    /**
     * Plants a copy: query rows {@code fromRow..toRow} (inclusive) show reference column
     * {@code fromCol + floor((row - fromRow) * slope)}, with similarities in [low, high].
     */
    private static void plant(float[] values, int cols, int fromRow, int toRow, int fromCol, double slope,
                              float low, float high, long seed) {
        Random random = new Random(seed);
        for (int i = fromRow; i <= toRow; i++) {
            int j = fromCol + (int) Math.floor((i - fromRow) * slope);
            values[i * cols + j] = low + (high - low) * random.nextFloat();
        }
    }

    private static SimilarityMatrix matrix(int rows, int cols, float[] values) {
        return new SimilarityMatrix(rows, cols, values, 1.0, 1.0);
    }

    private static void assertSpans(Segment s, double queryStart, double queryEnd, double referenceStart,
                                    double referenceEnd) {
        String found = s.toString();
        assertEquals(queryStart, s.queryStart(), ONE_STEP, found);
        assertEquals(queryEnd, s.queryEnd(), ONE_STEP, found);
        assertEquals(referenceStart, s.referenceStart(), ONE_STEP, found);
        assertEquals(referenceEnd, s.referenceEnd(), ONE_STEP, found);
    }

    @Test
    void findsPlainCopy() {
        float[] values = noise(100, 80, 1);
        plant(values, 80, 20, 49, 5, 1.0, 0.6f, 1.0f, 2);
        List<Segment> found = network.localize(matrix(100, 80, values));
        assertEquals(1, found.size(), found.toString());
        Segment s = found.get(0);
        assertSpans(s, 20, 50, 5, 35);
        assertTrue(s.score() >= 0.6 && s.score() <= 1.0, s.toString());
    }

    @Test
    void findsSlowedDownCopy() {
        // Slope 0.5: 60 s of query show 30 s of reference.
        float[] values = noise(100, 100, 3);
        plant(values, 100, 10, 69, 30, 0.5, 0.6f, 1.0f, 4);
        List<Segment> found = network.localize(matrix(100, 100, values));
        assertEquals(1, found.size(), found.toString());
        assertSpans(found.get(0), 10, 70, 30, 60);
    }

    @Test
    void findsSpedUpCopy() {
        // Slope 2: 30 s of query show 60 s of reference.
        float[] values = noise(60, 100, 5);
        plant(values, 100, 10, 39, 20, 2.0, 0.6f, 1.0f, 6);
        List<Segment> found = network.localize(matrix(60, 100, values));
        assertEquals(1, found.size(), found.toString());
        assertSpans(found.get(0), 10, 40, 20, 80);
    }

    @Test
    void findsTwoCopiesBestFirst() {
        // The long faint copy is the heavier path and is found first; the short bright one has the better score.
        float[] values = noise(120, 150, 7);
        plant(values, 150, 10, 49, 100, 1.0, 0.6f, 0.7f, 8);
        plant(values, 150, 80, 99, 20, 1.0, 0.9f, 1.0f, 9);
        List<Segment> found = network.localize(matrix(120, 150, values));
        assertEquals(2, found.size(), found.toString());
        assertSpans(found.get(0), 80, 100, 20, 40);
        assertSpans(found.get(1), 10, 50, 100, 140);
        assertTrue(found.get(0).score() > found.get(1).score(), found.toString());
    }

    @Test
    void splitsSpliceOfDistantReferenceParts() {
        // Consecutive query seconds jump 30 s in the reference: farther than maxStep, so two copies, not one.
        float[] values = noise(70, 100, 19);
        plant(values, 100, 10, 29, 10, 1.0, 0.6f, 1.0f, 20);
        plant(values, 100, 30, 49, 60, 1.0, 0.6f, 1.0f, 21);
        List<Segment> found = network.localize(matrix(70, 100, values));
        assertEquals(2, found.size(), found.toString());
        List<Segment> byQuery = found.stream().sorted(Comparator.comparingDouble(Segment::queryStart))
                .toList();
        assertSpans(byQuery.get(0), 10, 30, 10, 30);
        assertSpans(byQuery.get(1), 30, 50, 60, 80);
    }

    @Test
    void bridgesGapsOfAlteredFrames() {
        int rows = 80;
        int cols = 100;
        float[] values = noise(rows, cols, 10);
        plant(values, cols, 20, 59, 40, 1.0, 0.6f, 1.0f, 11);
        float[] background = noise(rows, cols, 12);
        for (int i : new int[] {30, 31, 32, 45, 46}) {
            values[i * cols + 40 + (i - 20)] = background[i * cols + 40 + (i - 20)];
        }
        List<Segment> found = network.localize(matrix(rows, cols, values));
        assertEquals(1, found.size(), found.toString());
        assertSpans(found.get(0), 20, 60, 40, 80);
    }

    @Test
    void thickBandGivesOneSegment() {
        // Slow motion makes neighbouring frames similar too: the paths left after the best one overlap it.
        int rows = 80;
        int cols = 70;
        float[] values = noise(rows, cols, 13);
        for (int i = 20; i <= 59; i++) {
            int j = i - 10;
            values[i * cols + j - 1] = 0.7f;
            values[i * cols + j] = 0.95f;
            values[i * cols + j + 1] = 0.7f;
        }
        List<Segment> found = network.localize(matrix(rows, cols, values));
        assertEquals(1, found.size(), found.toString());
        assertSpans(found.get(0), 20, 60, 10, 50);
        assertEquals(0.95, found.get(0).score(), 1e-6);
    }

    @Test
    void shortPathNestedInACopyIsNotASecondCopy() {
        // A self-similar scene lights a short off-diagonal run inside the copy's box (rows 30..36 -> cols 20..26).
        float[] values = noise(100, 80, 11);
        plant(values, 80, 20, 49, 5, 1.0, 0.8f, 1.0f, 12);
        plant(values, 80, 30, 36, 20, 1.0, 0.55f, 0.6f, 13);
        List<Segment> found = network.localize(matrix(100, 80, values));
        assertEquals(1, found.size(), found.toString());
        assertSpans(found.get(0), 20, 50, 5, 35);
    }

    @Test
    void rewindIsNotJoinedToCopy() {
        // Edges only go forward in both videos: the part played backwards after the copy is not part of it.
        float[] values = noise(80, 80, 22);
        plant(values, 80, 20, 49, 5, 1.0, 0.6f, 1.0f, 23);
        plant(values, 80, 50, 57, 33, -1.0, 0.6f, 1.0f, 24);
        List<Segment> found = network.localize(matrix(80, 80, values));
        assertEquals(1, found.size(), found.toString());
        assertSpans(found.get(0), 20, 50, 5, 35);
    }

    @Test
    void pureNoiseGivesNothing() {
        assertEquals(List.of(), network.localize(matrix(200, 200, noise(200, 200, 14))));
    }

    @Test
    void isolatedBrightFramesGiveNothing() {
        // Bright frames more than maxStep rows apart cannot be linked, and one frame is shorter than minLength.
        float[] values = noise(200, 200, 15);
        Random random = new Random(16);
        for (int i = 0; i < 200; i += 15) {
            values[i * 200 + random.nextInt(200)] = 0.95f;
        }
        assertEquals(List.of(), network.localize(matrix(200, 200, values)));
    }

    @Test
    void emptyMatrixGivesNothing() {
        assertEquals(List.of(), network.localize(new SimilarityMatrix(0, 50, new float[0], 1.0, 1.0)));
    }

    @Test
    void convertsGridStepsToSeconds() {
        float[] values = noise(100, 80, 17);
        plant(values, 80, 20, 49, 5, 1.0, 0.6f, 1.0f, 18);
        List<Segment> found = network.localize(new SimilarityMatrix(100, 80, values, 0.5, 2.0));
        assertEquals(1, found.size(), found.toString());
        Segment s = found.get(0);
        assertEquals(10.0, s.queryStart(), 1e-9, s.toString());
        assertEquals(25.0, s.queryEnd(), 1e-9, s.toString());
        assertEquals(10.0, s.referenceStart(), 1e-9, s.toString());
        assertEquals(70.0, s.referenceEnd(), 1e-9, s.toString());
    }

    @Test
    void rejectsInvalidConfig() {
        assertThrows(IllegalArgumentException.class, () -> new TemporalNetworkConfig(0, 10, 10, 0.5, 3, 0.3));
        assertThrows(IllegalArgumentException.class, () -> new TemporalNetworkConfig(5, 10, 10, -0.1, 3, 0.3));
        assertThrows(IllegalArgumentException.class,
                () -> new TemporalNetworkConfig(5, 10, 10, Double.NaN, 3, 0.3));
        assertThrows(IllegalArgumentException.class, () -> new TemporalNetworkConfig(5, 10, 10, 0.5, 3, 1.5));
    }
}
