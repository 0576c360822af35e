package org.vcd.train.embedder;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.vcd.ingest.cnn.CnnEmbedder;
import org.vcd.train.TrainingRun;

/**
 * How {@link EmbedderTrainer} trains: everything that, with the training videos, rebuilds the same weights.
 *
 * @param run            seed (also of the batches and every augmentation), steps, time budget for the optimiser
 *                       steps, frames per step (each gives two augmented views, so the loss compares 2 x batch views;
 *                       at least 2) and Adam's step size
 * @param temperature    InfoNCE temperature: similarities are divided by it before the softmax
 * @param inputSize      side of the square frames the network takes (and serving asks the decoder for)
 * @param sourceSize     side the training frames are decoded at, larger than the input so crops keep detail
 * @param sampleRate     frames per second decoded from each training video
 * @param nearSeconds    frames of one video closer in time than this are neither positives nor negatives
 */
public record EmbedderTrainingConfig(@JsonUnwrapped TrainingRun run, float temperature, int inputSize,
                                     int sourceSize, double sampleRate, double nearSeconds) {

    public static final EmbedderTrainingConfig DEFAULT = new EmbedderTrainingConfig(
            new TrainingRun(1, 100_000, 45, 48, 1e-3f), 0.1f, CnnEmbedder.INPUT_SIZE, 128, 2, 4);

    public EmbedderTrainingConfig {
        if (run.batch() < 2 || !(temperature > 0)) {
            throw new IllegalArgumentException("the temperature must be positive, a batch at least 2 frames");
        }
        if (inputSize < 16 || inputSize % 16 != 0 || sourceSize < inputSize) {
            throw new IllegalArgumentException("the input side must be a multiple of 16 and the source side at "
                    + "least as large: " + inputSize + ", " + sourceSize);
        }
        if (!(sampleRate > 0) || !(nearSeconds >= 0)) {
            throw new IllegalArgumentException("sample rate must be positive and the near window non-negative");
        }
    }

    public EmbedderTrainingConfig withRun(TrainingRun newRun) {
        return new EmbedderTrainingConfig(newRun, temperature, inputSize, sourceSize, sampleRate, nearSeconds);
    }
}
