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
 * The pretrained embedder's trained head: the trunk's pooled features centred on the training frames' mean, a linear
 * projection that starts as the fitted head's principal components, plus (with a hidden layer) a correction through
 * one hidden ReLU layer of the standardised features that starts at zero; L2-normalised. Training so starts from the
 * fitted head and moves only where InfoNCE on copy-style views asks. Trained on features computed once of each
 * frame's plain and augmented views, so the trunk's cost is paid once, not per step.
 *
 * @param mean    the plain frames' mean feature
 * @param scale   one over each channel's spread, for the correction's input
 * @param base    the linear projection of the centred features, {@code [channels][dimension]}
 * @param weights the correction's layers' weights, {@code [in][out]} (none without a hidden layer)
 * @param biases  the correction's layers' biases
 */
record ProjectionHead(float[] mean, float[] scale, float[][] base, List<float[][]> weights, List<float[]> biases) {

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
        return project(tf, pooled, parameters.of(mean), parameters.of(scale), parameters.of(base), w, b);
    }

    /**
     * Trains the head.
     *
     * @param features {@code [frame][view][channel]}: view 0 the plain frame, the others augmented
     * @param frames   the frames the features are of (which are near which)
     * @param fitted   the head fitted on the plain frames' features: its mean and projection are the start
     * @param out      the model folder, where {@value TrainingLoop#LOG} goes
     */
    static Trained train(float[][][] features, TrainingFrames frames, BackboneEmbedder.Head fitted,
                         HeadTrainingConfig config, Path out, Consumer<String> log) throws IOException {
        int channels = features[0][0].length;
        int dimension = fitted.projection()[0].length;
        float[] mean = fitted.mean();
        float[] scale = scale(features, mean);
        int batch = config.run().batch();
        int views = 2 * batch;
        Random random = new Random(config.run().seed());
        int[] widths = config.hidden() > 0 ? new int[] {channels, config.hidden(), dimension} : new int[0];
        TrainingLoop loop = new TrainingLoop(config.run(), TrainingLoop.STEPS_PER_LINE, List.of(
                new TrainingLoop.Metric("loss", 5), new TrainingLoop.Metric("batch_accuracy", 4)));
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> input = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(views, channels)));
            Operand<TFloat32> base = tf.variable(tf.constant(fitted.projection()));
            List<Operand<TFloat32>> w = new ArrayList<>();
            List<Operand<TFloat32>> b = new ArrayList<>();
            for (int k = 0; k + 1 < widths.length; k++) {
                // The correction's last layer starts at zero, so training starts from the fitted head.
                float[] initial = k + 2 < widths.length ? Layers.glorot(widths[k], widths[k + 1], random)
                        : new float[widths[k] * widths[k + 1]];
                w.add(tf.variable(tf.constant(Shape.of(widths[k], widths[k + 1]), DataBuffers.of(initial))));
                b.add(tf.variable(tf.constant(Shape.of(widths[k + 1]), DataBuffers.of(new float[widths[k + 1]]))));
            }
            Operand<TFloat32> embedding = project(tf, input, tf.constant(mean), tf.constant(scale), base, w, b);
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
                weights.add(matrix(values(session, w.get(k)), widths[k], widths[k + 1]));
                biases.add(values(session, b.get(k)));
            }
            float[][] trainedBase = matrix(values(session, base), channels, dimension);
            log.accept(String.format(Locale.ROOT, "head trained %d steps; loss %.4f, batch accuracy %.3f",
                    result.steps(), result.finalMeans()[0], result.finalMeans()[1]));
            return new Trained(new ProjectionHead(mean, scale, trainedBase, weights, biases), result.steps(),
                    result.finalMeans()[0], result.finalMeans()[1]);
        }
    }

    /** Centred and projected, plus the correction when there is one, L2-normalised: training's and serving's graph. */
    private static Operand<TFloat32> project(Ops tf, Operand<TFloat32> pooled, Operand<TFloat32> mean,
                                             Operand<TFloat32> scale, Operand<TFloat32> base,
                                             List<Operand<TFloat32>> w, List<Operand<TFloat32>> b) {
        Operand<TFloat32> centred = tf.math.sub(pooled, mean);
        Operand<TFloat32> y = tf.linalg.matMul(centred, base);
        if (!w.isEmpty()) {
            Operand<TFloat32> x = tf.math.mul(centred, scale);
            for (int k = 0; k < w.size(); k++) {
                x = tf.math.add(tf.linalg.matMul(x, w.get(k)), b.get(k));
                if (k + 1 < w.size()) {
                    x = tf.nn.relu(x);
                }
            }
            y = tf.math.add(y, x);
        }
        Operand<TFloat32> squares = tf.reduceSum(tf.math.mul(y, y), tf.constant(1), ReduceSum.keepDims(true));
        return tf.math.mul(y, tf.math.rsqrt(tf.math.add(squares, tf.constant(1e-12f))));
    }

    /** One over each channel's spread around {@code mean} over the plain views (view 0). */
    private static float[] scale(float[][][] features, float[] mean) {
        float[] scale = new float[mean.length];
        for (int c = 0; c < mean.length; c++) {
            double squares = 0;
            for (float[][] frame : features) {
                double d = frame[0][c] - mean[c];
                squares += d * d;
            }
            scale[c] = (float) (1 / Math.sqrt(squares / features.length + 1e-6));
        }
        return scale;
    }

    private static float[][] matrix(float[] flat, int rows, int columns) {
        float[][] matrix = new float[rows][columns];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(flat, r * columns, matrix[r], 0, columns);
        }
        return matrix;
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
