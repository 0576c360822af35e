package org.vcd.train.embedder;

import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;

/**
 * The contrastive loss both embedder trainers minimise: a batch holds two views of each of its frames (views 2k and
 * 2k + 1 are twins) and every view must pick its twin out of all the batch's views by cosine over a temperature.
 * Pairs of frames that may show the same picture (one video's, close in time) are neither positives nor negatives.
 *
 * @param input  the placeholder the batch's views are fed to
 * @param mask   added to the logits: {@link #EXCLUDED} for a view with itself and for near pairs, 0 elsewhere
 * @param twins  the targets: 1 for each view's twin
 * @param logits the views' cosines over the temperature, masked
 * @param loss   mean cross-entropy of the softmax over each view's row against its twin
 */
public record InfoNce(Placeholder<TFloat32> input, Placeholder<TFloat32> mask, Placeholder<TFloat32> twins,
                      Operand<TFloat32> logits, Operand<TFloat32> loss) {

    /** Added to the logits of pairs that are not compared: their softmax weight vanishes. */
    static final float EXCLUDED = -1e4f;

    /** A batch's mask and twin targets, {@code views x views} row-major. */
    public record Targets(float[] mask, float[] twins) {
    }

    /** The loss on {@code embedding} (unit rows) of the {@code views} views fed to {@code input}. */
    public static InfoNce of(Ops tf, Placeholder<TFloat32> input, Operand<TFloat32> embedding, int views,
                             float temperature) {
        Placeholder<TFloat32> mask = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(views, views)));
        Placeholder<TFloat32> twins = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(views, views)));
        Operand<TFloat32> logits = tf.math.add(tf.math.div(
                tf.linalg.matMul(embedding, embedding, MatMul.transposeB(true)), tf.constant(temperature)), mask);
        Operand<TFloat32> loss = tf.math.mean(tf.nn.softmaxCrossEntropyWithLogits(logits, twins).loss(),
                tf.constant(0));
        return new InfoNce(input, mask, twins, logits, loss);
    }

    /** The targets of a batch whose views 2k and 2k + 1 are of {@code frames.frames()[picked[k]]}. */
    public static Targets targets(TrainingFrames frames, int[] picked, double nearSeconds) {
        int views = 2 * picked.length;
        float[] mask = new float[views * views];
        float[] twins = new float[views * views];
        for (int a = 0; a < views; a++) {
            for (int b = 0; b < views; b++) {
                if (b == (a ^ 1)) {
                    twins[a * views + b] = 1;
                } else if (a == b || frames.near(picked[a / 2], picked[b / 2], nearSeconds)) {
                    mask[a * views + b] = EXCLUDED;
                }
            }
        }
        return new Targets(mask, twins);
    }

    /**
     * One optimiser step on the views {@code x} ({@code shape}, flattened): returns the loss and the share of views
     * whose highest logit is their twin's.
     */
    public double[] step(Session session, Op minimize, Shape shape, float[] x, Targets targets) {
        int views = (int) shape.get(0);
        float[] stepLogits = new float[views * views];
        try (TFloat32 in = TFloat32.tensorOf(shape, DataBuffers.of(x));
             TFloat32 m = TFloat32.tensorOf(Shape.of(views, views), DataBuffers.of(targets.mask()));
             TFloat32 t = TFloat32.tensorOf(Shape.of(views, views), DataBuffers.of(targets.twins()));
             Result result = session.runner().feed(input, in).feed(mask, m).feed(twins, t)
                     .addTarget(minimize).fetch(loss).fetch(logits).run()) {
            ((TFloat32) result.get(1)).copyTo(DataBuffers.of(stepLogits, false, false));
            return new double[] {((TFloat32) result.get(0)).getFloat(), accuracy(stepLogits, views)};
        }
    }

    /** Share of views whose highest logit is their twin's. */
    static double accuracy(float[] logits, int views) {
        int right = 0;
        for (int a = 0; a < views; a++) {
            int best = -1;
            for (int b = 0; b < views; b++) {
                if (b != a && (best < 0 || logits[a * views + b] > logits[a * views + best])) {
                    best = b;
                }
            }
            right += best == (a ^ 1) ? 1 : 0;
        }
        return (double) right / views;
    }
}
