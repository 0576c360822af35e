package org.vcd.train.detector;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.vcd.detector.spd.DetectorInput;
import org.vcd.detector.spd.Grid;
import org.vcd.detector.spd.GridCopy;
import org.vcd.detector.spd.Tile;
import org.vcd.domain.SimilarityMatrix;

/**
 * Draws training tiles: from real matrices (their channels computed once) and fresh synthetic ones, placed as
 * inference places them, mostly over a copy so that copies are not rare, sometimes anywhere, sometimes the
 * downscaled whole of a large matrix.
 */
public final class TileSampler implements AutoCloseable {

    private final List<TrainingMatrix> real;
    private final List<DetectorInput> realInputs = new ArrayList<>();
    private final DetectorTrainingConfig config;
    private final Random random;
    private final DetectorInput.Channels channels = new DetectorInput.Channels();

    TileSampler(List<TrainingMatrix> real, DetectorTrainingConfig config, Random random) {
        this.real = real.stream().filter(m -> m.matrix().queryLength() > 0 && m.matrix().referenceLength() > 0)
                .toList();
        this.config = config;
        this.random = random;
        for (TrainingMatrix m : this.real) {
            realInputs.add(channels.of(m.matrix()));
        }
    }

    record Batch(int size, float[] pixels, float[] targetValues, float[] weightValues) {
        TFloat32 tiles() {
            return TFloat32.tensorOf(Shape.of(size, Grid.TILE, Grid.TILE, DetectorInput.CHANNELS),
                    DataBuffers.of(pixels));
        }

        TFloat32 targets() {
            return TFloat32.tensorOf(Shape.of(size, Grid.CELLS, Grid.CELLS, Grid.OUTPUTS), DataBuffers.of(targetValues));
        }

        TFloat32 weights() {
            return TFloat32.tensorOf(Shape.of(size, Grid.CELLS, Grid.CELLS, 2), DataBuffers.of(weightValues));
        }
    }

    Batch next(int size) {
        int pixels = Grid.TILE * Grid.TILE * DetectorInput.CHANNELS;
        int cells = Grid.CELLS * Grid.CELLS;
        float[] tiles = new float[size * pixels];
        float[] targets = new float[size * cells * Grid.OUTPUTS];
        float[] weights = new float[size * cells * 2];
        for (int t = 0; t < size; t++) {
            TrainingMatrix matrix;
            DetectorInput input;
            if (!real.isEmpty() && random.nextDouble() < config.realShare()) {
                int k = random.nextInt(real.size());
                matrix = real.get(k);
                input = realInputs.get(k);
            } else {
                matrix = SyntheticMatrices.draw(random, config.staticShare());
                input = channels.of(matrix.matrix());
            }
            // No draw without sparse tiles: the committed model's tile sequence stays the one it was trained on.
            if (config.sparseShare() > 0 && random.nextDouble() < config.sparseShare()) {
                input = channels.of(sparse(matrix.matrix(), random));
            }
            Tile tile = place(matrix);
            input.write(tile, Grid.TILE, tiles, t * pixels);
            Grid.encode(matrix.copies(), tile, input.rows(), input.columns(), targets, weights, t * cells);
        }
        return new Batch(size, tiles, targets, weights);
    }

    /**
     * The matrix a store keeping only some of the reference's frames would give: each column shows the last kept
     * column at or before it. Kept every 2 to 6 columns, or after gaps of 1 to 8 columns at random, so the detector
     * learns the staircases sparse keyframes draw, whichever selector chose them.
     */
    static SimilarityMatrix sparse(SimilarityMatrix matrix, Random random) {
        int rows = matrix.queryLength();
        int columns = matrix.referenceLength();
        int[] shown = new int[columns];
        boolean regular = random.nextBoolean();
        int stride = 2 + random.nextInt(5);
        int next = regular ? random.nextInt(stride) : 0;
        int kept = 0;
        for (int j = 0; j < columns; j++) {
            if (j == 0 || j == next) {
                kept = j;
                next = j + (regular ? stride : 1 + random.nextInt(8));
            }
            shown[j] = kept;
        }
        float[] values = new float[rows * columns];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) {
                values[i * columns + j] = matrix.values()[i * columns + shown[j]];
            }
        }
        return new SimilarityMatrix(rows, columns, values, matrix.queryStep(), matrix.referenceStep());
    }

    private Tile place(TrainingMatrix matrix) {
        int rows = matrix.matrix().queryLength();
        int columns = matrix.matrix().referenceLength();
        int longest = Math.max(rows, columns);
        if (longest > Grid.TILE && random.nextDouble() < 0.15) {
            return new Tile(0, 0, (longest + Grid.TILE - 1) / Grid.TILE);
        }
        List<GridCopy> copies = matrix.copies();
        if (!copies.isEmpty() && random.nextDouble() < 0.7) {
            GridCopy copy = copies.get(random.nextInt(copies.size()));
            return new Tile(around(copy.queryStart(), copy.queryEnd(), rows, random),
                    around(copy.referenceStart(), copy.referenceEnd(), columns, random), 1);
        }
        return new Tile(anywhere(rows, random), anywhere(columns, random), 1);
    }

    /** A window start that holds {@code [from, to)} when it fits in a tile, else one that holds part of it. */
    public static int around(double from, double to, int length, Random random) {
        if (length <= Grid.TILE) {
            return 0;
        }
        int lowest = (int) Math.max(0, Math.ceil(to) - Grid.TILE);
        int highest = (int) Math.min(length - Grid.TILE, Math.floor(from));
        if (highest < lowest) { // longer than a tile
            lowest = (int) Math.max(0, Math.floor(from) - Grid.TILE / 2);
            highest = (int) Math.min(length - Grid.TILE, Math.ceil(to) - Grid.TILE / 2);
        }
        return highest <= lowest ? Math.max(0, Math.min(length - Grid.TILE, lowest))
                : lowest + random.nextInt(highest - lowest + 1);
    }

    public static int anywhere(int length, Random random) {
        return length <= Grid.TILE ? 0 : random.nextInt(length - Grid.TILE + 1);
    }

    @Override
    public void close() {
        channels.close();
    }
}
