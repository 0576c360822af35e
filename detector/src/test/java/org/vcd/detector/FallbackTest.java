package org.vcd.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vcd.domain.Segment;
import org.vcd.domain.SimilarityMatrix;

class FallbackTest {

    private static final SimilarityMatrix MATRIX = new SimilarityMatrix(1, 1, new float[1], 1, 1);

    @Test
    void theSecondLocalizerAddsOnlyWhatTheFirstMissed() {
        Segment found = new Segment(10, 20, 30, 40, 0.9);
        Segment same = new Segment(12, 22, 32, 42, 0.8); // overlaps the first's on both axes
        Segment elsewhere = new Segment(50, 60, 30, 40, 0.7); // same reference span, other query time
        Localizer fallback = new Fallback(m -> List.of(found), m -> List.of(same, elsewhere), 0.5, 0,
                Double.POSITIVE_INFINITY);
        List<Segment> segments = fallback.localize(MATRIX);
        assertEquals(2, segments.size(), segments.toString());
        assertEquals(found, segments.get(0));
        assertEquals(new Segment(50, 60, 30, 40, 0.35), segments.get(1));
    }

    @Test
    void withNothingFromTheFirstTheSecondDecidesAlone() {
        Segment a = new Segment(0, 5, 0, 5, 0.6);
        Segment b = new Segment(10, 15, 10, 15, 1.0);
        List<Segment> segments = new Fallback(m -> List.of(), m -> List.of(a, b), 0.5, 0, Double.POSITIVE_INFINITY)
                .localizeAll(
                List.of(MATRIX, MATRIX)).get(1);
        assertEquals(List.of(new Segment(10, 15, 10, 15, 0.5), new Segment(0, 5, 0, 5, 0.3)), segments);
    }

    /** A 12 x 30 matrix at 0.3 with lines of the given brightness: {row, first column, step (+1 or -1), value}. */
    private static SimilarityMatrix withLines(int[][] lines, float[] values) {
        float[] cells = new float[12 * 30];
        Arrays.fill(cells, 0.3f);
        for (int l = 0; l < lines.length; l++) {
            int[] line = lines[l];
            for (int k = 0; k < 6; k++) {
                cells[(line[0] + k) * 30 + line[1] + k * line[2]] = values[l];
            }
        }
        return new SimilarityMatrix(12, 30, cells, 1, 1);
    }

    /** The segment over rows [row, row + 6) and columns [column, column + 6), as the matrix's cell edges give it. */
    private static Segment box(int row, int column, double score) {
        return new Segment(row - 0.5, row + 5.5, column - 0.5, column + 5.5, score);
    }

    @Test
    void aSegmentWhoseQueryFramesMatchBetterElsewhereIsALookAlike() {
        // The copy at rows 2-7, columns 20-25 (0.95); the same rows look like columns 2-7 too (0.7).
        SimilarityMatrix matrix = withLines(new int[][] {{2, 20, 1}, {2, 2, 1}}, new float[] {0.95f, 0.7f});
        Segment copy = box(2, 20, 0.9);
        Segment lookAlike = box(2, 2, 0.7);
        Localizer fallback = new Fallback(m -> List.of(), m -> List.of(copy, lookAlike), 0.5, 0, 0.03);
        assertEquals(List.of(box(2, 20, 0.45)), fallback.localize(matrix));
    }

    @Test
    void lookAlikesAreJudgedAgainstEveryCandidateOfTheQuery() {
        SimilarityMatrix copied = withLines(new int[][] {{2, 20, 1}}, new float[] {0.95f});
        SimilarityMatrix other = withLines(new int[][] {{2, 5, 1}}, new float[] {0.7f});
        Segment lookAlike = box(2, 5, 0.7);
        Localizer fallback = new Fallback(m -> List.of(), m -> m == other ? List.of(lookAlike) : List.of(), 0.5, 0,
                0.03);
        assertEquals(List.of(List.of(), List.of()), fallback.localizeAll(List.of(copied, other)));
        assertEquals(List.of(box(2, 5, 0.35)), fallback.localize(other)); // alone, nothing beats it
    }

    @Test
    void aSegmentTheSecondScoresBelowItsMinimumIsDropped() {
        SimilarityMatrix matrix = withLines(new int[][] {{2, 20, 1}}, new float[] {0.95f});
        Segment weak = box(2, 20, 0.7);
        assertEquals(List.of(), new Fallback(m -> List.of(), m -> List.of(weak), 0.5, 0.75, 0.03).localize(matrix));
        assertEquals(List.of(box(2, 20, 0.35)),
                new Fallback(m -> List.of(), m -> List.of(weak), 0.5, 0.7, 0.03).localize(matrix));
    }

    @Test
    void aReversedCopyRunsBackwardsAcrossItsBox() {
        // Rows 2-7 show columns 15 down to 10: the backward diagonal of the box.
        SimilarityMatrix matrix = withLines(new int[][] {{2, 15, -1}, {2, 22, 1}}, new float[] {0.9f, 0.5f});
        Segment reversed = box(2, 10, 0.8);
        assertEquals(List.of(box(2, 10, 0.4)),
                new Fallback(m -> List.of(), m -> List.of(reversed), 0.5, 0, 0.03).localize(matrix));
    }

    @Test
    void refusesAWeightScoreOrShortfallOutsideItsRange() {
        Localizer none = m -> List.of();
        assertThrows(IllegalArgumentException.class, () -> new Fallback(none, none, 0, 0, 0.03));
        assertThrows(IllegalArgumentException.class, () -> new Fallback(none, none, 1.5, 0, 0.03));
        assertThrows(IllegalArgumentException.class, () -> new Fallback(none, none, 0.5, 0, -0.1));
        assertThrows(IllegalArgumentException.class, () -> new Fallback(none, none, 0.5, 1.5, 0.03));
    }
}
