package org.vcd.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vcd.domain.VideoFeatures;

class SimilarityMatrixTest {

    private static final float[] X = {1, 0};
    private static final float[] Y = {0, 1};

    @Test
    void keyframesHoldUntilTheNextOneOnTheGrid() {
        // Reference keyframes at 0 s and 2.5 s of a 4 s video: grid columns 0,1,2 show X, column 3 shows Y.
        VideoFeatures reference = new VideoFeatures(4, new double[] {0, 2.5}, new float[][] {X, Y});
        VideoFeatures query = new VideoFeatures(2, new double[] {0, 1}, new float[][] {Y, X});
        SimilarityMatrix m = SimilarityMatrix.between(query, reference, 1.0);
        assertEquals(2, m.queryLength());
        assertEquals(4, m.referenceLength());
        assertEquals(0f, m.get(0, 0));
        assertEquals(1f, m.get(0, 3));
        assertEquals(1f, m.get(1, 2));
        assertEquals(0f, m.get(1, 3));
    }

    @Test
    void withAMirroredViewEachCellIsTheBetterOfTheTwoSimilarities() {
        float[] z = {-1, 0};
        VideoFeatures reference = new VideoFeatures(3, new double[] {0, 1, 2}, new float[][] {X, Y, z});
        VideoFeatures decoded = new VideoFeatures(3, new double[] {0, 1, 2}, new float[][] {X, z, Y});
        VideoFeatures mirrored = new VideoFeatures(3, new double[] {0, 1, 2}, new float[][] {z, Y, z});
        SimilarityMatrix plain = SimilarityMatrix.between(decoded, reference, 1.0);
        SimilarityMatrix flipped = SimilarityMatrix.between(mirrored, reference, 1.0);
        SimilarityMatrix.BestOfViews bestOfViews = SimilarityMatrix.between(List.of(decoded, mirrored), reference, 1.0);
        SimilarityMatrix both = bestOfViews.matrix();
        // Query frame 1 is the reference's frame 1 only when mirrored: the line's cell is lit by the mirrored view.
        assertEquals(0f, plain.get(1, 1));
        assertEquals(1f, both.get(1, 1));
        assertEquals(1, bestOfViews.view(1, 1));
        // Where the decoded frame matches and the mirrored one is opposite, the decoded similarity stays.
        assertEquals(-1f, flipped.get(0, 0));
        assertEquals(1f, both.get(0, 0));
        assertEquals(0, bestOfViews.view(0, 0));
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(Math.max(plain.get(i, j), flipped.get(i, j)), both.get(i, j), "cell " + i + "," + j);
                // A tie keeps the earlier view: the decoded one.
                assertEquals(flipped.get(i, j) > plain.get(i, j) ? 1 : 0, bestOfViews.view(i, j),
                        "cell " + i + "," + j);
            }
        }
        assertEquals(plain.get(2, 0), SimilarityMatrix.between(List.of(decoded), reference, 1.0).matrix().get(2, 0));
        VideoFeatures shorter = new VideoFeatures(2, new double[] {0, 1}, new float[][] {X, Y});
        assertThrows(IllegalArgumentException.class,
                () -> SimilarityMatrix.between(List.of(decoded, shorter), reference, 1.0));
    }

    @Test
    void everyCellIsTheSimilarityOfTheFramesShownThen() {
        // Keyframes sparser than the grid on one side, denser on the other, at irregular times.
        Random random = new Random(3);
        VideoFeatures query = irregular(random, 30, 0.4);
        VideoFeatures reference = irregular(random, 50, 3.5);
        SimilarityMatrix m = SimilarityMatrix.between(query, reference, 1.0);
        for (int i = 0; i < m.queryLength(); i++) {
            for (int j = 0; j < m.referenceLength(); j++) {
                float expected = 0;
                float[] a = shownAt(query, i);
                float[] b = shownAt(reference, j);
                for (int k = 0; k < a.length; k++) {
                    expected += a[k] * b[k];
                }
                assertEquals(expected, m.get(i, j), 1e-5, i + "," + j);
            }
        }
    }

    private static VideoFeatures irregular(Random random, int frames, double meanGap) {
        double[] times = new double[frames];
        float[][] vectors = new float[frames][];
        for (int i = 1; i < frames; i++) {
            times[i] = times[i - 1] + meanGap * (0.5 + random.nextDouble());
        }
        for (int i = 0; i < frames; i++) {
            vectors[i] = unit(random);
        }
        return new VideoFeatures(times[frames - 1] + meanGap, times, vectors);
    }

    private static float[] unit(Random random) {
        float[] v = new float[16];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        float norm = (float) Math.sqrt(VideoFeatures.dot(v, v));
        for (int i = 0; i < v.length; i++) {
            v[i] /= norm;
        }
        return v;
    }

    /** The last frame at or before {@code second}, by a plain scan. */
    private static float[] shownAt(VideoFeatures video, int second) {
        int shown = 0;
        for (int f = 0; f < video.frameCount(); f++) {
            if (video.timestamps()[f] <= second + 1e-9) {
                shown = f;
            }
        }
        return video.vectors()[shown];
    }

    @Test
    void emptyVideoGivesAnEmptyMatrix() {
        VideoFeatures empty = new VideoFeatures(0, new double[0], new float[0][]);
        VideoFeatures one = new VideoFeatures(1, new double[] {0}, new float[][] {X});
        SimilarityMatrix m = SimilarityMatrix.between(empty, one, 1.0);
        assertEquals(0, m.queryLength());
        assertEquals(0, m.values().length);
    }

    @Test
    void aRunOfCellsCoversHalfAStepBeyondItsSamples() {
        SimilarityMatrix m = new SimilarityMatrix(40, 40, new float[1600], 0.5, 2.0);
        Segment s = m.segment(10, 20, 5, 15, 0.7);
        assertEquals(4.75, s.queryStart(), 1e-12);
        assertEquals(9.75, s.queryEnd(), 1e-12);
        assertEquals(9.0, s.referenceStart(), 1e-12);
        assertEquals(29.0, s.referenceEnd(), 1e-12);
        assertEquals(0.0, m.segment(0, 3, 0, 3, 0.7).queryStart(), 1e-12, "never before the video's start");
        assertEquals(10.0, SimilarityMatrix.edge(s.queryStart(), 0.5), 1e-12);
        assertEquals(15.0, SimilarityMatrix.edge(s.referenceEnd(), 2.0), 1e-12);
    }
}
