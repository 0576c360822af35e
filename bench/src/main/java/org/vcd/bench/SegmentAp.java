package org.vcd.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Micro average precision over scored segments, the matching-track metric of the 2022 Video Similarity Challenge
 * (Pizzi et al., "The 2023 Video Similarity Dataset and Challenge", 2023; reference implementation
 * {@code match_metric} in {@code vsc/metrics.py} of github.com/facebookresearch/vsc2022).
 *
 * <p>Predictions from all pairs are taken in order of decreasing score (ties in the order given, all predictions of
 * one score added together). After adding a group, per pair and per axis (query, reference): the predicted length is
 * the union of the pair's predictions so far; the matched length is that union intersected with the union of the
 * pair's ground-truth boxes that overlap (with positive area) at least one of its predictions so far. Summed over
 * pairs, matched / predicted is the axis precision and matched / (the union of all the pair's ground truth, summed
 * over pairs) the axis recall; P = sqrt(P_query * P_reference) and R = sqrt(R_query * R_reference). The score is
 * AP = sum over groups of P * (R - R before the group).
 */
public final class SegmentAp {

    private SegmentAp() {
    }

    /** A predicted segment of one (query, reference) pair, with its confidence. */
    public record Prediction(String query, String reference, Box box, double score) {
    }

    /** A ground-truth segment of one pair. */
    public record Truth(String query, String reference, Box box) {
    }

    private record PairKey(String query, String reference) {
    }

    /** One pair's boxes and what its predictions covered after the last group. */
    private static final class Pair {
        final List<Box> truths = new ArrayList<>();
        final List<Box> predictions = new ArrayList<>();
        double[] matched = new double[2];
        double[] predicted = new double[2];
    }

    /** The AP; 0 when there are no predictions, NaN when there is no ground truth (recall is undefined). */
    public static double averagePrecision(List<Prediction> predictions, List<Truth> truths) {
        Map<PairKey, Pair> pairs = new HashMap<>();
        for (Truth truth : truths) {
            pairs.computeIfAbsent(new PairKey(truth.query, truth.reference), k -> new Pair()).truths.add(truth.box);
        }
        double[] truthLength = new double[2];
        for (Pair pair : pairs.values()) {
            truthLength[0] += Intervals.unionLength(Intervals.queryAxis(pair.truths));
            truthLength[1] += Intervals.unionLength(Intervals.referenceAxis(pair.truths));
        }
        if (truthLength[0] <= 0 || truthLength[1] <= 0) {
            return Double.NaN;
        }
        List<Prediction> sorted = new ArrayList<>(predictions);
        sorted.sort(Comparator.comparingDouble(Prediction::score).reversed()); // stable: ties keep their order
        double[] matched = new double[2];
        double[] predicted = new double[2];
        double recall = 0;
        double ap = 0;
        for (int i = 0; i < sorted.size(); ) {
            double score = sorted.get(i).score;
            for (; i < sorted.size() && sorted.get(i).score == score; i++) {
                Prediction prediction = sorted.get(i);
                Pair pair = pairs.computeIfAbsent(new PairKey(prediction.query, prediction.reference), k -> new Pair());
                pair.predictions.add(prediction.box);
                List<Box> considered = pair.truths.stream()
                        .filter(t -> pair.predictions.stream().anyMatch(t::overlaps)).toList();
                double[] nowMatched = {
                    Intervals.intersectionLength(Intervals.queryAxis(pair.predictions), Intervals.queryAxis(considered)),
                    Intervals.intersectionLength(Intervals.referenceAxis(pair.predictions),
                            Intervals.referenceAxis(considered))};
                double[] nowPredicted = {Intervals.unionLength(Intervals.queryAxis(pair.predictions)),
                    Intervals.unionLength(Intervals.referenceAxis(pair.predictions))};
                for (int axis = 0; axis < 2; axis++) {
                    matched[axis] += nowMatched[axis] - pair.matched[axis];
                    predicted[axis] += nowPredicted[axis] - pair.predicted[axis];
                }
                pair.matched = nowMatched;
                pair.predicted = nowPredicted;
            }
            double newRecall = Math.sqrt(matched[0] / truthLength[0] * matched[1] / truthLength[1]);
            double precision = predicted[0] > 0 && predicted[1] > 0
                    ? Math.sqrt(matched[0] / predicted[0] * matched[1] / predicted[1]) : 0;
            ap += precision * (newRecall - recall);
            recall = newRecall;
        }
        return ap;
    }
}
