package org.vcd.train.detector;

import static org.vcd.tensorflow.Layers.conv;
import static org.vcd.tensorflow.Layers.pool;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.vcd.detector.spd.DetectorInput;
import org.vcd.detector.spd.Grid;
import org.vcd.tensorflow.SavedModels;

/**
 * The segment detector's network and training loss in TensorFlow Java, shared by the trainers that train it: on its
 * own ({@link DetectorTrainer}) and through the keyframe selector's held matrices.
 *
 * @param tiles the input as serving feeds it: {@code [tiles, TILE, TILE, CHANNELS]}
 * @param grid  the output as serving reads it: {@code [tiles, CELLS, CELLS, OUTPUTS]}
 */
public record DetectorNetwork(Placeholder<TFloat32> tiles, Operand<TFloat32> grid) {

    /** The network on a tiles placeholder, named as the exported model's signature names them. */
    public static DetectorNetwork build(Ops tf, Random init) {
        Placeholder<TFloat32> tiles = tf.withName("tiles").placeholder(TFloat32.class,
                Placeholder.shape(Shape.of(-1, Grid.TILE, Grid.TILE, DetectorInput.CHANNELS)));
        return new DetectorNetwork(tiles, tf.withName("grid").identity(network(tf, tiles, init)));
    }

    /** Writes the session's weights of this network as a SavedModel into {@code out}. */
    public void export(Session session, Path out) throws IOException {
        SavedModels.export(session, Signature.builder().key(Signature.DEFAULT_KEY).input("tiles", tiles)
                .output("grid", grid).build(), out);
    }

    /** The network: four 3x3 convolutions with 2x2 max-pooling down to the 8x8 grid, three more there, a 1x1 head. */
    public static Operand<TFloat32> network(Ops tf, Operand<TFloat32> tiles, Random init) {
        Operand<TFloat32> x = conv(tf, tiles, DetectorInput.CHANNELS, 16, 3, init, true, 0f);
        x = pool(tf, x);
        x = conv(tf, x, 16, 32, 3, init, true, 0f);
        x = pool(tf, x);
        x = conv(tf, x, 32, 48, 3, init, true, 0f);
        x = pool(tf, x);
        x = conv(tf, x, 48, 64, 3, init, true, 0f);
        x = conv(tf, x, 64, 64, 3, init, true, 0f);
        x = conv(tf, x, 64, 64, 3, init, true, 0f);
        // Objectness starts near 0.05: most cells hold no copy, and a neutral start wastes the first steps on that.
        return conv(tf, x, 64, Grid.OUTPUTS, 1, init, false, -3f);
    }

    /** The training loss and its two parts, per tile. */
    public record Loss(Operand<TFloat32> total, Operand<TFloat32> objectness, Operand<TFloat32> box) {
    }

    /**
     * Weighted logistic loss on objectness plus squared error on the centre fractions (after the sigmoid) and log
     * extents of the cells that answer for a copy, per tile. Channels are picked by multiplying with one-hot masks:
     * only ops with registered gradients (Mul, Sum, Sigmoid, Abs, Exp, Log1p, Relu) are used.
     */
    public static Loss loss(Ops tf, Operand<TFloat32> grid, Operand<TFloat32> target, Operand<TFloat32> weight,
                            DetectorTrainingConfig config) {
        Operand<TInt32> last = tf.constant(new int[] {3});
        Operand<TFloat32> logit = pick(tf, grid, new float[] {1, 0, 0, 0, 0});
        Operand<TFloat32> present = pick(tf, target, new float[] {1, 0, 0, 0, 0});
        Operand<TFloat32> objectnessWeight = pick(tf, weight, new float[] {1, 0});
        Operand<TFloat32> boxWeight = pick(tf, weight, new float[] {0, 1});
        // max(x, 0) - x z + log(1 + exp(-|x|)): the logistic loss, stable for any logit.
        Operand<TFloat32> logistic = tf.math.add(tf.math.sub(tf.nn.relu(logit), tf.math.mul(logit, present)),
                tf.math.log1p(tf.math.exp(tf.math.neg(tf.math.abs(logit)))));
        Operand<TFloat32> cellWeight = tf.math.mul(objectnessWeight,
                tf.math.add(tf.constant(1f), tf.math.mul(tf.constant(config.positiveWeight() - 1), present)));
        Operand<TFloat32> batch = tf.dtypes.cast(tf.shape.size(tf.shape(grid), tf.constant(0)), TFloat32.class);
        Operand<TFloat32> objectness = tf.math.div(tf.reduceSum(tf.math.mul(cellWeight, logistic),
                tf.constant(new int[] {0, 1, 2})), batch);
        Operand<TFloat32> squashed = tf.constant(Shape.of(Grid.OUTPUTS), DataBuffers.of(new float[] {0, 1, 1, 0, 0}));
        Operand<TFloat32> linear = tf.constant(Shape.of(Grid.OUTPUTS), DataBuffers.of(new float[] {0, 0, 0, 1, 1}));
        Operand<TFloat32> predicted = tf.math.add(tf.math.mul(tf.math.sigmoid(grid), squashed),
                tf.math.mul(grid, linear));
        Operand<TFloat32> error = tf.math.mul(tf.math.sub(predicted, target), tf.math.add(squashed, linear));
        Operand<TFloat32> squared = tf.reduceSum(tf.math.square(tf.identity(error)), last);
        Operand<TFloat32> box = tf.math.div(tf.reduceSum(tf.math.mul(boxWeight, squared),
                tf.constant(new int[] {0, 1, 2})), batch);
        Operand<TFloat32> total = tf.math.add(objectness, tf.math.mul(tf.constant(config.boxWeight()), box));
        return new Loss(total, objectness, box);
    }

    /** The last axis of {@code x} weighted by {@code mask} and summed away. */
    private static Operand<TFloat32> pick(Ops tf, Operand<TFloat32> x, float[] mask) {
        return tf.reduceSum(tf.math.mul(x, tf.constant(Shape.of(mask.length), DataBuffers.of(mask))),
                tf.constant(new int[] {3}));
    }
}
