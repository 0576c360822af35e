package org.vcd.detector;

/**
 * Hyper-parameters of the {@link TemporalNetwork} localizer; the names follow VCSL's {@code TN}.
 *
 * @param topK          reference columns kept per query row as graph nodes
 * @param maxStep       largest jump, in grid steps on each axis, between consecutive nodes of a path
 * @param maxPaths      most paths extracted, kept or not
 * @param minSimilarity least similarity of a node, in [0, 1]; never negative, so extending a path never lowers its weight
 * @param minLength     least span of a kept path, in grid steps on both axes
 * @param maxOverlap    largest share of the smaller box a kept path's box may have in common with any path
 *                      kept before it, in [0, 1] (VCSL's TN uses IoU here; see {@link Segment#overlap})
 */
public record TemporalNetworkConfig(int topK, int maxStep, int maxPaths, double minSimilarity, int minLength,
                                    double maxOverlap) {

    // VCSL's TN defaults, except: minSimilarity 0.6, not 0.2 (unrelated real footage reaches 0.5 with the classic
    // descriptor and chains into false paths through static shots), and minLength 3, not 5 (copies as short as
    // 3 s must be found).
    public static final TemporalNetworkConfig DEFAULT = new TemporalNetworkConfig(5, 10, 10, 0.6, 3, 0.3);

    public TemporalNetworkConfig {
        if (topK < 1 || maxStep < 1 || maxPaths < 1 || minLength < 1) {
            throw new IllegalArgumentException("topK, maxStep, maxPaths and minLength must be at least 1: "
                    + topK + ", " + maxStep + ", " + maxPaths + ", " + minLength);
        }
        if (!(minSimilarity >= 0 && minSimilarity <= 1)) {
            throw new IllegalArgumentException("minSimilarity must be in [0, 1]: " + minSimilarity);
        }
        if (!(maxOverlap >= 0 && maxOverlap <= 1)) {
            throw new IllegalArgumentException("maxOverlap must be in [0, 1]: " + maxOverlap);
        }
    }
}
