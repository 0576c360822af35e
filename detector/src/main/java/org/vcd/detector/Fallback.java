package org.vcd.detector;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vcd.domain.Segment;
import org.vcd.domain.SimilarityMatrix;

/**
 * One localizer's segments, plus another's where the first found nothing: a segment of the second is kept when no
 * segment of the first overlaps it on both axes and its line is where its query frames match best, its score weighed
 * down (the two localizers' scores do not mean the same). Made for the segment detector, which misses short copies
 * and copies of near-static footage (a bright block rather than a line) that the temporal network finds.
 *
 * <p>The temporal network also follows footage that only looks alike: the same scene at another time of the
 * reference, or another reference of the same style. A query moment copies one reference moment, so a line whose
 * query frames reach a clearly better similarity elsewhere, in this matrix or in another candidate's of the same
 * query ({@link #localizeAll}), is not a copy: its mean shortfall from the best must be at most {@code maxShortfall}.
 *
 * @param weight       what the second localizer's scores are multiplied by, in (0, 1]: ranks its segments below the
 *                     first's alike-scored ones
 * @param minScore     least score (the second localizer's own) of a segment of the second that is kept
 * @param maxShortfall largest mean shortfall, over its query rows, of the similarity along a second localizer's
 *                     segment from the best similarity those rows reach in any of the query's matrices; infinite
 *                     keeps every segment the first did not overlap
 */
public record Fallback(Localizer primary, Localizer secondary, double weight, double minScore, double maxShortfall)
        implements Localizer {

    /**
     * Chosen on the training split (docs/BENCHMARKS.md, "Segment detector with a fallback"): kept three quarters of
     * the temporal network's true additions and dropped two thirds of its false ones on both training benchmarks.
     */
    public static final double MAX_SHORTFALL = 0.03;
    /**
     * The temporal network's least score for a segment it adds: the best mean F1 over both training benchmarks of
     * none (its own thresholds only), 0.7, 0.75 and 0.8 (docs/BENCHMARKS.md).
     */
    public static final double MIN_SCORE = 0.7;

    public Fallback {
        if (!(weight > 0 && weight <= 1)) {
            throw new IllegalArgumentException("weight must be in (0, 1]: " + weight);
        }
        if (!(minScore >= 0 && minScore <= 1)) {
            throw new IllegalArgumentException("min score must be in [0, 1]: " + minScore);
        }
        if (!(maxShortfall >= 0)) {
            throw new IllegalArgumentException("max shortfall must not be negative: " + maxShortfall);
        }
    }

    @Override
    public List<Segment> localize(SimilarityMatrix matrix) {
        return localizeAll(List.of(matrix)).get(0);
    }

    /** As {@link #localize} for each of one query's candidate matrices, judging look-alikes across all of them. */
    @Override
    public List<List<Segment>> localizeAll(List<SimilarityMatrix> matrices) {
        List<List<Segment>> first = primary.localizeAll(matrices);
        List<List<Segment>> second = secondary.localizeAll(matrices);
        List<List<Segment>> all = new ArrayList<>(matrices.size());
        // Each query length's row bests, made once for all matrices and only when a segment needs them.
        Map<Integer, float[]> rowBests = new HashMap<>();
        for (int m = 0; m < matrices.size(); m++) {
            SimilarityMatrix matrix = matrices.get(m);
            List<Segment> kept = new ArrayList<>(first.get(m));
            for (Segment s : second.get(m)) {
                if (s.score() < minScore || first.get(m).stream().anyMatch(f -> f.overlap(s) > 0)) {
                    continue;
                }
                if (Double.isFinite(maxShortfall)) {
                    float[] rowBest = rowBests.computeIfAbsent(matrix.queryLength(), rows -> rowBest(matrices, rows));
                    if (shortfall(matrix, s, rowBest) > maxShortfall) {
                        continue;
                    }
                }
                kept.add(new Segment(s.queryStart(), s.queryEnd(), s.referenceStart(), s.referenceEnd(),
                        s.score() * weight));
            }
            kept.sort(Comparator.comparingDouble(Segment::score).reversed());
            all.add(kept);
        }
        return all;
    }

    /** Each query row's best similarity in any of the matrices with that many rows (the query's, on its grid). */
    private static float[] rowBest(List<SimilarityMatrix> matrices, int rows) {
        float[] best = new float[rows];
        for (SimilarityMatrix matrix : matrices) {
            if (matrix.queryLength() != rows) {
                continue;
            }
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < matrix.referenceLength(); j++) {
                    best[i] = Math.max(best[i], matrix.get(i, j));
                }
            }
        }
        return best;
    }

    /**
     * The mean, over the segment's query rows, of how far the similarity along its line falls short of the row's
     * best. The line runs corner to corner of the segment's box, forwards or (a reversed copy) backwards, whichever
     * falls shorter; each row takes its best cell within one column of it, as a line drawn across a grid passes
     * between cells.
     */
    static double shortfall(SimilarityMatrix matrix, Segment segment, float[] rowBest) {
        double r0 = SimilarityMatrix.edge(segment.queryStart(), matrix.queryStep());
        double r1 = SimilarityMatrix.edge(segment.queryEnd(), matrix.queryStep());
        double c0 = SimilarityMatrix.edge(segment.referenceStart(), matrix.referenceStep());
        double c1 = SimilarityMatrix.edge(segment.referenceEnd(), matrix.referenceStep());
        int from = Math.max(0, (int) Math.floor(r0));
        int to = Math.min(matrix.queryLength(), (int) Math.ceil(r1));
        if (to <= from || matrix.referenceLength() == 0) {
            return Double.POSITIVE_INFINITY;
        }
        double forward = 0;
        double backward = 0;
        for (int i = from; i < to; i++) {
            double f = Math.min(1, Math.max(0, (i + 0.5 - r0) / Math.max(r1 - r0, 1e-9)));
            forward += rowBest[i] - near(matrix, i, c0 + f * (c1 - c0));
            backward += rowBest[i] - near(matrix, i, c1 - f * (c1 - c0));
        }
        return Math.min(forward, backward) / (to - from);
    }

    /** The best similarity of row {@code i} within one column of the cell edge coordinate {@code column}. */
    private static float near(SimilarityMatrix matrix, int i, double column) {
        int j = Math.min(matrix.referenceLength() - 1, Math.max(0, (int) Math.floor(column)));
        float best = matrix.get(i, j);
        if (j > 0) {
            best = Math.max(best, matrix.get(i, j - 1));
        }
        if (j + 1 < matrix.referenceLength()) {
            best = Math.max(best, matrix.get(i, j + 1));
        }
        return best;
    }
}
