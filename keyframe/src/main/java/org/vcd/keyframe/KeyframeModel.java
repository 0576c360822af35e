package org.vcd.keyframe;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.vcd.tensorflow.SavedModels;

/**
 * What travels with a trained keyframe selector's SavedModel, in {@value #FILE}: the features it reads, the dense
 * grid it chooses from, how it turns keep-probabilities into keyframes, and how it was trained.
 *
 * @param embedder      name of the embedder whose vectors it was trained on (it reads no other)
 * @param dimension     length of those vectors
 * @param sampleRate    frames per second of the dense grid it chooses from
 * @param threshold     keep-probability at which a frame is kept
 * @param maxGapSeconds longest a kept frame may stand for before the next frame is kept anyway
 * @param training      the training run's settings and results, as written by the trainer
 */
public record KeyframeModel(String embedder, int dimension, double sampleRate, double threshold,
                            double maxGapSeconds, Map<String, Object> training) {

    public static final String FILE = "keyframes.json";

    public KeyframeModel {
        if (dimension < 1 || !(sampleRate > 0) || !(threshold > 0 && threshold < 1) || !(maxGapSeconds > 0)) {
            throw new IllegalArgumentException("a keyframe model needs a dimension, a positive rate and gap and a "
                    + "threshold in (0, 1): " + dimension + ", " + sampleRate + ", " + maxGapSeconds + ", "
                    + threshold);
        }
        training = Map.copyOf(training);
    }

    public KeyframeModel withThreshold(double newThreshold) {
        return new KeyframeModel(embedder, dimension, sampleRate, newThreshold, maxGapSeconds, training);
    }

    public static KeyframeModel read(Path folder) throws IOException {
        return SavedModels.readDescription(folder, FILE, KeyframeModel.class);
    }

    public void write(Path folder) throws IOException {
        SavedModels.writeDescription(folder, FILE, this);
    }
}
