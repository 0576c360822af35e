package org.vcd.detector.spd;

/**
 * Settings of the segment pattern detector at inference.
 *
 * @param minScore     least calibrated score of a reported segment, in [0, 1]; calibration makes it mean the same
 *                     for every video: about that share of such segments are true copies
 * @param candidateScore least raw objectness a cell must reach to be decoded at all (before merging across tiles)
 * @param mergeOverlap  least share of the shorter span, on both axes, for two boxes to be pieces of one copy
 * @param maxOverlap    largest share of its area a reported box may have inside a better one
 * @param minLength     least extent, in grid steps, of a reported segment on the longer of its two axes (as the
 *                      classic localizers' minLength: a flash of look-alike frames is not a copy)
 * @param maxSegments   most segments reported per matrix
 * @param batchTiles    most tiles in one model call (bounds memory for very long videos)
 * @param snapToLines   whether box ends are snapped to the copy's line in the matrix, and scores weighted by the
 *                      similarity along it ({@link LineFit})
 * @param dimLine       mean similarity along a snapped line that weighs its score down to nothing; tiles with no
 *                      cell this bright are not run through the network at all
 * @param brightLine    mean similarity along a snapped line that keeps its score whole; between the two, linear. With
 *                      the classic descriptor unrelated footage reaches 0.5 and copies mostly run above 0.6; both
 *                      values were chosen on a validation benchmark of the training split
 * @param bestGap       mean shortfall of a snapped line's similarity from the best similarity its query frames reach
 *                      anywhere in the matrix that keeps its score whole
 * @param lookAlikeGap  that shortfall which weighs its score down to nothing; between the two, linear; infinite turns
 *                      the weighting off. A copy is where its frames match best; footage that only looks alike (the
 *                      same still scene at another time, a title card of the same style) falls short of it
 */
public record SegmentDetectorConfig(double minScore, double candidateScore, double mergeOverlap, double maxOverlap,
                                    double minLength, int maxSegments, int batchTiles, boolean snapToLines, double dimLine,
                                    double brightLine, double bestGap, double lookAlikeGap) {

    /**
     * minScore 0.3 for the detector retrained on the matrices as served: the best F1 of 0.05-0.4 on both
     * training-split validation benchmarks, false alarms under 0.01 there (docs/BENCHMARKS.md). The look-alike
     * weighting is off ({@link #LOOK_ALIKE_GAPS} turns it on): chosen on the training split, where it helped all three
     * benchmarks, it lost recall on both standard benchmarks of the evaluation split (logo, speed, text copies), so
     * it is not the default (docs/BENCHMARKS.md, "Long references").
     */
    public static final SegmentDetectorConfig DEFAULT = new SegmentDetectorConfig(0.3, 0.05, 0.5, 0.3, 3, 10, 512,
            true, 0.2, 0.7, 0.03, Double.POSITIVE_INFINITY);

    /** The look-alike weighting's gaps as chosen on the training split ({@code bestGap}, {@code lookAlikeGap}). */
    public static final double[] LOOK_ALIKE_GAPS = {0.03, 0.15};

    public SegmentDetectorConfig {
        for (double share : new double[] {minScore, candidateScore, mergeOverlap, maxOverlap}) {
            if (!(share >= 0 && share <= 1)) {
                throw new IllegalArgumentException("scores and overlaps must be in [0, 1]: " + share);
            }
        }
        if (!(minLength >= 0) || maxSegments < 1 || batchTiles < 1) {
            throw new IllegalArgumentException("minLength must not be negative, maxSegments and batchTiles at least 1");
        }
        if (!(bestGap >= 0 && lookAlikeGap > bestGap)) {
            throw new IllegalArgumentException("lookAlikeGap must exceed bestGap, which must not be negative: "
                    + bestGap + ", " + lookAlikeGap);
        }
        if (!(brightLine > dimLine)) {
            throw new IllegalArgumentException("a bright line must be brighter than a dim one: " + dimLine + ", "
                    + brightLine);
        }
    }

    public SegmentDetectorConfig withMinScore(double score) {
        return new SegmentDetectorConfig(score, candidateScore, mergeOverlap, maxOverlap, minLength, maxSegments,
                batchTiles, snapToLines, dimLine, brightLine, bestGap, lookAlikeGap);
    }

    public SegmentDetectorConfig withSnapToLines(boolean snap) {
        return new SegmentDetectorConfig(minScore, candidateScore, mergeOverlap, maxOverlap, minLength, maxSegments,
                batchTiles, snap, dimLine, brightLine, bestGap, lookAlikeGap);
    }

    public SegmentDetectorConfig withLookAlikeGaps(double best, double lookAlike) {
        return new SegmentDetectorConfig(minScore, candidateScore, mergeOverlap, maxOverlap, minLength, maxSegments,
                batchTiles, snapToLines, dimLine, brightLine, best, lookAlike);
    }
}
