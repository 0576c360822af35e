package org.vcd.ingest.cnn;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

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

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public EmbedderModel {
        if (inputSize < 16 || dimension < 1) {
            throw new IllegalArgumentException("an embedder takes frames of at least 16 px and gives vectors: "
                    + inputSize + ", " + dimension);
        }
        training = Map.copyOf(training);
    }

    static EmbedderModel read(Path folder) throws IOException {
        return JSON.readValue(folder.resolve(FILE).toFile(), EmbedderModel.class);
    }

    public void write(Path folder) throws IOException {
        JSON.writeValue(folder.resolve(FILE).toFile(), this);
    }
}
