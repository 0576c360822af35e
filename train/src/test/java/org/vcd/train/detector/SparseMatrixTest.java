package org.vcd.train.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vcd.domain.SimilarityMatrix;

/** The sparse-keyframe augmentation: each column shows an earlier column, as a store of fewer frames would. */
class SparseMatrixTest {

    @Test
    void everyColumnShowsTheLastKeptColumnAtOrBeforeIt() {
        int rows = 5;
        int columns = 40;
        float[] values = new float[rows * columns];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) {
                values[i * columns + j] = j + 100 * i; // a column's own number in every row
            }
        }
        SimilarityMatrix dense = new SimilarityMatrix(rows, columns, values, 1, 1);
        Random random = new Random(4);
        for (int trial = 0; trial < 20; trial++) {
            SimilarityMatrix sparse = TileSampler.sparse(dense, random);
            int distinct = 0;
            float previous = -1;
            for (int j = 0; j < columns; j++) {
                float shown = sparse.values()[j];
                assertTrue(shown <= j && shown >= previous, "column " + j + " shows column " + shown);
                assertTrue(j - shown < 8, "no gap longer than 8 columns");
                for (int i = 1; i < rows; i++) {
                    assertEquals(shown + 100 * i, sparse.values()[i * columns + j], "one column per column");
                }
                distinct += shown != previous ? 1 : 0;
                previous = shown;
            }
            assertEquals(0, sparse.values()[0], "the first column is always kept");
            assertTrue(distinct < columns, "some columns are held, not kept");
        }
    }
}
