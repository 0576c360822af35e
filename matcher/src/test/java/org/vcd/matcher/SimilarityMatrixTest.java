package org.vcd.matcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.vcd.ingest.VideoFeatures;

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
    void emptyVideoGivesAnEmptyMatrix() {
        VideoFeatures empty = new VideoFeatures(0, new double[0], new float[0][]);
        VideoFeatures one = new VideoFeatures(1, new double[] {0}, new float[][] {X});
        SimilarityMatrix m = SimilarityMatrix.between(empty, one, 1.0);
        assertEquals(0, m.queryLength());
        assertEquals(0, m.values().length);
    }
}
