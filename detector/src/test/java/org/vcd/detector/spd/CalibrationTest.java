package org.vcd.detector.spd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CalibrationTest {

    private final DetectorModel.Calibration calibration =
            new DetectorModel.Calibration(new double[] {0.2, 0.5, 0.9}, new double[] {0.1, 0.6, 0.95});

    @Test
    void interpolatesBetweenKnotsAndHoldsPastTheLast() {
        assertEquals(0.35, calibration.apply(0.35), 1e-9);
        assertEquals(0.6, calibration.apply(0.5), 1e-9);
        assertEquals(0.95, calibration.apply(0.99), 1e-9);
        assertEquals(0.05, calibration.apply(0.1), 1e-9);
        assertEquals(0, calibration.apply(0), 1e-9);
    }

    @Test
    void mustIncrease() {
        assertThrows(IllegalArgumentException.class,
                () -> new DetectorModel.Calibration(new double[] {0.5, 0.4}, new double[] {0.1, 0.2}));
        assertThrows(IllegalArgumentException.class,
                () -> new DetectorModel.Calibration(new double[] {0.4, 0.5}, new double[] {0.3, 0.2}));
        assertThrows(IllegalArgumentException.class,
                () -> new DetectorModel.Calibration(new double[] {0.4}, new double[] {1.2}));
    }
}
