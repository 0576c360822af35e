package org.vcd.detector;

/**
 * Hyper-parameters of the {@link HoughVoting} localizer; the names follow VCSL's {@code HV}.
 *
 * @param minSimilarity least similarity of a voting cell, in [-1, 1]
 * @param maxPeaks      most time offsets (lines) whose cells are read as segments, the most voted first
 * @param maxGap        most consecutive non-voting cells inside one segment on a line
 * @param minLength     least span of a kept segment, in grid steps on both axes
 * @param maxOverlap    largest share of the smaller box a kept segment may have in common with any segment kept
 *                      before it, in [0, 1] (see {@link Segment#overlap})
 * @param reversed      also vote on query time + reference time, the line a copy played backwards lies on
 */
public record HoughVotingConfig(double minSimilarity, int maxPeaks, int maxGap, int minLength, double maxOverlap,
                                boolean reversed) {

    // VCSL's HV defaults (100 peaks), except: minSimilarity 0.6, not 0 (unrelated real footage reaches 0.5 with
    // the classic descriptor, the same reason as TemporalNetworkConfig's 0.6); a segment is the run of voting
    // cells on its line, gaps up to 10 steps bridged as TemporalNetworkConfig.maxStep does, not the whole line
    // (VCSL's box spans every cell of the offset, the videos' whole overlap); minLength 3 as the other
    // localizers (VCSL's HV has none); overlap of the smaller box at most 0.3, not IoU at most 0.9 (on 1 s grids a
    // copy lights the neighbouring offsets too, whose boxes have IoU 0.8-0.9 with its own); and reversed lines,
    // which VCSL's HV does not vote on.
    public static final HoughVotingConfig DEFAULT = new HoughVotingConfig(0.6, 100, 10, 3, 0.3, true);

    public HoughVotingConfig {
        if (maxPeaks < 1 || maxGap < 0 || minLength < 1) {
            throw new IllegalArgumentException("maxPeaks and minLength must be at least 1, maxGap at least 0: "
                    + maxPeaks + ", " + minLength + ", " + maxGap);
        }
        if (!(minSimilarity >= -1 && minSimilarity <= 1)) {
            throw new IllegalArgumentException("minSimilarity must be in [-1, 1]: " + minSimilarity);
        }
        if (!(maxOverlap >= 0 && maxOverlap <= 1)) {
            throw new IllegalArgumentException("maxOverlap must be in [0, 1]: " + maxOverlap);
        }
    }
}
