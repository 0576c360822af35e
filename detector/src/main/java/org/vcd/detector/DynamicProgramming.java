package org.vcd.detector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.vcd.domain.Segment;
import org.vcd.domain.SimilarityMatrix;

/**
 * The dynamic-programming localizer, VCSL's DP: the mPDP of Chou, Chen and Lee ("Pattern-based near-duplicate
 * video retrieval and localization on web-scale videos", IEEE Trans. Multimedia 2015) as the VCSL benchmark
 * implements it, on the thresholded matrix. A matched cell (at least {@code minSimilarity}) gains similarity + 1,
 * VCSL's shift that keeps gains positive; a diagonal step adds the whole gain, a step along one axis half of it,
 * and a path crossing more than {@code discontinue} unmatched cells in a row starts again. The heaviest path ends
 * are taken in turn, each path's box is closed to later paths, runs along one row or column longer than
 * {@code diagonalThreshold} are cut out, and the pieces long enough are the copies, scored by the mean similarity of
 * their matched cells. Paths only go forward in both videos, so reversed copies are not found.
 *
 * <p>VCSL gives unmatched cells similarity + 1 too. Then a path across unrelated footage earns as much along an axis
 * as diagonally, wanders through a copy's gap of altered frames, uses up its {@code discontinue} there and breaks
 * the copy in two; and a mean over all of a path's cells counts against a 2x copy the cell its path crosses between
 * matched ones at each step. Unmatched cells here gain nothing and are left out of the score.
 */
public final class DynamicProgramming implements Localizer {

    private static final byte START = 0;
    private static final byte DIAGONAL = 1;
    private static final byte QUERY_STEP = 2;
    private static final byte REFERENCE_STEP = 3;

    private final DynamicProgrammingConfig config;

