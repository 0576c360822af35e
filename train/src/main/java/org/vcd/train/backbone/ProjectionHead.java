package org.vcd.train.backbone;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.framework.optimizers.Adam;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TFloat32;
import org.vcd.tensorflow.Layers;
import org.vcd.train.TrainingLoop;
import org.vcd.train.embedder.InfoNce;
import org.vcd.train.embedder.TrainingFrames;

/**
 * The pretrained embedder's trained head: the trunk's pooled features standardised (the training frames' mean and
 * per-channel spread), a projection (linear, or through one hidden ReLU layer), L2-normalised. Trained with InfoNCE on
 * features computed once of each frame's plain and augmented views, so the trunk's cost is paid once, not per step.
 *
 * @param mean    the plain frames' mean feature
 * @param scale   one over each channel's spread
 * @param weights the layers' weights, {@code [in][out]}
 * @param biases  the layers' biases
 */
record ProjectionHead(float[] mean, float[] scale, List<float[][]> weights, List<float[]> biases) {

    /** What training gave: the head and the last steps' loss and batch accuracy. */
    record Trained(ProjectionHead head, int steps, double finalLoss, double finalAccuracy) {
    }

    /** The head on {@code pooled} in a serving graph, its values as {@link Parameters}. */
    Operand<TFloat32> apply(Ops tf, Parameters parameters, Operand<TFloat32> pooled) {
        List<Operand<TFloat32>> w = new ArrayList<>();
        List<Operand<TFloat32>> b = new ArrayList<>();
        for (int k = 0; k < weights.size(); k++) {
            w.add(parameters.of(weights.get(k)));
            b.add(parameters.of(biases.get(k)));
        }
        return project(tf, pooled, parameters.of(mean), parameters.of(scale), w, b);
    }

    /**
     * Trains the head.
     *
     * @param features  {@code [frame][view][channel]}: view 0 the plain frame, the others augmented
     * @param frames    the frames the features are of (which are near which)
     * @param dimension the embedding's dimension
     * @param out       the model folder, where {@value TrainingLoop#LOG} goes
     */
    static Trained train(float[][][] features, TrainingFrames frames, int dimension, HeadTrainingConfig config,
                         Path out, Consumer<String> log) throws IOException {
        int channels = features[0][0].length;
        float[] mean = new float[channels];
        float[] scale = new float[channels];
        standardisation(features, mean, scale);
        int batch = config.run().batch();
        int views = 2 * batch;
        Random random = new Random(config.run().seed());
        int[] widths = config.hidden() > 0 ? new int[] {channels, config.hidden(), dimension}
                : new int[] {channels, dimension};
        TrainingLoop loop = new TrainingLoop(config.run(), TrainingLoop.STEPS_PER_LINE, List.of(
                new TrainingLoop.Metric("loss", 5), new TrainingLoop.Metric("batch_accuracy", 4)));
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> input = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(views, channels)));
            List<Operand<TFloat32>> w = new ArrayList<>();
            List<Operand<TFloat32>> b = new ArrayList<>();
            for (int k = 0; k + 1 < widths.length; k++) {
                w.add(tf.variable(tf.constant(Shape.of(widths[k], widths[k + 1]),
                        DataBuffers.of(Layers.glorot(widths[k], widths[k + 1], random)))));
                b.add(tf.variable(tf.constant(Shape.of(widths[k + 1]), DataBuffers.of(new float[widths[k + 1]]))));
            }
            Operand<TFloat32> embedding = project(tf, input, tf.constant(mean), tf.constant(scale), w, b);
            InfoNce infoNce = InfoNce.of(tf, input, embedding, views, config.temperature());
            Op minimize = new Adam(graph, config.run().learningRate()).minimize(infoNce.loss());
            session.initialize();
            int perFrame = features[0].length;
            TrainingLoop.Result result = loop.run(out, log, () -> {
                int[] picked = frames.pick(batch, config.nearSeconds(), random);
                float[] x = new float[views * channels];
                for (int k = 0; k < batch; k++) {
                    // Two different views of the frame: the plain one against a copy, or two copies.
                    int first = random.nextInt(perFrame);
                    int second = (first + 1 + random.nextInt(perFrame - 1)) % perFrame;
                    System.arraycopy(features[picked[k]][first], 0, x, 2 * k * channels, channels);
                    System.arraycopy(features[picked[k]][second], 0, x, (2 * k + 1) * channels, channels);
                }
                return infoNce.step(session, minimize, Shape.of(views, channels), x,
                        InfoNce.targets(frames, picked, config.nearSeconds()));
            });
            List<float[][]> weights = new ArrayList<>();
            List<float[]> biases = new ArrayList<>();
            for (int k = 0; k < w.size(); k++) {
                float[] flatWeights = values(session, w.get(k));
                float[][] matrix = new float[widths[k]][widths[k + 1]];
                for (int r = 0; r < widths[k]; r++) {
                    System.arraycopy(flatWeights, r * widths[k + 1], matrix[r], 0, widths[k + 1]);
                }
                weights.add(matrix);
                biases.add(values(session, b.get(k)));
            }
            log.accept(String.format(Locale.ROOT, "head trained %d steps; loss %.4f, batch accuracy %.3f",
                    result.steps(), result.finalMeans()[0], result.finalMeans()[1]));
            return new Trained(new ProjectionHead(mean, scale, weights, biases), result.steps(),
                    result.finalMeans()[0], result.finalMeans()[1]);
        }
    }

    /** Standardised, through each layer (ReLU between them), L2-normalised: the one graph training and serving use. */
    private static Operand<TFloat32> project(Ops tf, Operand<TFloat32> pooled, Operand<TFloat32> mean,
                                             Operand<TFloat32> scale, List<Operand<TFloat32>> w,
                                             List<Operand<TFloat32>> b) {
        Operand<TFloat32> x = tf.math.mul(tf.math.sub(pooled, mean), scale);
        for (int k = 0; k < w.size(); k++) {
            x = tf.math.add(tf.linalg.matMul(x, w.get(k)), b.get(k));
            if (k + 1 < w.size()) {
                x = tf.nn.relu(x);
            }
        }
        Operand<TFloat32> squares = tf.reduceSum(tf.math.mul(x, x), tf.constant(1), ReduceSum.keepDims(true));
        return tf.math.mul(x, tf.math.rsqrt(tf.math.add(squares, tf.constant(1e-12f))));
    }

    /** Mean and inverse spread of each channel over the plain views (view 0). */
    private static void standardisation(float[][][] features, float[] mean, float[] scale) {
        int n = features.length;
        for (int c = 0; c < mean.length; c++) {
            double sum = 0;
            double squares = 0;
            for (float[][] frame : features) {
                sum += frame[0][c];
                squares += (double) frame[0][c] * frame[0][c];
            }
            double m = sum / n;
            mean[c] = (float) m;
            scale[c] = (float) (1 / Math.sqrt(Math.max(squares / n - m * m, 0) + 1e-6));
        }
    }

    private static float[] values(Session session, Operand<TFloat32> variable) {
        try (Result result = session.runner().fetch(variable).run()) {
            TFloat32 t = (TFloat32) result.get(0);
            float[] values = new float[(int) t.shape().size()];
            t.copyTo(DataBuffers.of(values, false, false));
            return values;
        }
    }
}
