package org.vcd.train.keyframe;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.vcd.train.TrainingRun;

/**
 * How {@link KeyframeTrainer} trains the learned keyframe selector: everything that, with the training videos and the
 * detector it trains through, rebuilds the same weights.
 *
 * @param run           seed (also of the window sampling), steps, time budget, windows (query x reference) per step
 *                      and Adam's step size
 * @param sampleRate    frames per second of the dense grid references are sampled on and chosen from
 * @param keepRate      target of stored frames per video second, the budget term's aim (forced frames included)
 * @param maxGapSeconds the sparse uniform mask: a frame every this many seconds is always kept (as at inference)
 * @param budgetWeight  weight of the budget term (squared distance of the keep rate from its target)
 * @param copyShare     share of windows placed over a copy (the rest anywhere, pairs without a copy included)
 * @param detectorLearningRate Adam's step size for the detector's weights, trained jointly with the selector's on
 *                      the matrices the kept frames give; 0 keeps the detector frozen
 */
public record KeyframeTrainingConfig(@JsonUnwrapped TrainingRun run, double sampleRate, double keepRate,
                                     double maxGapSeconds, float budgetWeight, double copyShare,
                                     float detectorLearningRate) {

    public static final KeyframeTrainingConfig DEFAULT = new KeyframeTrainingConfig(
            new TrainingRun(1, 3000, 50, 16, 1e-3f), 2, 0.3, 4, 200f, 0.7, 1e-4f);

    public KeyframeTrainingConfig {
        if (!(sampleRate > 0) || !(maxGapSeconds > 0) || !(budgetWeight >= 0)) {
            throw new IllegalArgumentException("sample rate and max gap must be positive, the budget weight not "
                    + "negative");
        }
        if (!(keepRate > 1 / maxGapSeconds && keepRate < sampleRate)) {
            throw new IllegalArgumentException("the keep rate must lie between one frame per max gap ("
                    + 1 / maxGapSeconds + "/s) and the sample rate (" + sampleRate + "/s): " + keepRate);
        }
        if (!(detectorLearningRate >= 0)) {
            throw new IllegalArgumentException("the detector's learning rate cannot be negative: "
                    + detectorLearningRate);
        }
        if (!(copyShare >= 0 && copyShare <= 1)) {
            throw new IllegalArgumentException("copyShare must be in [0, 1]: " + copyShare);
        }
    }

    public KeyframeTrainingConfig withRun(TrainingRun newRun) {
        return new KeyframeTrainingConfig(newRun, sampleRate, keepRate, maxGapSeconds, budgetWeight, copyShare,
                detectorLearningRate);
    }

    /** With another target rate and max gap, together: the rate must exceed one frame per max gap. */
    public KeyframeTrainingConfig withKeyframes(double newKeepRate, double newMaxGapSeconds) {
        return new KeyframeTrainingConfig(run, sampleRate, newKeepRate, newMaxGapSeconds, budgetWeight, copyShare,
                detectorLearningRate);
    }

    /** With the detector trained jointly at {@code rate} (0: frozen). */
    public KeyframeTrainingConfig withDetectorLearningRate(float rate) {
        return new KeyframeTrainingConfig(run, sampleRate, keepRate, maxGapSeconds, budgetWeight, copyShare, rate);
    }
}
