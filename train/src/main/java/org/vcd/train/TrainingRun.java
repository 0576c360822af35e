package org.vcd.train;

/**
 * What every trainer's run is made of, whatever it trains: with the training data and the rest of its config, these
 * rebuild the same weights. Each training config holds one, unwrapped into its JSON, so a model's recorded config
 * keeps the shape the committed models' files have.
 *
 * @param seed         seeds the initial weights and every random draw of the run
 * @param steps        most optimiser steps
 * @param minutes      wall-clock budget; training stops at whichever of steps and minutes comes first
 * @param batch        examples per step
 * @param learningRate Adam's step size
 */
public record TrainingRun(long seed, int steps, double minutes, int batch, float learningRate) {

    public TrainingRun {
        if (steps < 1 || batch < 1 || !(minutes > 0) || !(learningRate > 0)) {
            throw new IllegalArgumentException("steps, batch, minutes and learning rate must be positive: " + steps
                    + ", " + batch + ", " + minutes + ", " + learningRate);
        }
    }

    public TrainingRun withSeed(long newSeed) {
        return new TrainingRun(newSeed, steps, minutes, batch, learningRate);
    }

    public TrainingRun withBudget(int newSteps, double newMinutes) {
        return new TrainingRun(seed, newSteps, newMinutes, batch, learningRate);
    }
}
