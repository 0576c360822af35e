package org.vcd.detector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.vcd.domain.Segment;
import org.vcd.domain.SimilarityMatrix;

/**
 * The temporal-network localizer (Tan et al. 2009, the TN baseline of VCSL): each query row's best reference
 * columns become nodes of a DAG whose edges go forward in time on both axes, and the heaviest paths through it
 * are the copied segments.
 */
public final class TemporalNetwork implements Localizer {

    private final TemporalNetworkConfig config;

    public TemporalNetwork(TemporalNetworkConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public List<Segment> localize(SimilarityMatrix m) {
        Nodes nodes = Nodes.of(m, config.topK(), config.minSimilarity());
        int count = nodes.size();
        boolean[] removed = new boolean[count];
        double[] weight = new double[count];
        int[] previous = new int[count];
        int left = count;
        List<Segment> kept = new ArrayList<>();
        for (int path = 0; path < config.maxPaths() && left > 0; path++) {
            int last = heaviestPathEnd(nodes, removed, weight, previous);
            int first = last;
            int length = 0;
            double sum = 0;
            for (int v = last; v >= 0; v = previous[v]) {
                // Removed whether kept or not, so the next round finds a different path.
                removed[v] = true;
                first = v;
                length++;
                sum += nodes.sim[v];
            }
            left -= length;
            if (nodes.row[last] - nodes.row[first] + 1 < config.minLength()
                    || nodes.col[last] - nodes.col[first] + 1 < config.minLength()) {
                continue;
            }
            // Rows and columns both increase along a path, so its first and last nodes span the box.
            Segment segment = m.segment(nodes.row[first], nodes.row[last] + 1, nodes.col[first],
                    nodes.col[last] + 1, Math.min(1, Math.max(0, sum / length)));
            if (kept.stream().allMatch(k -> k.overlap(segment) <= config.maxOverlap())) {
                kept.add(segment);
            }
        }
        kept.sort(Comparator.comparingDouble(Segment::score).reversed());
        return kept;
    }

    /**
     * Fills {@code weight} and {@code previous} with the heaviest path ending at each remaining node and returns
     * the end of the heaviest of all. Nodes are in row order, so a node's predecessors (the previous
     * {@code maxStep} rows, at most {@code topK} nodes each) are one contiguous, already finished run: this costs
     * O(nodes * topK * maxStep), not O(nodes^2).
     */
    private int heaviestPathEnd(Nodes nodes, boolean[] removed, double[] weight, int[] previous) {
        int maxStep = config.maxStep();
        int best = -1;
        for (int v = 0; v < nodes.size(); v++) {
            if (removed[v]) {
                continue;
            }
            int row = nodes.row[v];
            int col = nodes.col[v];
            int predecessor = -1;
            double predecessorWeight = 0;
            for (int u = nodes.rowStart[Math.max(0, row - maxStep)]; u < nodes.rowStart[row]; u++) {
                if (!removed[u] && nodes.col[u] < col && col - nodes.col[u] <= maxStep
                        && weight[u] > predecessorWeight) {
                    predecessor = u;
                    predecessorWeight = weight[u];
                }
            }
            weight[v] = nodes.sim[v] + predecessorWeight;
            previous[v] = predecessor;
            if (best < 0 || weight[v] > weight[best]) {
                best = v;
            }
        }
        return best;
    }

    /** The graph's nodes in row order; row r's nodes are {@code rowStart[r]} to {@code rowStart[r + 1]}. */
    private record Nodes(int[] rowStart, int[] row, int[] col, float[] sim) {

        int size() {
            return sim.length;
        }

        /** Each row's {@code topK} most similar columns with similarity at least {@code minSimilarity}. */
        static Nodes of(SimilarityMatrix m, int topK, double minSimilarity) {
            int k = Math.min(topK, m.referenceLength());
            int[] rowStart = new int[m.queryLength() + 1];
            int[] row = new int[m.queryLength() * k];
            int[] col = new int[row.length];
            float[] sim = new float[row.length];
            int[] bestCols = new int[k];
            float[] bestSims = new float[k];
            int count = 0;
            for (int i = 0; i < m.queryLength(); i++) {
                rowStart[i] = count;
                int size = 0;
                for (int j = 0; j < m.referenceLength(); j++) {
                    float s = m.get(i, j);
                    // Written so that NaN is skipped too.
                    if (!(s >= minSimilarity) || (size == k && s <= bestSims[k - 1])) {
                        continue;
                    }
                    // Insertion into a best-first list of k: k is small, a heap would not pay off.
                    int pos = size < k ? size++ : k - 1;
                    while (pos > 0 && bestSims[pos - 1] < s) {
                        bestSims[pos] = bestSims[pos - 1];
                        bestCols[pos] = bestCols[pos - 1];
                        pos--;
                    }
                    bestSims[pos] = s;
                    bestCols[pos] = j;
                }
                for (int t = 0; t < size; t++, count++) {
                    row[count] = i;
                    col[count] = bestCols[t];
                    sim[count] = bestSims[t];
                }
            }
            rowStart[m.queryLength()] = count;
            return new Nodes(rowStart, Arrays.copyOf(row, count), Arrays.copyOf(col, count),
                    Arrays.copyOf(sim, count));
        }
    }
}
