package org.vcd.train.detector;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.vcd.train.TrainingRun;

/**
 * How {@link DetectorTrainer} trains: everything that, with the training matrices, rebuilds the same weights.
 *
 * @param run           seed, steps, time budget, tiles per step and Adam's step size; the seed also draws the
 *                      synthetic matrices and the tiles
 * @param realShare     share of a batch's tiles cut from real matrices (the rest are synthetic), when there are any
 * @param positiveWeight weight of a copy's centre cell in the objectness loss (few cells hold a copy)
 * @param boxWeight     weight of the box regression against objectness
 * @param syntheticHeldOut synthetic matrices (of another seed) added to the held-out ones for calibration
 * @param sparseShare   share of tiles cut from a matrix with sparse reference keyframes (see TileSampler.sparse);
 *                      0 in the committed model: 0.4 with 15,000 steps gained a point at 0.27 frames per second and
 *                      lost 0.4 at 1 fps (docs/BENCHMARKS.md)
 * @param staticShare   share of synthetic copies of near-static footage (SyntheticMatrices.Shape: still blocks, slow
 *                      pans, loops) rather than lines, in training and calibration draws; 0 in the committed model:
 *                      with 0.25 two seeds scored lower F1 than the same recipe without them on both of the training
 *                      split's validation benchmarks, with more false alarms (docs/BENCHMARKS.md)
 */
public record DetectorTrainingConfig(@JsonUnwrapped TrainingRun run, double realShare, float positiveWeight,
                                     float boxWeight, int syntheticHeldOut, double sparseShare, double staticShare) {

    public static final DetectorTrainingConfig DEFAULT =
            new DetectorTrainingConfig(new TrainingRun(1, 6000, 40, 32, 1e-3f), 0.5, 3f, 5f, 400, 0, 0);

    public DetectorTrainingConfig {
        if (syntheticHeldOut < 0) {
            throw new IllegalArgumentException("syntheticHeldOut cannot be negative: " + syntheticHeldOut);
        }
        for (double share : new double[] {realShare, sparseShare, staticShare}) {
            if (!(share >= 0 && share <= 1)) {
                throw new IllegalArgumentException("realShare, sparseShare and staticShare must be in [0, 1]: "
                        + realShare + ", " + sparseShare + ", " + staticShare);
            }
        }
    }

    public DetectorTrainingConfig withRun(TrainingRun newRun) {
        return new DetectorTrainingConfig(newRun, realShare, positiveWeight, boxWeight, syntheticHeldOut,
                sparseShare, staticShare);
    }
}
