package org.vcd.detector.spd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.vcd.domain.SimilarityMatrix;

class DetectorInputTest {

    private static final DetectorInput.Channels INPUTS = new DetectorInput.Channels();

    @AfterAll
    static void close() {
        INPUTS.close();
    }

    @Test
    void brightestSeesOnlyTheCellsOfItsTile() {
        int rows = 100;
        int columns = 70;
        float[] values = new float[rows * columns];
        values[10 * columns + 5] = 0.9f;   // in the first full-resolution tile only
        values[80 * columns + 66] = 0.4f;  // in the tiles starting at row 32 and 36 (and the downscaled pass)
        DetectorInput input = INPUTS.of(new SimilarityMatrix(rows, columns, values, 1, 1));
        assertEquals(0.9f, input.brightest(new Tile(0, 0, 1), 64));
        assertEquals(0.4f, input.brightest(new Tile(36, 6, 1), 64));
        assertEquals(0.0f, input.brightest(new Tile(36, 0, 1), 32));
        assertEquals(0.9f, input.brightest(new Tile(0, 0, 2), 64));
        assertEquals(-1f, input.brightest(new Tile(100, 0, 1), 64), "a tile past the matrix holds no cell");
    }

    /**
     * The channels of a 2 x 3 matrix worked out by hand. Row 0 (0.2, 0.4, 0.9): mean 0.5, spread sqrt(0.08667) =
     * 0.29439, so (x - 0.5) / 0.29439 / 4. Row 1 is flat: its spread is floored at 0.05 and every cell scores 0.
     * Column 0 is flat too; columns 1 and 2 have two cells each, one spread apart: +-1/4.
     */
    @Test
    void channelsOfASmallMatrixAsComputedByHand() {
        DetectorInput input = INPUTS.of(new SimilarityMatrix(2, 3,
                new float[] {0.2f, 0.4f, 0.9f, 0.2f, 0.2f, 0.2f}, 1, 1));
        float[] tile = new float[4 * 4 * DetectorInput.CHANNELS];
        input.write(new Tile(0, 0, 1), 4, tile, 0);
        double spread = Math.sqrt((0.04 + 0.16 + 0.81) / 3 - 0.25);
        float[][] expected = { // {raw, by row, by column, mask} of cells (0,0), (0,1), (0,2), (1,0), (1,1), (1,2)
            {0.2f, (float) (-0.3 / spread / 4), 0, 1}, {0.4f, (float) (-0.1 / spread / 4), 0.25f, 1},
            {0.9f, (float) (0.4 / spread / 4), 0.25f, 1}, {0.2f, 0, 0, 1}, {0.2f, 0, -0.25f, 1},
            {0.2f, 0, -0.25f, 1}};
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                int at = (i * 4 + j) * DetectorInput.CHANNELS;
                assertArrayEquals(expected[i * 3 + j], Arrays.copyOfRange(tile, at, at + 4), 1e-5f,
                        "cell " + i + "," + j);
            }
        }
        assertArrayEquals(new float[4], Arrays.copyOfRange(tile, 3 * DetectorInput.CHANNELS,
                4 * DetectorInput.CHANNELS), "padding is all zeros");
    }

    /**
     * The keyframe trainer builds {@link DetectorInput#channels} into its graph over a window padded to a whole tile;
     * serving runs it on the whole matrix. On a matrix that fits in one tile they must agree.
     */
    @Test
    void theTrainingGraphOnAPaddedWindowAgreesWithServing() {
        int rows = 40;
        int columns = 50;
        Random random = new Random(2);
        float[] values = new float[rows * columns];
        float[] padded = new float[Grid.TILE * Grid.TILE];
        float[] valid = new float[Grid.TILE * Grid.TILE];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) {
                values[i * columns + j] = (float) Math.max(-1, Math.min(1, 0.3 + 0.25 * random.nextGaussian()));
                padded[i * Grid.TILE + j] = values[i * columns + j];
                valid[i * Grid.TILE + j] = 1;
            }
        }
        float[] serving = new float[Grid.TILE * Grid.TILE * DetectorInput.CHANNELS];
        INPUTS.of(new SimilarityMatrix(rows, columns, values, 1, 1)).write(new Tile(0, 0, 1), Grid.TILE,
                serving, 0);
        float[] training = new float[serving.length];
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Shape window = Shape.of(1, Grid.TILE, Grid.TILE);
            Placeholder<TFloat32> held = tf.placeholder(TFloat32.class, Placeholder.shape(window));
            Placeholder<TFloat32> cells = tf.placeholder(TFloat32.class, Placeholder.shape(window));
            Operand<TFloat32> channels = DetectorInput.channels(tf, held, cells);
            try (Session session = new Session(graph);
                 TFloat32 h = TFloat32.tensorOf(window, DataBuffers.of(padded));
                 TFloat32 c = TFloat32.tensorOf(window, DataBuffers.of(valid));
                 Result result = session.runner().feed(held, h).feed(cells, c).fetch(channels).run()) {
                ((TFloat32) result.get(0)).copyTo(DataBuffers.of(training, false, false));
            }
        }
        assertArrayEquals(serving, training, 1e-6f);
    }
}
