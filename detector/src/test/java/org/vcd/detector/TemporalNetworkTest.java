package org.vcd.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.vcd.detector.PlantedMatrices.assertSpans;
import static org.vcd.detector.PlantedMatrices.matrix;
import static org.vcd.detector.PlantedMatrices.noise;
import static org.vcd.detector.PlantedMatrices.plant;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vcd.domain.Segment;

/** Edges go forward in time on both axes: reversed copies are not found. */
class TemporalNetworkTest extends LocalizerContract {

    private static final TemporalNetwork NETWORK = new TemporalNetwork(TemporalNetworkConfig.DEFAULT);

    TemporalNetworkTest() {
        super(NETWORK, true, false, true);
    }

    @Test
    void shortPathNestedInACopyIsNotASecondCopy() {
        // A self-similar scene lights a short off-diagonal run inside the copy's box (rows 30..36 -> cols 20..26).
        float[] values = noise(100, 80, 11);
        plant(values, 80, 20, 49, 5, 1.0, 0.8f, 1.0f, 12);
        plant(values, 80, 30, 36, 20, 1.0, 0.55f, 0.6f, 13);
        List<Segment> found = NETWORK.localize(matrix(100, 80, values));
        assertEquals(1, found.size(), found.toString());
        assertSpans(found.get(0), 20, 50, 5, 35);
    }

    @Test
    void rewindIsNotJoinedToCopy() {
        // Edges only go forward in both videos: the part played backwards after the copy is not part of it.
        float[] values = noise(80, 80, 22);
        plant(values, 80, 20, 49, 5, 1.0, 0.6f, 1.0f, 23);
        plant(values, 80, 50, 57, 33, -1.0, 0.6f, 1.0f, 24);
        List<Segment> found = NETWORK.localize(matrix(80, 80, values));
        assertEquals(1, found.size(), found.toString());
        assertSpans(found.get(0), 20, 50, 5, 35);
    }

    @Test
    void rejectsInvalidConfig() {
        assertThrows(IllegalArgumentException.class, () -> new TemporalNetworkConfig(0, 10, 10, 0.5, 3, 0.3));
        assertThrows(IllegalArgumentException.class, () -> new TemporalNetworkConfig(5, 10, 10, -0.1, 3, 0.3));
        assertThrows(IllegalArgumentException.class,
                () -> new TemporalNetworkConfig(5, 10, 10, Double.NaN, 3, 0.3));
        assertThrows(IllegalArgumentException.class, () -> new TemporalNetworkConfig(5, 10, 10, 0.5, 3, 1.5));
    }
}
