package org.vcd.train.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcd.detector.spd.DetectorModel;
import org.vcd.detector.spd.GridCopy;
import org.vcd.detector.spd.SegmentDetector;
import org.vcd.detector.spd.SegmentDetectorConfig;
import org.vcd.domain.Segment;
import org.vcd.domain.SimilarityMatrix;
import org.vcd.tensorflow.SavedModels;
import org.vcd.train.TrainingLoop;
import org.vcd.train.TrainingRun;

class DetectorTrainerTest {

    @Test
    void trainsExportsAndServesAModel(@TempDir Path dir) throws Exception {
        Random random = new Random(3);
        List<TrainingMatrix> real = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            real.add(SyntheticMatrices.draw(random, DetectorTrainingConfig.DEFAULT.staticShare()));
        }
        DetectorTrainingConfig config = new DetectorTrainingConfig(new TrainingRun(5, 60, 5, 4, 1e-3f), 0.5, 3f, 5f,
                10, 0.5, 0.5);
        Path model = dir.resolve("model");
        DetectorTrainer.Outcome outcome = DetectorTrainer.train(real, real.subList(0, 2), config, model, line -> { });

        assertEquals(60, outcome.steps());
        assertTrue(Double.isFinite(outcome.finalLoss()) && outcome.finalLoss() > 0, "loss " + outcome.finalLoss());
        for (String file : Stream.concat(SavedModels.FILES.stream(), Stream.of(DetectorModel.FILE)).toList()) {
            assertTrue(Files.size(model.resolve(file)) > 0, file);
        }
        List<String> log = Files.readAllLines(model.resolve(TrainingLoop.LOG));
        assertEquals("step,seconds,loss,objectness_loss,box_loss", log.get(0));
        assertTrue(log.get(1).startsWith("50,"), log.toString());

        DetectorModel description = DetectorModel.read(model);
        assertEquals(60, ((Number) description.training().get("steps")).intValue());
        // That every decoded box lies inside its matrix is SegmentDetectorRawBoxesTest's, on the committed model.
        try (SegmentDetector detector = SegmentDetector.load(model, SegmentDetectorConfig.DEFAULT.withMinScore(0))) {
            SimilarityMatrix matrix =
                    SyntheticMatrices.draw(new Random(9), DetectorTrainingConfig.DEFAULT.staticShare()).matrix();
            assertTrue(detector.localize(matrix).stream().allMatch(s -> s.queryEnd() <= matrix.queryLength()
                    && s.referenceEnd() <= matrix.referenceLength()), "the trained model serves");
        }
    }

    @Test
    void calibrationIsMonotoneAndMatchesCopiesOnce() {
        List<GridCopy> copies = List.of(new GridCopy(10, 30, 10, 30, false));
        boolean[] truth = DetectorTrainer.matches(List.of(new Segment(11, 30, 10, 29, 0.9),
                new Segment(10, 30, 10, 30, 0.8), new Segment(50, 60, 10, 20, 0.7)), copies);
        assertTrue(truth[0]);
        assertTrue(!truth[1], "a copy is found once");
        assertTrue(!truth[2]);
    }

    /** The run's settings are unwrapped into the config's JSON: a new model records its config as the committed did. */
    @Test
    void theRecordedConfigKeepsTheShapeOfTheCommittedModels(@TempDir Path dir) throws Exception {
        new DetectorModel(64, 8, 4, DetectorModel.Calibration.IDENTITY, Map.of("config", DetectorTrainingConfig.DEFAULT))
                .write(dir);
        Map<?, ?> committed = (Map<?, ?>) DetectorModel.read(SegmentDetector.unpackDefault()).training().get("config");
        Map<Object, Object> written =
                new LinkedHashMap<>((Map<?, ?>) DetectorModel.read(dir).training().get("config"));
        assertEquals(List.copyOf(committed.keySet()), List.copyOf(written.keySet()), "the same keys in the same order");
        // The committed model was trained with the default recipe but for its time budget (--minutes 20).
        Map<Object, Object> recipe = new LinkedHashMap<>(committed);
        recipe.remove("minutes");
        written.remove("minutes");
        assertEquals(recipe.toString(), written.toString());
    }
}
