package org.vcd.detector.spd;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.vcd.tensorflow.SavedModels;

/**
 * What travels with a trained detector's SavedModel, in {@value #FILE}: the input geometry it was trained for, the
 * score calibration, and how it was trained (the config and seed that rebuild it, and its validation numbers).
 *
 * @param calibration raw objectness to the share of such detections that were true copies on held-out matrices
 * @param training    the training run's settings and results, as written by the trainer
 */
public record DetectorModel(int tile, int cells, int channels, Calibration calibration, Map<String, Object> training) {

    public static final String FILE = "detector.json";

    public DetectorModel {
        if (tile != Grid.TILE || cells != Grid.CELLS || channels != DetectorInput.CHANNELS) {
            throw new IllegalArgumentException("a detector for " + tile + " px tiles, " + cells + " cells and "
                    + channels + " channels; this code reads " + Grid.TILE + ", " + Grid.CELLS + " and "
                    + DetectorInput.CHANNELS);
        }
    }

    public static DetectorModel read(Path folder) throws IOException {
        return SavedModels.readDescription(folder, FILE, DetectorModel.class);
    }

    public void write(Path folder) throws IOException {
        SavedModels.writeDescription(folder, FILE, this);
    }

    /**
     * A monotone map from raw objectness to calibrated score, linear between knots; below the first knot the
     * score scales down to 0 at raw 0, above the last it stays at the last value.
     *
     * @param raw        increasing raw scores
     * @param calibrated non-decreasing scores in [0, 1], one per knot
     */
    public record Calibration(double[] raw, double[] calibrated) {

        public static final Calibration IDENTITY = new Calibration(new double[] {0, 1}, new double[] {0, 1});

        public Calibration {
            if (raw.length == 0 || raw.length != calibrated.length) {
                throw new IllegalArgumentException("calibration needs as many scores as knots, at least one");
            }
            for (int k = 0; k < raw.length; k++) {
                if (k > 0 && !(raw[k] > raw[k - 1] && calibrated[k] >= calibrated[k - 1])) {
                    throw new IllegalArgumentException("calibration must increase: knot " + k);
                }
                if (!(calibrated[k] >= 0 && calibrated[k] <= 1)) {
                    throw new IllegalArgumentException("calibrated scores must be in [0, 1]: " + calibrated[k]);
                }
            }
        }

        public double apply(double score) {
            if (score <= raw[0]) {
                return raw[0] <= 0 ? calibrated[0] : calibrated[0] * Math.max(0, score) / raw[0];
            }
            for (int k = 1; k < raw.length; k++) {
                if (score <= raw[k]) {
                    double f = (score - raw[k - 1]) / (raw[k] - raw[k - 1]);
                    return calibrated[k - 1] + f * (calibrated[k] - calibrated[k - 1]);
                }
            }
            return calibrated[calibrated.length - 1];
        }
    }
}
