package org.vcd.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.vcd.detector.PlantedMatrices.assertCopies;
import static org.vcd.detector.PlantedMatrices.matrix;
import static org.vcd.detector.PlantedMatrices.noise;
import static org.vcd.detector.PlantedMatrices.plant;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A copy at another speed crosses a new offset every few steps: found in pieces shorter than minLength, if at all. */
class HoughVotingTest extends LocalizerContract {

    private static final HoughVoting HV = new HoughVoting(HoughVotingConfig.DEFAULT);

    HoughVotingTest() {
        super(HV, false, true, true);
    }

    @Test
    void rewindAfterACopyIsASecondCopy() {
        float[] values = noise(80, 80, 22);
        plant(values, 80, 20, 49, 5, 1.0, 0.6f, 1.0f, 23);
        plant(values, 80, 50, 57, 33, -1.0, 0.6f, 1.0f, 24);
        assertCopies(HV.localize(matrix(80, 80, values)), new double[] {20, 50, 5, 35}, new double[] {50, 58, 26, 34});
    }

    @Test
    void forwardOnlyVotingMissesReversedCopies() {
        float[] values = noise(80, 100, 25);
        plant(values, 100, 20, 39, 60, -1.0, 0.6f, 1.0f, 26);
        HoughVoting forwardOnly = new HoughVoting(new HoughVotingConfig(0.6, 100, 10, 3, 0.3, false));
        assertEquals(List.of(), forwardOnly.localize(matrix(80, 100, values)));
    }

    @Test
    void copiesOnOneOffsetFartherApartThanMaxGapAreTwo() {
        // The same offset twice, 15 steps apart (a loop in the query): two runs on one line.
        float[] values = noise(100, 100, 39);
        plant(values, 100, 10, 29, 20, 1.0, 0.7f, 1.0f, 40);
        plant(values, 100, 45, 64, 55, 1.0, 0.7f, 1.0f, 41);
        assertCopies(HV.localize(matrix(100, 100, values)), new double[] {10, 30, 20, 40},
                new double[] {45, 65, 55, 75});
    }

    @Test
    void rejectsInvalidConfig() {
        assertThrows(IllegalArgumentException.class, () -> new HoughVotingConfig(0.6, 0, 10, 3, 0.3, true));
        assertThrows(IllegalArgumentException.class, () -> new HoughVotingConfig(0.6, 100, -1, 3, 0.3, true));
        assertThrows(IllegalArgumentException.class, () -> new HoughVotingConfig(Double.NaN, 100, 10, 3, 0.3, true));
        assertThrows(IllegalArgumentException.class, () -> new HoughVotingConfig(0.6, 100, 10, 3, 1.5, true));
    }
}
