package org.vcd.matcher;

import java.util.Objects;
import org.vcd.ingest.VideoFeatures;

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

    /** The similarity matrix of two videos' frames resampled onto grids of {@code step} seconds. */
    public static SimilarityMatrix between(VideoFeatures query, VideoFeatures reference, double step) {
        float[][] q = onGrid(query, step);
        float[][] r = onGrid(reference, step);
        float[] values = new float[q.length * r.length];
        for (int i = 0; i < q.length; i++) {
            for (int j = 0; j < r.length; j++) {
                values[i * r.length + j] = dot(q[i], r[j]);
            }
        }
        return new SimilarityMatrix(q.length, r.length, values, step, step);
    }

    /** The frame shown at each grid time: the last frame at or before it (the first frame before any). */
    static float[][] onGrid(VideoFeatures video, double step) {
        if (video.frameCount() == 0) {
            return new float[0][];
        }
        int points = Math.max(1, (int) Math.ceil(video.durationSeconds() / step - 1e-9));
        float[][] grid = new float[points][];
        double[] t = video.timestamps();
        int frame = 0;
        for (int i = 0; i < points; i++) {
            double time = i * step + 1e-9;
            while (frame + 1 < t.length && t[frame + 1] <= time) {
                frame++;
            }
            grid[i] = video.vectors()[frame];
        }
        return grid;
    }

    static float dot(float[] a, float[] b) {
        float s = 0;
        for (int k = 0; k < a.length; k++) {
            s += a[k] * b[k];
        }
        return s;
    }
}
