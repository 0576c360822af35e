package org.vcd.train.detector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.vcd.detector.spd.GridCopy;
import org.vcd.domain.SimilarityMatrix;

/**
 * Similarity matrices drawn at random with copies planted in them, for training: noisy lines of random slope
 * (speed 0.5x to 2x), direction, length and gaps, several per matrix, on structured backgrounds that imitate real
 * footage: scenes (blocks of rows and columns more or less alike), repeated scenes that look like a copy but are
 * not one (bright blocks and short off-diagonal runs), and frames alike to everything (black screens, titles).
 */
public final class SyntheticMatrices {

    private SyntheticMatrices() {
    }

    public static TrainingMatrix draw(Random random) {
        int rows = 6 + random.nextInt(random.nextDouble() < 0.7 ? 70 : 130);
        int columns = 6 + random.nextInt(random.nextDouble() < 0.7 ? 70 : 130);
        float[] values = background(rows, columns, random);
        List<GridCopy> copies = new ArrayList<>();
        int copyCount = pick(random, 0.25, 0.45, 0.2);
        // Copies follow each other on the query axis: one query moment shows one reference moment.
        int row = random.nextInt(Math.max(1, rows / 4));
        for (int c = 0; c < copyCount && row < rows - 3; c++) {
            GridCopy copy = plant(values, rows, columns, row, random);
            if (copy != null) {
                copies.add(copy);
                row = (int) Math.ceil(copy.queryEnd()) + random.nextInt(8);
            }
        }
        return new TrainingMatrix(new SimilarityMatrix(rows, columns, values, 1.0, 1.0), copies);
    }

    /** 0, 1, 2 or 3 with the given probabilities of the first three. */
    private static int pick(Random random, double zero, double one, double two) {
        double u = random.nextDouble();
        return u < zero ? 0 : u < zero + one ? 1 : u < zero + one + two ? 2 : 3;
    }

    private static float[] background(int rows, int columns, Random random) {
        double base = -0.1 + 0.45 * random.nextDouble();
        double noise = 0.02 + 0.1 * random.nextDouble();
        double sceneSpread = 0.02 + 0.12 * random.nextDouble();
        int[] rowScene = scenes(rows, random);
        int[] columnScene = scenes(columns, random);
        int rowScenes = rowScene[rows - 1] + 1;
        int columnScenes = columnScene[columns - 1] + 1;
        double[] sceneOffset = new double[rowScenes * columnScenes];
        double repeated = random.nextDouble() * 0.08;
        for (int k = 0; k < sceneOffset.length; k++) {
            sceneOffset[k] = random.nextGaussian() * sceneSpread
                    + (random.nextDouble() < repeated ? 0.15 + 0.35 * random.nextDouble() : 0);
        }
        double[] rowOffset = lineOffsets(rows, random);
        double[] columnOffset = lineOffsets(columns, random);
        float[] values = new float[rows * columns];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) {
                double s = base + sceneOffset[rowScene[i] * columnScenes + columnScene[j]] + rowOffset[i]
                        + columnOffset[j] + random.nextGaussian() * noise;
                values[i * columns + j] = (float) clamp(s);
            }
        }
        // Short runs of alike frames off any copy: repeated shots, a look-alike but not a copy.
        int runs = random.nextInt(4);
        for (int r = 0; r < runs; r++) {
            int length = 2 + random.nextInt(3);
            int i0 = random.nextInt(rows);
            int j0 = random.nextInt(columns);
            double level = base + 0.2 + 0.4 * random.nextDouble();
            for (int k = 0; k < length && i0 + k < rows && j0 + k < columns; k++) {
                int at = (i0 + k) * columns + j0 + k;
                values[at] = (float) Math.max(values[at], clamp(level + random.nextGaussian() * 0.05));
            }
        }
        return values;
    }

    /** Scene index of each of {@code length} seconds: scenes of 1 to 12 s. */
    private static int[] scenes(int length, Random random) {
        int[] scene = new int[length];
        int current = 0;
        int left = 1 + random.nextInt(12);
        for (int k = 0; k < length; k++) {
            if (left-- == 0) {
                current++;
                left = random.nextInt(12);
            }
            scene[k] = current;
        }
        return scene;
    }

    /** A few frames alike to everything on the other axis (dark or title frames), most none. */
    private static double[] lineOffsets(int length, Random random) {
        double[] offsets = new double[length];
        double rate = random.nextDouble() < 0.5 ? 0 : 0.05 * random.nextDouble();
        for (int k = 0; k < length; k++) {
            if (random.nextDouble() < rate) {
                offsets[k] = 0.2 + 0.4 * random.nextDouble();
            }
        }
        return offsets;
    }

    /** Plants a copy starting at query row {@code fromRow}; null when it does not fit. */
    private static GridCopy plant(float[] values, int rows, int columns, int fromRow, Random random) {
        double speed = random.nextDouble() < 0.5 ? 1.0 : Math.exp((random.nextDouble() * 2 - 1) * Math.log(2));
        boolean reversed = random.nextDouble() < 0.2;
        int maxRows = Math.min(rows - fromRow, (int) Math.floor(columns / speed));
        if (maxRows < 3) {
            return null;
        }
        int length = 3 + (int) Math.floor(Math.pow(random.nextDouble(), 1.5) * (Math.min(maxRows, 80) - 3));
        double referenceLength = length * speed;
        double fromColumn = random.nextDouble() * (columns - referenceLength);
        double level = Math.min(1, Math.max(0.35 + 0.6 * random.nextDouble(), base(values) + 0.15));
        double spread = 0.03 + 0.1 * random.nextDouble();
        double gapRate = random.nextDouble() < 0.5 ? 0 : 0.3 * random.nextDouble();
        double side = 0.1 + 0.3 * random.nextDouble();
        for (int k = 0; k < length; k++) {
            if (random.nextDouble() < gapRate) {
                continue; // an altered frame: the copy is not seen here
            }
            double u = (k + 0.5) / length;
            double column = reversed ? fromColumn + referenceLength * (1 - u) : fromColumn + referenceLength * u;
            int j = Math.min(columns - 1, (int) Math.floor(column));
            int i = fromRow + k;
            raise(values, i * columns + j, level + random.nextGaussian() * spread);
            // Neighbouring seconds of the same shot look alike too, more so at high speed (the line skips cells).
            int reach = Math.max(1, (int) Math.ceil(speed / 2));
            for (int d = 1; d <= reach; d++) {
                double nearby = level - side * d + random.nextGaussian() * spread;
                if (j - d >= 0) {
                    raise(values, i * columns + j - d, nearby);
                }
                if (j + d < columns) {
                    raise(values, i * columns + j + d, nearby);
                }
            }
        }
        return new GridCopy(fromRow, fromRow + length, fromColumn, fromColumn + referenceLength, reversed);
    }

    /** The matrix's median similarity: a copy must stand out from its background to be a copy at all. */
    private static double base(float[] values) {
        float[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void raise(float[] values, int at, double level) {
        values[at] = (float) Math.max(values[at], clamp(level));
    }

    private static double clamp(double s) {
        return Math.max(-1, Math.min(1, s));
    }
}
