package org.vcd.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vcd.testdata.GroundTruth;

/** Dataset-level scoring: pairs, per-kind subsets and negatives, on a benchmark small enough to do by hand. */
class EvaluationTest {

    private static final double EPS = 1e-12;

    private static GroundTruth.Copy copy(String reference, double qs, double qe, double rs, double re, String kind) {
        return new GroundTruth.Copy(reference, qs, qe, rs, re, 1, false, List.of(kind), List.of());
    }

    /** r1, r2; q1 copies r1 (hflip), q2 copies r2 (blur), q3 has no copy. */
    private static final GroundTruth TRUTH = new GroundTruth("test", 1, "small", "all",
            List.of(new GroundTruth.Reference("r1", "references/r1.mp4", "r1.mp4", 60),
                    new GroundTruth.Reference("r2", "references/r2.mp4", "r2.mp4", 60)),
            List.of(new GroundTruth.Query("q1", "queries/q1.mp4", 20, null, List.of(copy("r1", 0, 10, 0, 10, "hflip"))),
                    new GroundTruth.Query("q2", "queries/q2.mp4", 20, null, List.of(copy("r2", 0, 10, 0, 10, "blur"))),
                    new GroundTruth.Query("q3", "queries/q3.mp4", 20, "filler", List.of())));

    @Test
    void scoresEveryQueryReferencePair() {
        // q1 found exactly; q2 missed; q3 matched r2 by mistake.
        Map<String, List<SegmentAp.Prediction>> predictions = Map.of(
                "q1", List.of(new SegmentAp.Prediction("q1", "r1", new Box(0, 10, 0, 10), 0.9)),
                "q3", List.of(new SegmentAp.Prediction("q3", "r2", new Box(0, 5, 0, 5), 0.5)));
        Evaluation.Result result = Evaluation.evaluate(TRUTH, predictions);

        Evaluation.Metrics all = result.overall();
        // Pairs: q1r1 (P 1, R 1), q2r2 (missed: R 0), q3r2 (alarm: P 0), q1r2, q2r1, q3r1 (clean negatives).
        assertEquals(3, all.queries());
        assertEquals(2, all.positivePairs());
        assertEquals(4, all.negativePairs());
        assertEquals(0.5, all.precision(), EPS);
        assertEquals(0.5, all.recall(), EPS);
        assertEquals(0.5, all.f1(), EPS);
        assertEquals(0.5, all.falseRejection(), EPS);
        assertEquals(0.25, all.falseAlarm(), EPS);
        // AP: q1 first: R sqrt(10/20 * 10/20) = 0.5 at P 1; q3 adds no recall.
        assertEquals(0.5, all.segmentAp(), EPS);

        Evaluation.Metrics hflip = result.byKind().get("hflip");
        assertEquals(1, hflip.queries());
        assertEquals(1, hflip.precision(), EPS);
        assertEquals(1, hflip.recall(), EPS);
        assertEquals(1, hflip.segmentAp(), EPS);
        assertEquals(0, hflip.falseAlarm(), EPS);

        Evaluation.Metrics blur = result.byKind().get("blur");
        assertTrue(Double.isNaN(blur.precision()), "nothing predicted: precision undefined");
        assertEquals(0, blur.recall(), EPS);
        assertEquals(1, blur.falseRejection(), EPS);
        assertEquals(0, blur.segmentAp(), EPS);
        assertEquals(List.of("blur", "hflip"), List.copyOf(result.byKind().keySet()));

        assertEquals(new Evaluation.Negatives(1, 1, 0, 0), result.negatives());
    }

