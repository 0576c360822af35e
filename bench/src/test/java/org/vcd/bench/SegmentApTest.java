package org.vcd.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** VSC22 matching-track micro AP on cases worked out by hand. */
class SegmentApTest {

    private static final double EPS = 1e-12;
    private static final Box SQUARE = new Box(0, 10, 0, 10);

    private static SegmentAp.Prediction predict(String query, Box box, double score) {
        return new SegmentAp.Prediction(query, "r", box, score);
    }

    private static SegmentAp.Truth truth(String query, Box box) {
        return new SegmentAp.Truth(query, "r", box);
    }

    @Test
    void exactPredictionIsOne() {
        assertEquals(1, SegmentAp.averagePrecision(List.of(predict("q1", SQUARE, 0.9)), List.of(truth("q1", SQUARE))),
                EPS);
    }

    @Test
    void precisionIsTakenAtEachRecallStep() {
        // Truth: q1 and q2 each [0,10]^2 (20 s per axis). By score: q1 exact -> R 0.5, P 1: +0.5. q3 (no copy) ->
        // R 0.5, P 10/20 = 0.5: +0. q2 exact -> R 1, P 20/30 per axis, so 2/3: +2/3 * 0.5. AP = 0.5 + 1/3.
        List<SegmentAp.Prediction> predictions = List.of(predict("q1", SQUARE, 0.9), predict("q3", SQUARE, 0.8),
                predict("q2", SQUARE, 0.7));
        double ap = SegmentAp.averagePrecision(predictions, List.of(truth("q1", SQUARE), truth("q2", SQUARE)));
        assertEquals(0.5 + 1.0 / 3, ap, EPS);
    }

    @Test
    void tiedScoresCountAsOneStepWhateverTheirOrder() {
        // A wrong and a right prediction of equal score: one step to R 1 at P 0.5, so 0.5 in either order.
        SegmentAp.Prediction wrong = predict("q2", SQUARE, 0.9);
        SegmentAp.Prediction right = predict("q1", SQUARE, 0.9);
        List<SegmentAp.Truth> truths = List.of(truth("q1", SQUARE));
        assertEquals(0.5, SegmentAp.averagePrecision(List.of(wrong, right), truths), EPS);
        assertEquals(0.5, SegmentAp.averagePrecision(List.of(right, wrong), truths), EPS);
    }

    @Test
    void partialOverlap() {
        // Prediction [5,15]^2 against [0,10]^2: 5 of 10 predicted and of 10 true on each axis: P = R = 0.5, AP 0.25.
        assertEquals(0.25, SegmentAp.averagePrecision(List.of(predict("q1", new Box(5, 15, 5, 15), 1)),
                List.of(truth("q1", SQUARE))), EPS);
    }

    @Test
    void overlappingPredictionsAreMeasuredAsTheirUnion() {
        // [0,10]^2 then [5,15]^2 (lower score): first step R 1, P 1: +1; the second adds 5 predicted per axis and no
        // recall, so AP stays 1.
        List<SegmentAp.Prediction> predictions = List.of(predict("q1", SQUARE, 0.9),
                predict("q1", new Box(5, 15, 5, 15), 0.5));
        assertEquals(1, SegmentAp.averagePrecision(predictions, List.of(truth("q1", SQUARE))), EPS);
        // In the other order: [5,15]^2 first: R 0.5, P 0.5: +0.25; then the union [0,15] covers 10 of 15: R 1,
        // P 10/15: +2/3 * 0.5.
        List<SegmentAp.Prediction> reversed = List.of(predict("q1", SQUARE, 0.5),
                predict("q1", new Box(5, 15, 5, 15), 0.9));
        assertEquals(0.25 + 1.0 / 3, SegmentAp.averagePrecision(reversed, List.of(truth("q1", SQUARE))), EPS);
    }

    @Test
    void truthOverlappedByNoPredictionIsNotMatchedThroughOneAxis() {
        // The prediction shares its query span with the second copy but no area with either copy: nothing matched.
        List<SegmentAp.Truth> truths = List.of(truth("q1", SQUARE), truth("q1", new Box(20, 30, 50, 60)));
        assertEquals(0, SegmentAp.averagePrecision(List.of(predict("q1", new Box(20, 30, 0, 10), 1)), truths), EPS);
    }

    @Test
    void edgeCases() {
        assertEquals(0, SegmentAp.averagePrecision(List.of(), List.of(truth("q1", SQUARE))), EPS);
        assertTrue(Double.isNaN(SegmentAp.averagePrecision(List.of(predict("q1", SQUARE, 1)), List.of())));
    }
}
