package org.vcd.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vcd.detector.PlantedMatrices.assertSpans;
import static org.vcd.detector.PlantedMatrices.block;
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

    @Test
    void findsACopyInALongReferenceAndNoneOfItsLookAlikes() {
        // A 3-minute copy inside a 22-minute reference. The copied frames also look like two other stretches of the
        // reference (the same still scene at other times): bright blocks, but dimmer than the copy's own line.
        int rows = 300;
        int cols = 1320;
        float[] values = noise(rows, cols, 51);
        block(values, cols, 60, 240, 300, 480, 0.55f, 0.7f, 52);
        block(values, cols, 100, 160, 1100, 1160, 0.55f, 0.7f, 53);
        plant(values, cols, 60, 239, 800, 1.0, 0.75f, 0.95f, 54);
        double[] gaps = SegmentDetectorConfig.LOOK_ALIKE_GAPS;
        List<Segment> found = SegmentDetector.loadDefault(SegmentDetectorConfig.DEFAULT.withLookAlikeGaps(gaps[0],
                gaps[1])).localize(matrix(rows, cols, values));
        assertEquals(1, found.size(), found.toString());
        assertSpans(found.get(0), 60, 240, 800, 980);
    }

    @Test
    void reportsALoneBlockWithItsSpans() {
        // A plain copy of a title card: 20 s of query alike to 20 s of reference, every frame to every frame.
        float[] values = noise(120, 600, 55);
        block(values, 600, 50, 70, 400, 420, 0.85f, 0.95f, 56);
        List<Segment> found = SPD.localize(matrix(120, 600, values));
        assertEquals(1, found.size(), found.toString());
        // A block has no line to fit, so its slope is a guess: its ends are held to two steps, not one.
        assertSpans(found.get(0), 50, 70, 400, 420, 2);
    }
}
