package org.vcd.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** VCSL segment metrics on cases worked out by hand (the comments show the arithmetic). */
class VcslTest {

    private static final double EPS = 1e-12;

    private static Box box(double qs, double qe, double rs, double re) {
        return new Box(qs, qe, rs, re);
    }

    @Test
    void exactPredictionScoresOne() {
        Vcsl.PairScore score = Vcsl.pair(List.of(box(0, 10, 0, 10)), List.of(box(0, 10, 0, 10)));
        assertEquals(1, score.precision(), EPS);
        assertEquals(1, score.recall(), EPS);
    }

    @Test
    void partialOverlapMultipliesTheAxes() {
        // Intersection [5,10] x [5,10]: 5/10 on each axis, for precision and for recall: 0.5 * 0.5.
        Vcsl.PairScore score = Vcsl.pair(List.of(box(0, 10, 0, 10)), List.of(box(5, 15, 5, 15)));
        assertEquals(0.25, score.precision(), EPS);
        assertEquals(0.25, score.recall(), EPS);
    }

    @Test
    void axesDifferWhenOnlyOneIsOff() {
        // Query axis exact (10/10); reference axis [0,10] vs [2,12]: 8/10. Precision = recall = 0.8.
        Vcsl.PairScore score = Vcsl.pair(List.of(box(0, 10, 0, 10)), List.of(box(0, 10, 2, 12)));
        assertEquals(0.8, score.precision(), EPS);
        assertEquals(0.8, score.recall(), EPS);
    }

    @Test
    void overlappingPredictionsAreEachCounted() {
        // Predictions A = [0,10]^2 and B = [5,20]^2, truth [0,10]^2. Precision per axis: (10 + 5) / (10 + 15) = 0.6,
        // so 0.36. Recall per axis: union of the truth's intersections [0,10] u [5,10] = 10 of 10, so 1.
        Vcsl.PairScore score = Vcsl.pair(List.of(box(0, 10, 0, 10), box(5, 20, 5, 20)), List.of(box(0, 10, 0, 10)));
        assertEquals(0.36, score.precision(), EPS);
        assertEquals(1, score.recall(), EPS);
        // A duplicated exact prediction costs nothing: (10 + 10) / (10 + 10) per axis.
        Vcsl.PairScore duplicate = Vcsl.pair(List.of(box(0, 10, 0, 10), box(0, 10, 0, 10)), List.of(box(0, 10, 0, 10)));
        assertEquals(1, duplicate.precision(), EPS);
        assertEquals(1, duplicate.recall(), EPS);
    }

    @Test
    void onePredictionOverTwoCopies() {
        // Truths [0,10]^2 and [20,30]^2, prediction [0,30]^2: precision per axis (10 + 10) / 30, so 4/9; recall 1.
        Vcsl.PairScore score = Vcsl.pair(List.of(box(0, 30, 0, 30)), List.of(box(0, 10, 0, 10), box(20, 30, 20, 30)));
        assertEquals(4.0 / 9, score.precision(), EPS);
        assertEquals(1, score.recall(), EPS);
    }

    @Test
    void overlapOnOneAxisOnlyCountsNothing() {
        // Same query span, disjoint reference spans: no intersection area, so nothing is covered on either axis.
        Vcsl.PairScore disjoint = Vcsl.pair(List.of(box(0, 10, 20, 30)), List.of(box(0, 10, 0, 10)));
        assertEquals(0, disjoint.precision(), EPS);
        assertEquals(0, disjoint.recall(), EPS);
        Vcsl.PairScore touching = Vcsl.pair(List.of(box(0, 10, 10, 20)), List.of(box(0, 10, 0, 10)));
        assertEquals(0, touching.precision(), EPS);
        assertEquals(0, touching.recall(), EPS);
    }

    @Test
    void emptySidesGetVcslsAssignedValues() {
        assertEquals(new Vcsl.PairScore(1, 0, 0, 1), Vcsl.pair(List.of(), List.of(box(0, 1, 0, 1))));
        assertEquals(new Vcsl.PairScore(0, 1, 1, 0), Vcsl.pair(List.of(box(0, 1, 0, 1)), List.of()));
        assertEquals(new Vcsl.PairScore(1, 1, 0, 0), Vcsl.pair(List.of(), List.of()));
    }

    @Test
    void zeroLengthPredictionCoversNothing() {
        Vcsl.PairScore score = Vcsl.pair(List.of(box(5, 5, 5, 5)), List.of(box(0, 10, 0, 10)));
        assertEquals(0, score.precision(), EPS);
        assertEquals(0, score.recall(), EPS);
    }

    @Test
    void datasetMeansSkipAssignedValuesAndCountRejectionsAndAlarms() {
        List<Vcsl.PairScore> pairs = List.of(
                new Vcsl.PairScore(0.25, 0.25, 1, 1), // predicted and copied
                new Vcsl.PairScore(1, 0, 0, 1),       // copied, missed: a false rejection
                new Vcsl.PairScore(0, 1, 1, 0),       // not copied, predicted: a false alarm
                new Vcsl.PairScore(1, 1, 0, 0));      // not copied, nothing predicted
        Vcsl.Summary summary = Vcsl.summarize(pairs);
        // Precision over pairs with predictions: (0.25 + 0) / 2; recall over pairs with truth: (0.25 + 0) / 2.
        assertEquals(0.125, summary.precision(), EPS);
        assertEquals(0.125, summary.recall(), EPS);
        assertEquals(0.125, summary.f1(), EPS);
        // VCSL: frr = (1 + ratio) / ratio * |fr| / N, far = (1 + ratio) * |fa| / N with ratio = 2 positives / 2 negatives.
        assertEquals(0.5, summary.falseRejectionRate(), EPS);
        assertEquals(0.5, summary.falseAlarmRate(), EPS);
        assertEquals(2, summary.positivePairs());
        assertEquals(2, summary.negativePairs());
    }

    @Test
    void f1IsTheHarmonicMeanOfTheDatasetMeans() {
        Vcsl.Summary summary = Vcsl.summarize(List.of(new Vcsl.PairScore(0.5, 1, 1, 1), new Vcsl.PairScore(1, 0.5, 1, 1)));
        // P = R = 0.75, F1 = 0.75 (not the mean of per-pair F1s, 2/3).
        assertEquals(0.75, summary.f1(), EPS);
    }

    @Test
    void undefinedMeansAreNaN() {
        Vcsl.Summary none = Vcsl.summarize(List.of());
        assertTrue(Double.isNaN(none.precision()) && Double.isNaN(none.recall()) && Double.isNaN(none.f1()));
        assertTrue(Double.isNaN(none.falseRejectionRate()) && Double.isNaN(none.falseAlarmRate()));
        Vcsl.Summary negativesOnly = Vcsl.summarize(List.of(new Vcsl.PairScore(1, 1, 0, 0)));
        assertEquals(0, negativesOnly.falseAlarmRate(), EPS);
        assertTrue(Double.isNaN(negativesOnly.recall()));
    }
}
