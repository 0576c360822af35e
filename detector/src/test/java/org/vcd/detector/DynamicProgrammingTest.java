package org.vcd.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.vcd.detector.PlantedMatrices.assertSpans;
import static org.vcd.detector.PlantedMatrices.matrix;
import static org.vcd.detector.PlantedMatrices.noise;
import static org.vcd.detector.PlantedMatrices.plant;

import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class DynamicProgrammingTest extends LocalizerContract {

    private final DynamicProgramming dp = new DynamicProgramming(DynamicProgrammingConfig.DEFAULT);

    @Override
    Localizer localizer() {
        return dp;
    }

    @Override
    boolean findsSpeedChanges() {
        return true;
    }

    /** Paths step forward in both videos. */
    @Override
    boolean findsReversedCopies() {
        return false;
    }

    @Test
    void pauseLongerThanTheDiagonalThresholdSplitsACopy() {
        // The query freezes on reference second 30 for 15 s (rows 30..44), then plays on: the frozen run is cut out.
        float[] values = noise(80, 80, 28);
        plant(values, 80, 20, 30, 20, 1.0, 0.7f, 1.0f, 29);
        plant(values, 80, 31, 44, 30, 0.0, 0.7f, 1.0f, 30);
        plant(values, 80, 45, 60, 31, 1.0, 0.7f, 1.0f, 31);
        List<Segment> found = dp.localize(matrix(80, 80, values));
        assertEquals(2, found.size(), found.toString());
        List<Segment> byQuery = found.stream().sorted(Comparator.comparingDouble(Segment::queryStart)).toList();
        assertSpans(byQuery.get(0), 20, 30, 20, 30);
        assertSpans(byQuery.get(1), 45, 61, 31, 47);
    }

    @Test
    void shortPauseStaysPartOfTheCopy() {
        float[] values = noise(80, 80, 32);
        plant(values, 80, 20, 30, 20, 1.0, 0.7f, 1.0f, 33);
        plant(values, 80, 31, 34, 30, 0.0, 0.7f, 1.0f, 34);
        plant(values, 80, 35, 50, 31, 1.0, 0.7f, 1.0f, 35);
        List<Segment> found = dp.localize(matrix(80, 80, values));
        assertEquals(1, found.size(), found.toString());
        assertSpans(found.get(0), 20, 51, 20, 47);
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
        List<Segment> found = dp.localize(matrix(80, 80, values));
        assertEquals(2, found.size(), found.toString());
        List<Segment> byQuery = found.stream().sorted(Comparator.comparingDouble(Segment::queryStart)).toList();
        assertSpans(byQuery.get(0), 10, 28, 10, 28);
        assertSpans(byQuery.get(1), 32, 50, 32, 50);
    }

    @Test
    void rejectsInvalidConfig() {
        assertThrows(IllegalArgumentException.class, () -> new DynamicProgrammingConfig(-1, 0.6, 3, 10, 100));
        assertThrows(IllegalArgumentException.class, () -> new DynamicProgrammingConfig(3, 1.5, 3, 10, 100));
        assertThrows(IllegalArgumentException.class, () -> new DynamicProgrammingConfig(3, Double.NaN, 3, 10, 100));
        assertThrows(IllegalArgumentException.class, () -> new DynamicProgrammingConfig(3, 0.6, 3, 0, 100));
    }
}
