package org.vcd.matcher;

/**
 * How candidates are retrieved and matrices built.
 *
 * @param neighbours    stored frames fetched per query frame
 * @param minSimilarity a neighbour below this cosine similarity casts no vote
 * @param candidates    most-voted references passed on to localization
 * @param gridStep      seconds between rows and columns of the similarity matrices
 */
public record MatcherConfig(int neighbours, double minSimilarity, int candidates, double gridStep) {

    public static final MatcherConfig DEFAULT = new MatcherConfig(32, 0.5, 10, 1.0);

    public MatcherConfig {
        if (neighbours < 1 || candidates < 1) {
            throw new IllegalArgumentException("neighbours and candidates must be at least 1");
        }
        if (!(minSimilarity >= -1 && minSimilarity <= 1)) {
            throw new IllegalArgumentException("min similarity must be in [-1, 1]: " + minSimilarity);
        }
        if (!(gridStep > 0)) {
            throw new IllegalArgumentException("grid step must be positive: " + gridStep);
        }
    }
}
