package org.vcd.train.keyframe;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.vcd.detector.spd.Grid;
import org.vcd.detector.spd.GridCopy;
import org.vcd.detector.spd.Tile;
import org.vcd.domain.VideoFeatures;
import org.vcd.keyframe.SelectorInput;
import org.vcd.train.detector.TileSampler;

/**
 * Draws the keyframe selector's training windows: a tile of query rows x reference grid columns, placed as the
 * detector's own training places tiles (mostly over a copy), with the dense reference frames those columns span,
 * everything padded to fixed sizes with masks saying what exists.
 */
final class KeyframeWindows {

    private final List<KeyframeExample> examples;
    private final List<KeyframeExample> withCopies;
    private final Map<VideoFeatures, float[]> inputs = new IdentityHashMap<>();
    private final KeyframeTrainingConfig config;
    private final Random random;
    private final int dense;
    private final int channels;
    private final int gapFrames;

    KeyframeWindows(List<KeyframeExample> examples, KeyframeTrainingConfig config, Random random) {
        this.examples = examples.stream().filter(e -> e.queryRows() > 0 && e.gridFrames().length > 0).toList();
        if (this.examples.isEmpty()) {
            throw new IllegalArgumentException("no training pair has frames");
        }
        this.withCopies = this.examples.stream().filter(e -> !e.copies().isEmpty()).toList();
        this.config = config;
        this.random = random;
        this.channels = SelectorInput.CHANNELS;
        this.dense = (int) Math.ceil(Grid.TILE * this.examples.get(0).step() * config.sampleRate()) + 2;
        this.gapFrames = Math.max(1, (int) Math.round(config.maxGapSeconds() * config.sampleRate()));
        for (KeyframeExample e : this.examples) {
            inputs.computeIfAbsent(e.reference(), SelectorInput::of);
        }
    }

    /** Dense frames per window. */
    int dense() {
        return dense;
    }

    /** One batch, in the order the trainer feeds it: the selector's features, then {@code Inputs}' placeholders. */
    record Batch(int size, int dense, int channels, float[] features, float[] similarity, float[] validFrames,
                 float[] forced, float[] columnFrame, float[] upToColumn, float[] validCells, float[] targets,
                 float[] weights) {

        List<Tensor> tensors() {
            return List.of(tensor(features, size, dense, channels), tensor(similarity, size, Grid.TILE, dense),
                    tensor(validFrames, size, dense), tensor(forced, size, dense),
                    tensor(columnFrame, size, dense, Grid.TILE), tensor(upToColumn, size, dense, Grid.TILE),
                    tensor(validCells, size, Grid.TILE, Grid.TILE),
                    tensor(targets, size, Grid.CELLS, Grid.CELLS, Grid.OUTPUTS),
                    tensor(weights, size, Grid.CELLS, Grid.CELLS, 2));
        }

        private static Tensor tensor(float[] values, long... shape) {
            return TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(values));
        }
    }

    Batch next(int size) {
        int tile = Grid.TILE;
        int cells = Grid.CELLS * Grid.CELLS;
        Batch b = new Batch(size, dense, channels, new float[size * dense * channels],
                new float[size * tile * dense], new float[size * dense], new float[size * dense],
                new float[size * dense * tile], new float[size * dense * tile], new float[size * tile * tile],
                new float[size * cells * Grid.OUTPUTS], new float[size * cells * 2]);
        for (int w = 0; w < size; w++) {
            boolean overCopy = !withCopies.isEmpty() && random.nextDouble() < config.copyShare();
            KeyframeExample e = overCopy ? withCopies.get(random.nextInt(withCopies.size()))
                    : examples.get(random.nextInt(examples.size()));
            write(e, overCopy, w, b);
        }
        return b;
    }

    private void write(KeyframeExample e, boolean overCopy, int w, Batch b) {
        int tile = Grid.TILE;
        int rows = e.queryRows();
        int columns = e.gridFrames().length;
        int row;
        int column;
        if (overCopy) {
            GridCopy copy = e.copies().get(random.nextInt(e.copies().size()));
            row = TileSampler.around(copy.queryStart(), copy.queryEnd(), rows, random);
            column = TileSampler.around(copy.referenceStart(), copy.referenceEnd(), columns, random);
        } else {
            row = TileSampler.anywhere(rows, random);
            column = TileSampler.anywhere(columns, random);
        }
        int rowsIn = Math.min(tile, rows - row);
        int first = e.gridFrames()[column];
        int columnsIn = Math.min(tile, columns - column);
        while (e.gridFrames()[column + columnsIn - 1] - first >= dense) {
            columnsIn--; // irregular timestamps: more dense frames than the window holds
        }
        int framesIn = e.gridFrames()[column + columnsIn - 1] - first + 1;
        int frames = e.reference().frameCount();
        float[] input = inputs.get(e.reference());
        System.arraycopy(input, first * channels, b.features(), w * dense * channels, framesIn * channels);
        for (int i = 0; i < rowsIn; i++) {
            System.arraycopy(e.similarity(), (row + i) * frames + first, b.similarity(), (w * tile + i) * dense,
                    framesIn);
        }
        for (int k = 0; k < framesIn; k++) {
            b.validFrames()[w * dense + k] = 1;
            // The window's first frame stands in for whatever was kept before it.
            b.forced()[w * dense + k] = k == 0 || (first + k) % gapFrames == 0 ? 1 : 0;
        }
        for (int j = 0; j < columnsIn; j++) {
            int shown = e.gridFrames()[column + j] - first;
            b.columnFrame()[(w * dense + shown) * tile + j] = 1;
            for (int k = 0; k <= shown; k++) {
                b.upToColumn()[(w * dense + k) * tile + j] = 1;
            }
        }
        for (int i = 0; i < rowsIn; i++) {
            for (int j = 0; j < columnsIn; j++) {
                b.validCells()[(w * tile + i) * tile + j] = 1;
            }
        }
        Grid.encode(e.copies(), new Tile(row, column, 1), row + rowsIn, column + columnsIn, b.targets(),
                b.weights(), w * Grid.CELLS * Grid.CELLS);
    }
}
