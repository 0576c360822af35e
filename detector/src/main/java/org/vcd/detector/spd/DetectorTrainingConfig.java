package org.vcd.detector.spd;

/**
 * How {@link DetectorTrainer} trains: everything that, with the training matrices, rebuilds the same weights.
 *
 * @param seed          seeds the initial weights, the synthetic matrices and the tile sampling
 * @param steps         most optimiser steps
 * @param minutes       wall-clock budget; training stops at whichever of steps and minutes comes first
 * @param batch         tiles per step
 * @param learningRate  Adam's step size
 * @param realShare     share of a batch's tiles cut from real matrices (the rest are synthetic), when there are any
 * @param positiveWeight weight of a copy's centre cell in the objectness loss (few cells hold a copy)
 * @param boxWeight     weight of the box regression against objectness
 * @param syntheticHeldOut synthetic matrices (of another seed) added to the held-out ones for calibration
 * @param sparseShare   share of tiles cut from a matrix with sparse reference keyframes (see TileSampler.sparse);
 *                      0 in the committed model: 0.4 with 15,000 steps gained a point at 0.27 frames per second and
 *                      lost 0.4 at 1 fps (docs/BENCHMARKS.md)
 */
public record DetectorTrainingConfig(long seed, int steps, double minutes, int batch, float learningRate,
                                     double realShare, float positiveWeight, float boxWeight, int syntheticHeldOut,
                                     double sparseShare) {

    public static final DetectorTrainingConfig DEFAULT =
            new DetectorTrainingConfig(1, 6000, 40, 32, 1e-3f, 0.5, 3f, 5f, 400, 0);

    public DetectorTrainingConfig {
        if (steps < 1 || batch < 1 || !(minutes > 0) || !(learningRate > 0) || syntheticHeldOut < 0) {
            throw new IllegalArgumentException("steps, batch, minutes and learning rate must be positive");
        }
        if (!(realShare >= 0 && realShare <= 1) || !(sparseShare >= 0 && sparseShare <= 1)) {
            throw new IllegalArgumentException("realShare and sparseShare must be in [0, 1]: " + realShare + ", "
                    + sparseShare);
        }
    }

    public DetectorTrainingConfig withSeed(long newSeed) {
        return new DetectorTrainingConfig(newSeed, steps, minutes, batch, learningRate, realShare, positiveWeight,
                boxWeight, syntheticHeldOut, sparseShare);
    }

    public DetectorTrainingConfig withBudget(int newSteps, double newMinutes) {
        return new DetectorTrainingConfig(seed, newSteps, newMinutes, batch, learningRate, realShare, positiveWeight,
                boxWeight, syntheticHeldOut, sparseShare);
    }
}
