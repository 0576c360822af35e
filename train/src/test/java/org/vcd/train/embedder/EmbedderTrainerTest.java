package org.vcd.train.embedder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcd.ingest.cnn.CnnEmbedder;
import org.vcd.ingest.cnn.EmbedderModel;
import org.vcd.testdata.SyntheticVideo;
import org.vcd.train.TrainingLoop;
import org.vcd.train.TrainingRun;

/** A tiny training run on generated footage, end to end: decode, train, export, load with DJL, embed. */
class EmbedderTrainerTest {

    @TempDir
    Path work;

    /** Short generated videos, decoded at {@code side} px, 2 fps. */
    static TrainingFrames generatedFrames(Path work, int videos, double seconds, int side) throws IOException {
        List<Path> files = new ArrayList<>();
        for (int v = 0; v < videos; v++) {
            Path file = work.resolve("v" + v + ".mp4");
            SyntheticVideo.write(file, 100 + v, seconds, 160, 120, 10);
            files.add(file);
        }
        return TrainingFrames.decode(files, side, 2, line -> { });
    }

    @Test
    void aFewStepsExportAModelThatDjlServes() throws IOException {
        TrainingFrames frames = generatedFrames(work, 3, 4, 48);
        assertEquals(3, frames.videos());
        assertTrue(frames.size() >= 18, "2 fps of 3 x 4 s: " + frames.size());
        EmbedderTrainingConfig config = new EmbedderTrainingConfig(new TrainingRun(7, 3, 5, 4, 1e-3f), 0.1f, 32, 48,
                2, 1);
        Path out = work.resolve("model");
        EmbedderTrainer.Outcome outcome = EmbedderTrainer.train(frames, config, out, line -> { });

        assertEquals(3, outcome.steps());
        assertTrue(Double.isFinite(outcome.finalLoss()) && outcome.finalLoss() > 0, "loss " + outcome.finalLoss());
        for (String file : List.of("saved_model.pb", "variables/variables.index", EmbedderModel.FILE,
                TrainingLoop.LOG)) {
            assertTrue(Files.isRegularFile(out.resolve(file)), file);
        }
        List<String> log = Files.readAllLines(out.resolve(TrainingLoop.LOG));
        assertEquals("step,seconds,loss,batch_accuracy", log.get(0));
        assertEquals(4, log.size(), "a line per step: " + log);

        try (CnnEmbedder embedder = CnnEmbedder.load(out, "cnn")) {
            assertEquals(32, embedder.inputSize());
            assertEquals(CnnEmbedder.DIMENSION, embedder.dimension());
            assertTrue(embedder.name().matches("cnn-[0-9a-f]{12}"), embedder.name());
            CopyAugmentations shrink = new CopyAugmentations(48, 32);
            List<byte[]> inputs = List.of(shrink.view(frames.frames().get(0), frames.frames().get(1),
                    new Random(1)), shrink.view(frames.frames().get(5), frames.frames().get(1),
                    new Random(2)), new byte[32 * 32 * 3]);
            float[][] vectors = embedder.embed(inputs);
            assertEquals(3, vectors.length);
            for (int i = 0; i < 2; i++) {
                assertEquals(CnnEmbedder.DIMENSION, vectors[i].length);
                double norm = 0;
                for (float x : vectors[i]) {
                    norm += x * x;
                }
                assertEquals(1, Math.sqrt(norm), 1e-4, "unit length");
            }
            assertNotEquals(vectors[0][0], vectors[1][0], "different frames, different vectors");
            for (float x : vectors[2]) {
                assertEquals(0, x, "a black frame matches nothing");
            }

            IllegalArgumentException wrongSize = assertThrows(IllegalArgumentException.class,
                    () -> embedder.embed(List.of(new byte[64 * 64 * 3])));
            assertTrue(wrongSize.getMessage().contains("takes 32x32 BGR frames"), wrongSize.getMessage());
        }
    }

    @Test
    void trainingRefusesFramesOfTheWrongSizeOrOneVideo() throws IOException {
        TrainingFrames frames = generatedFrames(work, 1, 2, 48);
        EmbedderTrainingConfig config = new EmbedderTrainingConfig(new TrainingRun(7, 1, 5, 2, 1e-3f), 0.1f, 32, 48,
                2, 1);
        IllegalArgumentException oneVideo = assertThrows(IllegalArgumentException.class,
                () -> EmbedderTrainer.train(frames, config, work.resolve("m"), line -> { }));
        assertTrue(oneVideo.getMessage().contains("at least two videos"), oneVideo.getMessage());
        EmbedderTrainingConfig larger = new EmbedderTrainingConfig(new TrainingRun(7, 1, 5, 2, 1e-3f), 0.1f, 32, 64,
                2, 1);
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> EmbedderTrainer.train(frames, larger, work.resolve("m"), line -> { }));
        assertTrue(size.getMessage().contains("frames of 48 px"), size.getMessage());
    }
}