    public DynamicProgramming(DynamicProgrammingConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public List<Segment> localize(SimilarityMatrix m) {
        int rows = m.queryLength();
        int cols = m.referenceLength();
        int cells = rows * cols;
        float[] weight = new float[cells];
        byte[] from = new byte[cells];
        fill(m, weight, from);
        // Only ends of weight > 0 can hold a matched cell, and they all come before the others: the rest would be
        // taken in turn to find nothing. Positive float weights sort by their bits: the heaviest ends come last.
        long[] byWeight = new long[cells];
        int ends = 0;
        for (int k = 0; k < cells; k++) {
            if (weight[k] > 0) {
                byWeight[ends++] = (long) Float.floatToIntBits(weight[k]) << 32 | k;
            }
        }
        Arrays.sort(byWeight, 0, ends);
        boolean[] closed = new boolean[cells];
        List<Segment> found = new ArrayList<>();
        int paths = 0;
        for (int t = ends - 1; t >= 0 && paths < config.maxPaths(); t--) {
            int end = (int) byWeight[t];
            if (closed[end]) {
                continue;
            }
            int[] path = path(end, cols, from, closed);
            close(path, cols, closed);
            paths++;
            for (int[] piece : pieces(path, cols)) {
                Segment segment = segment(m, path, piece[0], piece[1]);
                if (segment != null) {
                    found.add(segment);
                }
            }
        }
        found.sort(Comparator.comparingDouble(Segment::score).reversed());
        return found;
    }

    /** The heaviest path ending at each cell ({@code weight}) and the step it came by ({@code from}). */
    private void fill(SimilarityMatrix m, float[] weight, byte[] from) {
        int cols = m.referenceLength();
        // Unmatched cells at the end of each cell's path; counted past discontinue, so a path that broke stays
        // broken through the unmatched cells after the break.
        int[] unmatched = new int[weight.length];
        for (int i = 0; i < m.queryLength(); i++) {
            for (int j = 0; j < cols; j++) {
                int k = i * cols + j;
                float s = similarity(m, i, j);
                boolean matched = s >= config.minSimilarity();
                float gain = matched ? s + 1 : 0;
                weight[k] = gain;
                from[k] = START;
                if (i == 0 || j == 0) {
                    unmatched[k] = matched ? 0 : 1;
                    continue;
                }
                // Ties go to the diagonal, as VCSL's argmax does: across a gap, where nothing is gained, the
                // shortest way.
                float best = weight[k - cols - 1] + gain;
                byte step = DIAGONAL;
                int previous = k - cols - 1;
                if (weight[k - cols] + gain / 2 > best) {
                    best = weight[k - cols] + gain / 2;
                    step = QUERY_STEP;
                    previous = k - cols;
                }
                if (weight[k - 1] + gain / 2 > best) {
                    best = weight[k - 1] + gain / 2;
                    step = REFERENCE_STEP;
                    previous = k - 1;
                }
                unmatched[k] = matched ? 0 : unmatched[previous] + 1;
                if (unmatched[k] <= config.discontinue()) {
                    weight[k] = best;
                    from[k] = step;
                }
            }
        }
    }

    /** Clamped to [-1, 1] with NaN as -1, so every gain is in [0, 2]. */
    private static float similarity(SimilarityMatrix m, int i, int j) {
        float s = m.get(i, j);
        return s >= -1 ? Math.min(s, 1) : -1;
    }

    /** The cells of the path ending at {@code end}, first to last, stopping before any closed cell. */
    private static int[] path(int end, int cols, byte[] from, boolean[] closed) {
        List<Integer> backwards = new ArrayList<>();
        int k = end;
        backwards.add(k);
        while (from[k] != START) {
            int previous = switch (from[k]) {
                case DIAGONAL -> k - cols - 1;
                case QUERY_STEP -> k - cols;
                default -> k - 1;
            };
            if (closed[previous]) {
                break;
            }
            k = previous;
            backwards.add(k);
        }
        int[] path = new int[backwards.size()];
        for (int p = 0; p < path.length; p++) {
            path[p] = backwards.get(path.length - 1 - p);
        }
        return path;
    }

    /** Closes the path's box, as VCSL does, so later paths neither cross nor repeat it. */
    private static void close(int[] path, int cols, boolean[] closed) {
        int firstRow = path[0] / cols;
        int lastRow = path[path.length - 1] / cols;
        int firstCol = path[0] % cols;
        int lastCol = path[path.length - 1] % cols;
        for (int i = firstRow; i <= lastRow; i++) {
            Arrays.fill(closed, i * cols + firstCol, i * cols + lastCol + 1, true);
        }
    }

    /**
     * The path's pieces, {@code [from, to)} in path positions, left when every run of more than
     * {@code diagonalThreshold} cells in one row or one column is cut out.
     */
    private List<int[]> pieces(int[] path, int cols) {
        boolean[] cut = new boolean[path.length];
        cutLongRuns(path, cols, true, cut);
        cutLongRuns(path, cols, false, cut);
        List<int[]> pieces = new ArrayList<>();
        int p = 0;
        while (p < path.length) {
            if (cut[p]) {
                p++;
                continue;
            }
            int start = p;
            while (p < path.length && !cut[p]) {
                p++;
            }
            pieces.add(new int[] {start, p});
        }
        return pieces;
    }

    private void cutLongRuns(int[] path, int cols, boolean sameRow, boolean[] cut) {
        int start = 0;
        for (int p = 1; p <= path.length; p++) {
            boolean continues = p < path.length && (sameRow ? path[p] / cols == path[start] / cols
                    : path[p] % cols == path[start] % cols);
            if (!continues) {
                if (p - start > config.diagonalThreshold()) {
                    Arrays.fill(cut, start, p, true);
                }
                start = p;
            }
        }
    }

    /**
     * The copy the piece {@code [from, to)} of the path shows, or null when it is too short.
     * Unmatched cells at its ends are dropped first: they bridge nothing (VCSL keeps them, which stretches a copy's
     * box by up to {@code discontinue} steps past each end).
     */
    private Segment segment(SimilarityMatrix m, int[] path, int from, int to) {
        int cols = m.referenceLength();
        while (from < to && !(similarity(m, path[from] / cols, path[from] % cols) >= config.minSimilarity())) {
            from++;
        }
        while (to > from && !(similarity(m, path[to - 1] / cols, path[to - 1] % cols) >= config.minSimilarity())) {
            to--;
        }
        if (from == to) {
            return null;
        }
        int firstRow = path[from] / cols;
        int lastRow = path[to - 1] / cols;
        int firstCol = path[from] % cols;
        int lastCol = path[to - 1] % cols;
        if (lastRow - firstRow + 1 < config.minLength() || lastCol - firstCol + 1 < config.minLength()) {
            return null;
        }
        double sum = 0;
        int matched = 0;
        for (int p = from; p < to; p++) {
            float s = similarity(m, path[p] / cols, path[p] % cols);
            if (s >= config.minSimilarity()) {
                sum += s;
                matched++;
            }
        }
        return m.segment(firstRow, lastRow + 1, firstCol, lastCol + 1, Math.min(1, Math.max(0, sum / matched)));
    }
}
