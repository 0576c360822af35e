package org.vcd.detector;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.vcd.detector.PlantedMatrices.assertCopies;
import static org.vcd.detector.PlantedMatrices.matrix;
import static org.vcd.detector.PlantedMatrices.noise;
import static org.vcd.detector.PlantedMatrices.plant;

import org.junit.jupiter.api.Test;

/** Paths step forward in both videos: reversed copies are not found. */
class DynamicProgrammingTest extends LocalizerContract {

    private static final DynamicProgramming DP = new DynamicProgramming(DynamicProgrammingConfig.DEFAULT);

    DynamicProgrammingTest() {
        super(DP, true, false, true);
    }

    /** A copy whose query freezes on reference second 30 for {@code frozenRows} rows from row 31, then plays on. */
    private static float[] frozenCopy(int frozenRows, long seed) {
        float[] values = noise(80, 80, seed);
        plant(values, 80, 20, 30, 20, 1.0, 0.7f, 1.0f, seed + 1);
        plant(values, 80, 31, 30 + frozenRows, 30, 0.0, 0.7f, 1.0f, seed + 2);
        plant(values, 80, 31 + frozenRows, 46 + frozenRows, 31, 1.0, 0.7f, 1.0f, seed + 3);
        return values;
    }

    @Test
    void pauseLongerThanTheDiagonalThresholdSplitsACopy() {
        // 14 frozen rows, with the last played one 15 cells in one column: more than 10, cut out.
        assertCopies(DP.localize(matrix(80, 80, frozenCopy(14, 28))), new double[] {20, 30, 20, 30},
                new double[] {45, 61, 31, 47});
    }

    @Test
    void shortPauseStaysPartOfTheCopy() {
        assertCopies(DP.localize(matrix(80, 80, frozenCopy(4, 32))), new double[] {20, 51, 20, 47});
    }

    @Test
    void gapLongerThanDiscontinueBreaksAPath() {
        // Four altered frames in a row: more than discontinue (3), so the copy is found as two.
        float[] values = noise(80, 80, 36);
        plant(values, 80, 10, 49, 10, 1.0, 0.7f, 1.0f, 37);
        float[] background = noise(80, 80, 38);
        for (int i = 28; i <= 31; i++) {
            values[i * 80 + i] = background[i * 80 + i];
        }
        assertCopies(DP.localize(matrix(80, 80, values)), new double[] {10, 28, 10, 28}, new double[] {32, 50, 32, 50});
    }

    @Test
    void rejectsInvalidConfig() {
        assertThrows(IllegalArgumentException.class, () -> new DynamicProgrammingConfig(-1, 0.6, 3, 10, 100));
        assertThrows(IllegalArgumentException.class, () -> new DynamicProgrammingConfig(3, 1.5, 3, 10, 100));
        assertThrows(IllegalArgumentException.class, () -> new DynamicProgrammingConfig(3, Double.NaN, 3, 10, 100));
        assertThrows(IllegalArgumentException.class, () -> new DynamicProgrammingConfig(3, 0.6, 3, 0, 100));
    }
}
