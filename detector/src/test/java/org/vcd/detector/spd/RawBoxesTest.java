package org.vcd.detector.spd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vcd.domain.SimilarityMatrix;

/** What the committed detector's tiles decode to, before any merging (moved here from the detector trainer's test). */
class RawBoxesTest {

    @Test
    void atRawScoreZeroEveryCellOfEveryTileIsDecodedEachBoxInsideTheMatrix() {
        int rows = 90;
        int columns = 150;
        Random random = new Random(9);
        float[] values = new float[rows * columns];
        for (int k = 0; k < values.length; k++) {
            values[k] = (float) (0.2 + 0.1 * random.nextGaussian());
        }
        for (int k = 0; k < 40; k++) {
            values[(20 + k) * columns + 70 + k] = 0.9f;
        }
        SimilarityMatrix matrix = new SimilarityMatrix(rows, columns, values, 1, 1);
        try (SegmentDetector detector = SegmentDetector.loadDefault(SegmentDetectorConfig.DEFAULT.withMinScore(0));
             DetectorInput.Channels channels = new DetectorInput.Channels()) {
            List<List<Box>> boxes = detector.rawBoxes(List.of(channels.of(matrix)), 0);
            int tiles = Tile.covering(matrix.queryLength(), matrix.referenceLength(), Grid.TILE).size();
            assertTrue(!boxes.get(0).isEmpty() && boxes.get(0).size() <= tiles * Grid.CELLS * Grid.CELLS,
                    boxes.toString());
            assertTrue(boxes.get(0).stream().allMatch(b -> b.queryStart() >= 0 && b.queryEnd() <= matrix.queryLength()
                    && b.referenceStart() >= 0 && b.referenceEnd() <= matrix.referenceLength()), boxes.toString());
        }
    }
}
