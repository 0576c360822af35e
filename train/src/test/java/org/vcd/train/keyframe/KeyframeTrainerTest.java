package org.vcd.train.keyframe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcd.detector.spd.GridCopy;
import org.vcd.detector.spd.SegmentDetector;
import org.vcd.detector.spd.SegmentDetectorConfig;
import org.vcd.domain.SimilarityMatrix;
import org.vcd.domain.VideoFeatures;
import org.vcd.keyframe.KeyframeModel;
import org.vcd.keyframe.LearnedKeyframes;
import org.vcd.tensorflow.SavedModels;
import org.vcd.train.TrainingLoop;
import org.vcd.train.detector.DetectorTrainingConfig;
import org.vcd.train.detector.SyntheticMatrices;

class KeyframeTrainerTest {

    private static final int DIMENSION = 16;

    /**
     * A video sampled at {@code rate} fps: shots of 3 to 8 s, each a random unit vector with a little noise per
     * frame, as the classic descriptor sees a static shot.
     */
    private static VideoFeatures video(Random random, double seconds, double rate) {
        int frames = (int) (seconds * rate);
        double[] t = new double[frames];
        float[][] v = new float[frames][];
        float[] shot = unit(random, null);
        double shotEnd = 3 + random.nextDouble() * 5;
        for (int i = 0; i < frames; i++) {
            t[i] = i / rate;
            if (t[i] >= shotEnd) {
                shot = unit(random, null);
                shotEnd += 3 + random.nextDouble() * 5;
            }
            v[i] = unit(random, shot);
        }
        return new VideoFeatures(seconds, t, v);
    }

    private static float[] unit(Random random, float[] around) {
        float[] v = new float[DIMENSION];
        double norm = 0;
        for (int d = 0; d < DIMENSION; d++) {
            v[d] = (float) ((around == null ? 0 : around[d] * 8) + random.nextGaussian());
            norm += v[d] * v[d];
        }
        for (int d = 0; d < DIMENSION; d++) {
            v[d] /= (float) Math.sqrt(norm);
        }
        return v;
    }

    /** A 1 fps query showing reference seconds [from, from + length) at query time 5 s, filler around it. */
    private static KeyframeExample copyOf(VideoFeatures reference, Random random, double from, int length) {
        int seconds = length + 10;
        double[] t = new double[seconds];
        float[][] v = new float[seconds][];
        VideoFeatures filler = video(random, seconds, 1);
        for (int i = 0; i < seconds; i++) {
            t[i] = i;
            int at = (int) Math.round((from + i - 5) * 2);
            v[i] = i >= 5 && i < 5 + length ? unit(random, reference.vectors()[at]) : filler.vectors()[i];
        }
        VideoFeatures query = new VideoFeatures(seconds, t, v);
        return KeyframeExample.of(List.of(query), reference, 1,
                List.of(new GridCopy(5, 5 + length, from, from + length, false)));
    }

    private static KeyframeTrainingConfig withBudget(int steps, double minutes) {
        KeyframeTrainingConfig defaults = KeyframeTrainingConfig.DEFAULT;
        return defaults.withRun(defaults.run().withBudget(steps, minutes));
    }

    @Test
    void trainsThroughTheCommittedDetectorAndServesASelectorThatKeepsFewerFramesWithinTheMaxGap(@TempDir Path dir)
            throws Exception {
        Random random = new Random(3);
        List<KeyframeExample> examples = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            VideoFeatures reference = video(random, 70, 2);
            for (int q = 0; q < 4; q++) {
                examples.add(copyOf(reference, random, 5 + random.nextInt(40), 10 + random.nextInt(15)));
            }
        }
        Path detector = SegmentDetector.unpackDefault();
        KeyframeTrainingConfig config = withBudget(100, 5);
        KeyframeTrainer.Outcome outcome = KeyframeTrainer.train(examples, detector, "test", config,
                dir.resolve("model"), line -> { });

        assertEquals(100, outcome.steps());
        assertTrue(Double.isFinite(outcome.finalLoss()), "the loss stays finite");
        assertEquals(3, Files.readAllLines(dir.resolve("model").resolve(TrainingLoop.LOG)).size(),
                "a header and a line every 50 steps");
        KeyframeModel model = KeyframeModel.read(dir.resolve("model"));
        assertEquals(DIMENSION, model.dimension());
        assertEquals(2, model.sampleRate());

