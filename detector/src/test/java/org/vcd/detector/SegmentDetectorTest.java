package org.vcd.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vcd.detector.PlantedMatrices.assertSpans;
import static org.vcd.detector.PlantedMatrices.matrix;
import static org.vcd.detector.PlantedMatrices.noise;
import static org.vcd.detector.PlantedMatrices.plant;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vcd.detector.spd.SegmentDetector;
import org.vcd.detector.spd.SegmentDetectorConfig;
import org.vcd.domain.Segment;

/** The committed segment detector model, through DJL, on the planted copies every localizer is held to. */
class SegmentDetectorTest extends LocalizerContract {

    private static final SegmentDetector SPD = SegmentDetector.loadDefault(SegmentDetectorConfig.DEFAULT);

    SegmentDetectorTest() {
        super(SPD, true, true, false);
    }

    @Test
    void describesHowItWasTrained() {
        var training = SPD.description().training();
        assertTrue(training.containsKey("config") && training.containsKey("steps"), training.toString());
        assertTrue(SPD.description().calibration().raw().length >= 2, "a fitted calibration");
    }

    @Test
    void findsACopyLongerThanATile() {
        // 150 s copied whole: longer than two tiles, yet one segment from its pieces in several tiles.
        float[] values = noise(200, 220, 41);
        plant(values, 220, 30, 179, 40, 1.0, 0.6f, 1.0f, 42);
        List<Segment> found = SPD.localize(matrix(200, 220, values));
        assertEquals(1, found.size(), found.toString());
        assertSpans(found.get(0), 30, 180, 40, 190);
    }

    @Test
    void findsACopyWhereMostTilesAreTooDarkToRun() {
        // Unrelated frames all below the dim line: only the tiles the copy crosses (and the downscaled pass) run.
        float[] values = noise(180, 300, 43);
        for (int k = 0; k < values.length; k++) {
            values[k] *= 0.5f;
        }
        plant(values, 300, 100, 139, 220, 1.0, 0.6f, 1.0f, 44);
        List<Segment> found = SPD.localize(matrix(180, 300, values));
        assertEquals(1, found.size(), found.toString());
        assertSpans(found.get(0), 100, 140, 220, 260);
    }
}
