package org.vcd.detector;

/**
 * Hyper-parameters of the {@link DynamicProgramming} localizer; the names follow VCSL's {@code DP}.
 *
 * @param discontinue       most consecutive unmatched cells a path may cross; one more starts a new path
 * @param minSimilarity     least similarity of a matched cell, in [-1, 1]; the others gain nothing
 * @param minLength         least span of a kept segment, in grid steps on both axes
 * @param diagonalThreshold longest run of a path along one row or one column that is kept as part of a copy; a
 *                          longer run (one video still while the other plays) is cut out and splits the path
 * @param maxPaths          most paths extracted, kept or not
 */
public record DynamicProgrammingConfig(int discontinue, double minSimilarity, int minLength, int diagonalThreshold,
                                       int maxPaths) {

    // VCSL's DP defaults (discontinue 3, diagonal threshold 10, 100 paths), except: minSimilarity 0.6, not -0.8
    // (VCSL's 0.2 on similarities shifted by +1; unrelated real footage reaches 0.5 with the classic descriptor, the
    // same reason as TemporalNetworkConfig's 0.6), with VCSL's least mean similarity of a path (ave_sim 0.3) left
    // out: every matched cell is above minSimilarity already; and minLength 3, not 5 (copies as short as 3 s must
    // be found).
    public static final DynamicProgrammingConfig DEFAULT = new DynamicProgrammingConfig(3, 0.6, 3, 10, 100);

    public DynamicProgrammingConfig {
        if (discontinue < 0 || minLength < 1 || diagonalThreshold < 1 || maxPaths < 1) {
            throw new IllegalArgumentException("discontinue must be at least 0, minLength, diagonalThreshold and"
                    + " maxPaths at least 1: " + discontinue + ", " + minLength + ", " + diagonalThreshold + ", "
                    + maxPaths);
        }
        if (!(minSimilarity >= -1 && minSimilarity <= 1)) {
            throw new IllegalArgumentException("minSimilarity must be in [-1, 1]: " + minSimilarity);
        }
    }
}
