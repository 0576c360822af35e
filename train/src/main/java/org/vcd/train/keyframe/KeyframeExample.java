package org.vcd.train.keyframe;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.vcd.detector.spd.GridCopy;
import org.vcd.domain.SimilarityMatrix;
import org.vcd.domain.VideoFeatures;

/**
 * One query x reference pair for training the keyframe selector: the similarity of each query grid row to each of
 * the reference's densely sampled frames (before any is dropped), which dense frame each reference grid column
 * shows, and the copies the pair truly holds, in grid cells.
 *
 * @param step        seconds between grid rows and columns
 * @param similarity  {@code queryRows x reference.frameCount()}, row-major: the best of the query's views
 * @param gridFrames  for each reference grid column, the dense frame shown at its time
 */
public record KeyframeExample(double step, int queryRows, float[] similarity, VideoFeatures reference,
                              int[] gridFrames, List<GridCopy> copies) {

    public KeyframeExample {
        Objects.requireNonNull(reference, "reference");
        if (similarity.length != queryRows * reference.frameCount()) {
            throw new IllegalArgumentException("similarity must be " + queryRows + " x " + reference.frameCount());
        }
        copies = List.copyOf(copies);
    }

    /**
     * The example of a query (its views, as at check time, on the grid of {@code step} seconds) against a
     * densely sampled reference.
     */
    public static KeyframeExample of(List<VideoFeatures> queryViews, VideoFeatures reference, double step,
                                     List<GridCopy> copies) {
        int[] rows = SimilarityMatrix.onGrid(queryViews.get(0), step);
        int frames = reference.frameCount();
        float[] similarity = new float[rows.length * frames];
        Arrays.fill(similarity, -1);
        for (VideoFeatures view : queryViews) {
            for (int i = 0; i < rows.length; i++) {
                float[] q = view.vectors()[rows[i]];
                for (int k = 0; k < frames; k++) {
                    similarity[i * frames + k] = Math.max(similarity[i * frames + k],
                            VideoFeatures.dot(q, reference.vectors()[k]));
                }
            }
        }
        return new KeyframeExample(step, rows.length, similarity, reference, SimilarityMatrix.onGrid(reference, step),
                copies);
    }
}