    @Test
    void soundGroupsAndMusicOnlyNegativesAreScoredApart() {
        // q1 keeps r1's sound (found), q2 is muted (missed); q3 carries r2's sound over unrelated pictures at
        // 2-12 s of the query (r2 20-30 s) and the run reports r2 there; q4 carries r1's and the run reports r2.
        GroundTruth.Copy music3 = new GroundTruth.Copy("r2", 2, 12, 20, 30, 1, false, List.of("music_only"), List.of(),
                "kept", List.of("mix=alone"));
        GroundTruth.Copy music4 = new GroundTruth.Copy("r1", 0, 10, 0, 10, 1, false, List.of("music_only"), List.of(),
                "kept", List.of("mix=under:level=-9.0dB"));
        GroundTruth truth = new GroundTruth("test", 1, "small", "all", TRUTH.references(), List.of(
                new GroundTruth.Query("q1", "queries/q1.mp4", 20, null, List.of(copy("r1", 0, 10, 0, 10, "hflip")
                        .withAudio("kept", List.of()))),
                new GroundTruth.Query("q2", "queries/q2.mp4", 20, null, List.of(copy("r2", 0, 10, 0, 10, "blur")
                        .withAudio("muted", List.of()))),
                new GroundTruth.Query("q3", "queries/q3.mp4", 20, "music_only", List.of(), List.of(music3)),
                new GroundTruth.Query("q4", "queries/q4.mp4", 20, "music_only", List.of(), List.of(music4))), true);
        Map<String, List<SegmentAp.Prediction>> predictions = Map.of(
                "q1", List.of(new SegmentAp.Prediction("q1", "r1", new Box(0, 10, 0, 10), 0.9)),
                "q3", List.of(new SegmentAp.Prediction("q3", "r2", new Box(3, 11, 21, 29), 0.5)),
                "q4", List.of(new SegmentAp.Prediction("q4", "r2", new Box(0, 5, 0, 5), 0.5)));
        Evaluation.Result result = Evaluation.evaluate(truth, predictions);

        assertEquals(2, result.overall().queries(), "music-only negatives stay out of the main numbers");
        assertEquals(0, result.overall().falseAlarm(), EPS);
        assertEquals(List.of("kept", "muted"), List.copyOf(result.sound().byAudio().keySet()));
        assertEquals(1, result.sound().byAudio().get("kept").recall(), EPS);
        assertEquals(0, result.sound().byAudio().get("muted").recall(), EPS);
        assertEquals(new Evaluation.MusicOnly(2, 2, 1, 1), result.sound().musicOnly());
        assertEquals(null, Evaluation.evaluate(TRUTH, predictions).sound(), "a silent benchmark has no sound section");
    }

    @Test
    void reversedCopiesAreTheSameBox() {
        GroundTruth.Copy reversed = new GroundTruth.Copy("r1", 5, 10, 20, 30, 2, true, List.of("reversed"), List.of());
        assertEquals(new Box(5, 10, 20, 30), Evaluation.box(reversed));
        assertEquals(new Box(5, 10, 20, 30), Box.spanning(10, 5, 30, 20));
    }

    @Test
    void predictionOfAnUnknownReferenceIsAFalseAlarm() {
        Map<String, List<SegmentAp.Prediction>> predictions = Map.of(
                "q1", List.of(new SegmentAp.Prediction("q1", "r1", new Box(0, 10, 0, 10), 0.9),
                        new SegmentAp.Prediction("q1", "elsewhere", new Box(0, 10, 0, 10), 0.9)));
        Evaluation.Metrics all = Evaluation.evaluate(TRUTH, predictions).overall();
        assertEquals(5, all.negativePairs());
        assertEquals(0.2, all.falseAlarm(), EPS);
    }

    @Test
    void nearestRankPercentiles() {
        double[] latencies = new double[20];
        for (int i = 0; i < 20; i++) {
            latencies[i] = 20 - i;
        }
        assertEquals(10, BenchRunner.percentile(latencies, 50), EPS);
        assertEquals(19, BenchRunner.percentile(latencies, 95), EPS);
        assertEquals(7, BenchRunner.percentile(new double[] {7}, 95), EPS);
    }
}
