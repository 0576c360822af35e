package org.vcd.domain;

import java.util.List;
import java.util.Objects;
import org.vcd.domain.VideoFeatures;

/**
 * Cosine similarities between a query and a reference on uniform time grids: row i is the query at
 * {@code i * queryStep} seconds, column j the reference at {@code j * referenceStep} seconds.
 * Where frames were stored sparsely, a stored frame holds until the next one.
 *
 * @param values row-major, {@code queryLength * referenceLength} entries in [-1, 1]
 */
public record SimilarityMatrix(int queryLength, int referenceLength, float[] values,
                               double queryStep, double referenceStep) {

    public SimilarityMatrix {
        Objects.requireNonNull(values, "values");
        if (queryLength < 0 || referenceLength < 0 || values.length != queryLength * referenceLength) {
            throw new IllegalArgumentException("matrix of " + queryLength + "x" + referenceLength
                    + " cannot hold " + values.length + " values");
        }
        if (!(queryStep > 0) || !(referenceStep > 0)) {
            throw new IllegalArgumentException("grid steps must be positive");
        }
    }

    public float get(int query, int reference) {
        return values[query * referenceLength + reference];
    }

    /**
     * The segment, in seconds, covered by query rows {@code [rowStart, rowEnd)} and reference columns
     * {@code [columnStart, columnEnd)} of this matrix (cell edges: the run of rows i to k is {@code [i, k + 1)}). Row i
     * shows the query at {@code i * queryStep}, and a copy that starts between two samples starts, on average, half a
     * step before the first one that shows it; likewise it ends half a step after the last. So each end is moved half
     * a step outwards from the run's first and last sample times: reporting the first sample's time and one step after
     * the last one's made both ends late by half a step on average, which cost short copies a large share of their
     * overlap.
     */
    public Segment segment(double rowStart, double rowEnd, double columnStart, double columnEnd, double score) {
        return new Segment(time(rowStart, queryStep), time(rowEnd, queryStep), time(columnStart, referenceStep),
                time(columnEnd, referenceStep), score);
    }

    /** The time of a cell edge: half a step before the sample whose cell starts there, never before 0. */
    private static double time(double edge, double step) {
        return Math.max(0, (edge - 0.5) * step);
    }

    /** The cell edge of a time on a grid of {@code step} seconds: the inverse of {@link #segment}'s mapping. */
    public static double edge(double time, double step) {
        return time / step + 0.5;
    }

    /**
     * The similarity matrix of two videos' frames resampled onto grids of {@code step} seconds. A stored keyframe
     * fills several grid points when keyframes are sparser than the grid, so each pair of frames is compared once
     * and its similarity copied to every cell it fills.
     */
    public static SimilarityMatrix between(VideoFeatures query, VideoFeatures reference, double step) {
        int[] q = onGrid(query, step);
        int[] r = onGrid(reference, step);
        float[] values = new float[q.length * r.length];
        float[] row = new float[reference.frameCount()];
        for (int i = 0; i < q.length; i++) {
            if (i > 0 && q[i] == q[i - 1]) {
                System.arraycopy(values, (i - 1) * r.length, values, i * r.length, r.length);
                continue;
            }
            float[] frame = query.vectors()[q[i]];
            if (VideoFeatures.isBlank(frame)) {
                continue; // matches nothing: the row stays 0 (most rows of a region view, which few frames have)
            }
            for (int j = 0; j < r.length; j++) {
                if (j == 0 || r[j] != r[j - 1]) { // grid frames are in time order, so repeats are neighbours
                    row[r[j]] = VideoFeatures.dot(frame, reference.vectors()[r[j]]);
                }
                values[i * r.length + j] = row[r[j]];
            }
        }
        return new SimilarityMatrix(q.length, r.length, values, step, step);
    }

    /**
     * A query's similarity matrix with a reference when the query is seen in several views of the same frames (as
     * decoded, mirrored, cut to a region): each cell is the best of the views' similarities, so a mirrored copy lights
     * the same line a plain copy does, and which view that was.
     *
     * @param views for each cell (row-major, as the matrix's values), the index of the view that gave its similarity;
     *              the earlier view where views tie
     */
    public record BestOfViews(SimilarityMatrix matrix, byte[] views) {

        public BestOfViews {
            if (views.length != matrix.values().length) {
                throw new IllegalArgumentException(views.length + " view indexes for " + matrix.values().length
                        + " cells");
            }
        }

        public int view(int query, int reference) {
            return views[query * matrix.referenceLength() + reference];
        }
    }

    /**
     * As {@link #between(VideoFeatures, VideoFeatures, double)} for a query seen in several views of the same frames
     * at the same times (at most 127 views: their indexes are kept in a byte per cell).
     */
    public static BestOfViews between(List<VideoFeatures> views, VideoFeatures reference, double step) {
        if (views.isEmpty() || views.size() > Byte.MAX_VALUE) {
            throw new IllegalArgumentException("1 to " + Byte.MAX_VALUE + " views, not " + views.size());
        }
        SimilarityMatrix best = between(views.get(0), reference, step);
        byte[] which = new byte[best.values.length];
        for (int v = 1; v < views.size(); v++) {
            float[] cells = between(views.get(v), reference, step).values;
            if (cells.length != best.values.length) {
                throw new IllegalArgumentException("view " + v + " is not on the first view's grid");
            }
            for (int i = 0; i < cells.length; i++) {
                if (cells[i] > best.values[i]) {
                    best.values[i] = cells[i]; // best is this method's own matrix: no caller has seen it yet
                    which[i] = (byte) v;
                }
            }
        }
        return new BestOfViews(best, which);
    }

    /** The index of the frame shown at each grid time: the last frame at or before it (the first frame before any). */
    public static int[] onGrid(VideoFeatures video, double step) {
        if (video.frameCount() == 0) {
            return new int[0];
        }
        int points = Math.max(1, (int) Math.ceil(video.durationSeconds() / step - 1e-9));
        int[] grid = new int[points];
        double[] t = video.timestamps();
        int frame = 0;
        for (int i = 0; i < points; i++) {
            double time = i * step + 1e-9;
            while (frame + 1 < t.length && t[frame + 1] <= time) {
                frame++;
            }
            grid[i] = frame;
        }
        return grid;
    }
}
