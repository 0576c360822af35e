package org.vcd.ingest.cnn;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.vcd.tensorflow.SavedModels;

/**
 * What travels with a trained embedder's SavedModel, in {@value #FILE}: the input it takes, the vectors it gives,
 * and how it was trained (the config and seed that rebuild it, the steps, time and final loss).
 *
 * @param inputSize side of the square BGR frames the SavedModel's input takes
 * @param dimension length of its L2-normalised output vectors
 * @param training  the training run's settings and results, as written by the trainer
 */
public record EmbedderModel(int inputSize, int dimension, Map<String, Object> training) {

    public static final String FILE = "embedder.json";

    public EmbedderModel {
        if (inputSize < 16 || dimension < 1) {
            throw new IllegalArgumentException("an embedder takes frames of at least 16 px and gives vectors: "
                    + inputSize + ", " + dimension);
        }
        training = Map.copyOf(training);
    }

    static EmbedderModel read(Path folder) throws IOException {
        return SavedModels.readDescription(folder, FILE, EmbedderModel.class);
    }

    public void write(Path folder) throws IOException {
        SavedModels.writeDescription(folder, FILE, this);
    }
}
