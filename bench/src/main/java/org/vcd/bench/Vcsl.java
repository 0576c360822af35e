package org.vcd.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Segment-level precision and recall as the VCSL benchmark defines them (He et al., "A Large-scale Comprehensive
 * Dataset and Copy-overlap Aware Evaluation Protocol for Segment-level Video Copy Detection", CVPR 2022; the
 * reference implementation is {@code vcsl/metric.py} in github.com/alipay/VCSL: {@code precision_recall} per
 * video pair, {@code evaluate_micro} over the dataset).
 *
 * <p>Per (query, reference) pair: for every predicted box, the ground-truth boxes whose intersection with it has
 * positive area; the union of those intersections is measured on the query axis and on the reference axis. Summed
 * over predictions and divided by the summed (not united) predicted lengths, that gives a query-axis and a
 * reference-axis precision; precision is their product. Recall is the same with the roles swapped. A pair with
 * predictions but no ground truth scores precision 0 (recall 1); one with ground truth but no prediction recall 0
 * (precision 1); one with neither 1 and 1.
 *
 * <p>Over the dataset, as VCSL's {@code evaluate_micro}: precision is the mean over pairs with at least one
 * prediction, recall the mean over pairs with at least one ground-truth box (VCSL drops the assigned values by
 * testing for exactly 1, which only they reach because its divisions add 1e-6; we compute exact ratios and drop the
 * same pairs by what they hold), F1 their harmonic mean. The false rejection rate is the share of positive pairs
 * (with ground truth) that got no prediction; the false alarm rate the share of negative pairs (without) that got
 * one.
 */
public final class Vcsl {

    private Vcsl() {
    }

    /** One pair's result, and how many predicted and ground-truth boxes it had. */
    public record PairScore(double precision, double recall, int predictions, int truths) {
    }

    /**
     * Dataset-level result; a mean over no pairs is NaN.
     *
     * @param positivePairs pairs with ground truth
     * @param negativePairs pairs without
     */
    public record Summary(double precision, double recall, double f1, double falseRejectionRate,
            double falseAlarmRate, int positivePairs, int negativePairs) {
    }

    public static PairScore pair(List<Box> predictions, List<Box> truths) {
        if (!predictions.isEmpty() && truths.isEmpty()) {
            return new PairScore(0, 1, predictions.size(), 0);
        }
        if (predictions.isEmpty() && !truths.isEmpty()) {
            return new PairScore(1, 0, 0, truths.size());
        }
        if (predictions.isEmpty()) {
            return new PairScore(1, 1, 0, 0);
        }
        double precision = coveredFraction(predictions, truths, true) * coveredFraction(predictions, truths, false);
        double recall = coveredFraction(truths, predictions, true) * coveredFraction(truths, predictions, false);
        return new PairScore(precision, recall, predictions.size(), truths.size());
    }

    /**
     * On one axis: the sum, over boxes of {@code measured}, of the union of their positive-area intersections with
     * {@code against}, divided by the summed lengths of {@code measured} (0 when those are all zero, as VCSL's
     * 1e-6 guard gives).
     */
    private static double coveredFraction(List<Box> measured, List<Box> against, boolean queryAxis) {
        double covered = 0;
        double total = 0;
        for (Box box : measured) {
            List<Box> intersections = new ArrayList<>();
            for (Box other : against) {
                Box intersection = box.intersection(other);
                if (intersection != null) {
                    intersections.add(intersection);
                }
            }
            covered += Intervals.unionLength(queryAxis ? Intervals.queryAxis(intersections)
                    : Intervals.referenceAxis(intersections));
            total += queryAxis ? box.queryLength() : box.referenceLength();
        }
        return total > 0 ? covered / total : 0;
    }

    public static Summary summarize(List<PairScore> pairs) {
        double precisionSum = 0;
        int precisionCount = 0;
        double recallSum = 0;
        int recallCount = 0;
        int positives = 0;
        int negatives = 0;
        int falseRejections = 0;
        int falseAlarms = 0;
        for (PairScore pair : pairs) {
            if (pair.predictions > 0) {
                precisionSum += pair.precision;
                precisionCount++;
            }
            if (pair.truths > 0) {
                recallSum += pair.recall;
                recallCount++;
                positives++;
                if (pair.predictions == 0) {
                    falseRejections++;
                }
            } else {
                negatives++;
                if (pair.predictions > 0) {
                    falseAlarms++;
                }
            }
        }
        double precision = precisionCount > 0 ? precisionSum / precisionCount : Double.NaN;
        double recall = recallCount > 0 ? recallSum / recallCount : Double.NaN;
        double f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall)
                : precision + recall == 0 ? 0 : Double.NaN;
        return new Summary(precision, recall, f1, positives > 0 ? (double) falseRejections / positives : Double.NaN,
                negatives > 0 ? (double) falseAlarms / negatives : Double.NaN, positives, negatives);
    }
}
