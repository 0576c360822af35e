package org.vcd.detector.spd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.vcd.domain.SimilarityMatrix;

class DetectorInputTest {

    @Test
    void brightestSeesOnlyTheCellsOfItsTile() {
        int rows = 100;
        int columns = 70;
        float[] values = new float[rows * columns];
        values[10 * columns + 5] = 0.9f;   // in the first full-resolution tile only
        values[80 * columns + 66] = 0.4f;  // in the tiles starting at row 32 and 36 (and the downscaled pass)
        DetectorInput input = DetectorInput.of(new SimilarityMatrix(rows, columns, values, 1, 1));
        assertEquals(0.9f, input.brightest(new Tile(0, 0, 1), 64));
        assertEquals(0.4f, input.brightest(new Tile(36, 6, 1), 64));
        assertEquals(0.0f, input.brightest(new Tile(36, 0, 1), 32));
        assertEquals(0.9f, input.brightest(new Tile(0, 0, 2), 64));
        assertEquals(-1f, input.brightest(new Tile(100, 0, 1), 64), "a tile past the matrix holds no cell");
    }
}