        try (LearnedKeyframes selector = LearnedKeyframes.load(dir.resolve("model"))) {
            VideoFeatures dense = video(random, 120, 2);
            VideoFeatures kept = selector.select(dense);
            assertEquals(0, kept.timestamps()[0], "the first frame is kept");
            assertEquals(dense.durationSeconds(), kept.durationSeconds());
            assertTrue(kept.frameCount() < dense.frameCount() / 2, kept.frameCount() + " of " + dense.frameCount()
                    + " frames kept: fewer than uniform 1 fps");
            assertTrue(kept.frameCount() >= 120 / config.maxGapSeconds(), "at least a frame every max gap");
            for (int i = 1; i < kept.frameCount(); i++) {
                assertTrue(kept.timestamps()[i] - kept.timestamps()[i - 1] <= config.maxGapSeconds() + 1e-9,
                        "no gap longer than the maximum");
            }
            try (LearnedKeyframes strict = selector.withThreshold(0.99)) {
                assertTrue(strict.select(dense).frameCount() <= kept.frameCount(), "a higher threshold keeps less");
            }
            VideoFeatures otherEmbedder = new VideoFeatures(2, new double[] {0, 1}, new float[][] {new float[8],
                    new float[8]});
            assertThrows(IllegalArgumentException.class, () -> selector.select(otherEmbedder));
        }
        assertTrue(outcome.storedFramesPerSecond() > 0 && outcome.storedFramesPerSecond() < 2);
    }

    @Test
    void trainsTheDetectorJointlyWhenAskedAndWritesItAsADetectorModelOfItsOwn(@TempDir Path dir) throws Exception {
        Random random = new Random(5);
        VideoFeatures reference = video(random, 70, 2);
        List<KeyframeExample> examples = List.of(copyOf(reference, random, 10, 20), copyOf(reference, random, 30, 15));
        Path base = SegmentDetector.unpackDefault();
        Path frozen = dir.resolve("frozen");
        KeyframeTrainer.train(examples, base, "test",
                withBudget(20, 5).withDetectorLearningRate(0), frozen, line -> { });
        assertFalse(Files.exists(frozen.resolve(LearnedKeyframes.JOINT_DETECTOR)), "a frozen detector is not copied");
        try (LearnedKeyframes selector = LearnedKeyframes.load(frozen)) {
            assertTrue(selector.jointDetector().isEmpty());
        }

        Path joint = dir.resolve("joint");
        KeyframeTrainer.train(examples, base, "test",
                withBudget(20, 5).withDetectorLearningRate(1e-3f), joint, line -> { });
        Path trained = joint.resolve(LearnedKeyframes.JOINT_DETECTOR);
        try (LearnedKeyframes selector = LearnedKeyframes.load(joint)) {
            assertEquals(Optional.of(trained), selector.jointDetector(), "the selector knows its detector");
        }
        assertNotEquals(SavedModels.weightsHash(base), SavedModels.weightsHash(trained),
                "the detector's weights were trained");
        try (SegmentDetector detector = SegmentDetector.load(trained, SegmentDetectorConfig.DEFAULT);
             SegmentDetector started = SegmentDetector.load(base, SegmentDetectorConfig.DEFAULT)) {
            assertEquals(started.description().calibration().raw().length,
                    detector.description().calibration().raw().length, "it keeps the calibration it started with");
            SimilarityMatrix matrix =
                    SyntheticMatrices.draw(new Random(1), DetectorTrainingConfig.DEFAULT.staticShare()).matrix();
            assertNotNull(detector.localize(matrix), "it localizes a matrix");
        }
    }

    @Test
    void refusesAFolderThatHoldsNoDetector(@TempDir Path dir) {
        Random random = new Random(1);
        VideoFeatures reference = video(random, 40, 2);
        List<KeyframeExample> examples = List.of(copyOf(reference, random, 5, 10));
        assertThrows(Exception.class, () -> KeyframeTrainer.train(examples, dir, "test",
                withBudget(1, 1), dir.resolve("model"), line -> { }));
    }
}
