package org.vcd.detector.spd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcd.domain.SimilarityMatrix;

class DetectorTrainerTest {

    @Test
    void trainsExportsAndServesAModel(@TempDir Path dir) throws Exception {
        Random random = new Random(3);
        List<TrainingMatrix> real = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            real.add(SyntheticMatrices.draw(random));
        }
        DetectorTrainingConfig config = new DetectorTrainingConfig(5, 60, 5, 4, 1e-3f, 0.5, 3f, 5f, 10, 0.5);
        Path model = dir.resolve("model");
        DetectorTrainer.Outcome outcome = DetectorTrainer.train(real, real.subList(0, 2), config, model, line -> { });

        assertEquals(60, outcome.steps());
        assertTrue(Double.isFinite(outcome.finalLoss()) && outcome.finalLoss() > 0, "loss " + outcome.finalLoss());
        for (String file : SegmentDetector.MODEL_FILES) {
            assertTrue(Files.size(model.resolve(file)) > 0, file);
        }
        List<String> log = Files.readAllLines(model.resolve(DetectorTrainer.LOG));
        assertEquals("step,seconds,loss,objectness_loss,box_loss", log.get(0));
        assertTrue(log.get(1).startsWith("50,"), log.toString());

        DetectorModel description = DetectorModel.read(model);
        assertEquals(60, ((Number) description.training().get("steps")).intValue());
        try (SegmentDetector detector = SegmentDetector.load(model, SegmentDetectorConfig.DEFAULT.withMinScore(0))) {
            // At raw score 0 every cell of every tile is decoded, each box inside the matrix.
            SimilarityMatrix matrix = SyntheticMatrices.draw(new Random(9)).matrix();
            List<List<Box>> boxes = detector.rawBoxes(List.of(DetectorInput.of(matrix)), 0);
            int tiles = Tile.covering(matrix.queryLength(), matrix.referenceLength(), Grid.TILE).size();
            assertTrue(!boxes.get(0).isEmpty() && boxes.get(0).size() <= tiles * Grid.CELLS * Grid.CELLS,
                    boxes.toString());
            assertTrue(boxes.get(0).stream().allMatch(b -> b.queryStart() >= 0 && b.queryEnd() <= matrix.queryLength()
                    && b.referenceStart() >= 0 && b.referenceEnd() <= matrix.referenceLength()), boxes.toString());
        }
    }

    @Test
    void calibrationIsMonotoneAndMatchesCopiesOnce() {
        List<TrainingMatrix.Copy> copies = List.of(new TrainingMatrix.Copy(10, 30, 10, 30, false));
        boolean[] truth = DetectorTrainer.matches(List.of(new Box(11, 30, 10, 29, 0.9), new Box(10, 30, 10, 30, 0.8),
                new Box(50, 60, 10, 20, 0.7)), copies);
        assertTrue(truth[0]);
        assertTrue(!truth[1], "a copy is found once");
        assertTrue(!truth[2]);
    }
}
