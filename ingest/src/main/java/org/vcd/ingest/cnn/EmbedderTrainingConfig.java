package org.vcd.ingest.cnn;

/**
 * How {@link EmbedderTrainer} trains: everything that, with the training videos, rebuilds the same weights.
 *
 * @param seed           seeds the initial weights, the batches and every augmentation
 * @param steps          most optimiser steps
 * @param minutes        wall-clock budget for the optimiser steps; training stops at whichever comes first
 * @param batch          frames per step; each gives two augmented views, so the loss compares 2 x batch views
 * @param learningRate   Adam's step size
 * @param temperature    InfoNCE temperature: similarities are divided by it before the softmax
 * @param inputSize      side of the square frames the network takes (and serving asks the decoder for)
 * @param sourceSize     side the training frames are decoded at, larger than the input so crops keep detail
 * @param sampleRate     frames per second decoded from each training video
 * @param nearSeconds    frames of one video closer in time than this are neither positives nor negatives
 */
public record EmbedderTrainingConfig(long seed, int steps, double minutes, int batch, float learningRate,
                                     float temperature, int inputSize, int sourceSize, double sampleRate,
                                     double nearSeconds) {

    public static final EmbedderTrainingConfig DEFAULT =
            new EmbedderTrainingConfig(1, 100_000, 45, 48, 1e-3f, 0.1f, CnnEmbedder.INPUT_SIZE, 128, 2, 4);

    public EmbedderTrainingConfig {
        if (steps < 1 || batch < 2 || !(minutes > 0) || !(learningRate > 0) || !(temperature > 0)) {
            throw new IllegalArgumentException("steps, minutes, learning rate and temperature must be positive, "
                    + "a batch at least 2 frames");
        }
        if (inputSize < 16 || inputSize % 16 != 0 || sourceSize < inputSize) {
            throw new IllegalArgumentException("the input side must be a multiple of 16 and the source side at "
                    + "least as large: " + inputSize + ", " + sourceSize);
        }
        if (!(sampleRate > 0) || !(nearSeconds >= 0)) {
            throw new IllegalArgumentException("sample rate must be positive and the near window non-negative");
        }
    }

    public EmbedderTrainingConfig withSeed(long newSeed) {
        return new EmbedderTrainingConfig(newSeed, steps, minutes, batch, learningRate, temperature, inputSize,
                sourceSize, sampleRate, nearSeconds);
    }

    public EmbedderTrainingConfig withBudget(int newSteps, double newMinutes) {
        return new EmbedderTrainingConfig(seed, newSteps, newMinutes, batch, learningRate, temperature, inputSize,
                sourceSize, sampleRate, nearSeconds);
    }

    public EmbedderTrainingConfig withBatch(int newBatch) {
        return new EmbedderTrainingConfig(seed, steps, minutes, newBatch, learningRate, temperature, inputSize,
                sourceSize, sampleRate, nearSeconds);
    }
}
