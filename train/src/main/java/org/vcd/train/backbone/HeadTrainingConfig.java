package org.vcd.train.backbone;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.vcd.train.TrainingRun;

/**
 * How {@link ProjectionHead} is trained on the frozen trunk's pooled features: everything that, with the training
 * frames and images, rebuilds the same weights.
 *
 * @param run         seed (of the views, the batches and the initial weights), steps, time budget for the optimiser
 *                    steps, frames per step (two views each) and Adam's step size
 * @param sourceSize  side the training frames and images are held at, larger than the trunk's input so crops keep
 *                    detail
 * @param views       augmented views made of each frame (the trunk runs once on each, and on the plain frame)
 * @param hidden      width of the hidden layer (ReLU) of the correction added to the linear projection; 0 trains the
 *                    linear projection alone
 * @param temperature InfoNCE temperature
 * @param nearSeconds frames of one video closer in time than this are neither positives nor negatives
 */
public record HeadTrainingConfig(@JsonUnwrapped TrainingRun run, int sourceSize, int views, int hidden,
                                 float temperature, double nearSeconds) {

    public static final HeadTrainingConfig DEFAULT = new HeadTrainingConfig(
            new TrainingRun(1, 4000, 10, 256, 1e-3f), 256, 4, 512, 0.1f, 4);

    public HeadTrainingConfig {
        if (run.batch() < 2 || views < 1 || hidden < 0 || !(temperature > 0) || !(nearSeconds >= 0)) {
            throw new IllegalArgumentException("a batch of at least 2, at least one view, a non-negative hidden "
                    + "width and near window, a positive temperature");
        }
    }

    public HeadTrainingConfig withRun(TrainingRun newRun) {
        return new HeadTrainingConfig(newRun, sourceSize, views, hidden, temperature, nearSeconds);
    }

    public HeadTrainingConfig withHidden(int newHidden) {
        return new HeadTrainingConfig(run, sourceSize, views, newHidden, temperature, nearSeconds);
    }
}
