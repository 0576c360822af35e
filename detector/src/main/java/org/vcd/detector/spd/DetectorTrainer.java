package org.vcd.detector.spd;

import static org.vcd.tensorflow.Layers.conv;
import static org.vcd.tensorflow.Layers.pool;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.framework.optimizers.Adam;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.vcd.domain.Segment;
import org.vcd.domain.SimilarityMatrix;
import org.vcd.tensorflow.SavedModels;
import org.vcd.tensorflow.TensorFlowNatives;

/**
 * Trains the segment pattern detector in TensorFlow Java (graph mode, Adam) on tiles cut from real matrices with
 * known copies and from synthetic ones, exports it as a SavedModel, then calibrates its scores on held-out matrices
 * through the very inference path that serves it ({@link SegmentDetector}, DJL).
 */
public final class DetectorTrainer {

    /** Training log, one line per logged step. */
    public static final String LOG = "training-log.csv";

    private static final int LOG_EVERY = 50;

    /** How the finished model did on the held-out matrices at the default threshold. */
    public record Validation(int matrices, int copies, int reported, int correct, double precision, double recall) {
    }

    public record Outcome(Path model, int steps, double seconds, double finalLoss, Validation validation) {
    }

    private DetectorTrainer() {
    }

    /**
     * Trains on {@code matrices} (plus synthetic matrices), calibrates on {@code validation} (plus synthetic ones
     * of another seed) and writes the model folder {@code out}: SavedModel, {@value DetectorModel#FILE} and
     * {@value #LOG}.
     */
    public static Outcome train(List<TrainingMatrix> matrices, List<TrainingMatrix> validation,
                                DetectorTrainingConfig config, Path out, Consumer<String> log) throws IOException {
        TensorFlowNatives.prepare();
        Files.createDirectories(out);
        long began = System.nanoTime();
        int steps;
        double finalLoss;
        try (Graph graph = new Graph();
             PrintWriter trainingLog = new PrintWriter(Files.newBufferedWriter(out.resolve(LOG),
                     StandardCharsets.UTF_8))) {
            Ops tf = Ops.create(graph);
            Random init = new Random(config.seed());
            Placeholder<TFloat32> tiles = tf.withName("tiles").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, Grid.TILE, Grid.TILE, DetectorInput.CHANNELS)));
            Operand<TFloat32> grid = tf.withName("grid").identity(network(tf, tiles, init));
            Placeholder<TFloat32> target = tf.placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, Grid.CELLS, Grid.CELLS, Grid.OUTPUTS)));
            Placeholder<TFloat32> weight = tf.placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, Grid.CELLS, Grid.CELLS, 2)));
            Loss loss = loss(tf, grid, target, weight, config);
            Op minimize = new Adam(graph, config.learningRate()).minimize(loss.total());
            TileSampler sampler = new TileSampler(matrices, config, new Random(config.seed() * 31 + 7));
            trainingLog.println("step,seconds,loss,objectness_loss,box_loss");
            try (Session session = new Session(graph)) {
                session.initialize();
                double sum = 0;
                double objectness = 0;
                double box = 0;
                int step = 0;
                double last = Double.NaN;
                long deadline = began + (long) (config.minutes() * 60e9);
                while (step < config.steps() && System.nanoTime() < deadline) {
                    TileSampler.Batch batch = sampler.next(config.batch());
                    try (TFloat32 x = batch.tiles(); TFloat32 y = batch.targets(); TFloat32 w = batch.weights();
                         Result result = session.runner().feed(tiles, x).feed(target, y).feed(weight, w)
                                 .addTarget(minimize).fetch(loss.total()).fetch(loss.objectness())
                                 .fetch(loss.box()).run()) {
                        sum += ((TFloat32) result.get(0)).getFloat();
                        objectness += ((TFloat32) result.get(1)).getFloat();
                        box += ((TFloat32) result.get(2)).getFloat();
                    }
                    step++;
                    if (step % LOG_EVERY == 0) {
                        last = sum / LOG_EVERY;
                        String line = String.format(Locale.ROOT, "%d,%.1f,%.5f,%.5f,%.5f", step,
                                (System.nanoTime() - began) / 1e9, last, objectness / LOG_EVERY, box / LOG_EVERY);
                        trainingLog.println(line);
                        trainingLog.flush();
                        log.accept("step " + line);
                        sum = 0;
                        objectness = 0;
                        box = 0;
                    }
                }
                steps = step;
                finalLoss = last;
                SavedModels.export(session, Signature.builder().key(Signature.DEFAULT_KEY).input("tiles", tiles)
                        .output("grid", grid).build(), out);
            }
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("config", config);
        training.put("real_training_matrices", matrices.size());
        training.put("steps", steps);
        training.put("seconds", Math.round(seconds));
        training.put("final_loss", finalLoss);
        new DetectorModel(Grid.TILE, Grid.CELLS, DetectorInput.CHANNELS, DetectorModel.Calibration.IDENTITY, training)
                .write(out);
        List<TrainingMatrix> held = new ArrayList<>(validation);
        Random synthetic = new Random(config.seed() * 31 + 11);
        for (int k = 0; k < config.syntheticHeldOut(); k++) {
            held.add(SyntheticMatrices.draw(synthetic));
        }
        DetectorModel.Calibration calibration;
        try (SegmentDetector uncalibrated = SegmentDetector.load(out, SegmentDetectorConfig.DEFAULT)) {
            calibration = calibrate(uncalibrated, held);
        }
        training.put("calibration_matrices", held.size());
        new DetectorModel(Grid.TILE, Grid.CELLS, DetectorInput.CHANNELS, calibration, training).write(out);
        Validation result;
        try (SegmentDetector calibrated = SegmentDetector.load(out, SegmentDetectorConfig.DEFAULT)) {
            result = validate(calibrated, validation.isEmpty() ? held : validation);
        }
        training.put("validation", result);
        new DetectorModel(Grid.TILE, Grid.CELLS, DetectorInput.CHANNELS, calibration, training).write(out);
        log.accept(String.format(Locale.ROOT, "trained %d steps in %.0f s; held-out precision %.3f recall %.3f",
                steps, seconds, result.precision(), result.recall()));
        return new Outcome(out, steps, seconds, finalLoss, result);
    }

    /** The network: four 3x3 convolutions with 2x2 max-pooling down to the 8x8 grid, three more there, a 1x1 head. */
    static Operand<TFloat32> network(Ops tf, Operand<TFloat32> tiles, Random init) {
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

    record Loss(Operand<TFloat32> total, Operand<TFloat32> objectness, Operand<TFloat32> box) {
    }

    /**
     * Weighted logistic loss on objectness plus squared error on the centre fractions (after the sigmoid) and log
     * extents of the cells that answer for a copy, per tile. Channels are picked by multiplying with one-hot masks:
     * only ops with registered gradients (Mul, Sum, Sigmoid, Abs, Exp, Log1p, Relu) are used.
     */
    static Loss loss(Ops tf, Operand<TFloat32> grid, Operand<TFloat32> target, Operand<TFloat32> weight,
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

    /**
     * Isotonic regression (pool adjacent violators) of "this merged box is a true copy" on its raw score, over the
     * held-out matrices, compressed to at most 32 knots.
     */
    static DetectorModel.Calibration calibrate(SegmentDetector detector, List<TrainingMatrix> held) {
        List<double[]> scored = new ArrayList<>(); // {raw score, 1 if true}
        List<List<Box>> found = detector.boxes(held.stream().map(TrainingMatrix::matrix).toList());
        for (int m = 0; m < held.size(); m++) {
            List<Box> boxes = found.get(m);
            boolean[] truth = matches(boxes, held.get(m).copies());
            for (int b = 0; b < boxes.size(); b++) {
                scored.add(new double[] {boxes.get(b).score(), truth[b] ? 1 : 0});
            }
        }
        if (scored.size() < 2) {
            return DetectorModel.Calibration.IDENTITY;
        }
        scored.sort(Comparator.comparingDouble(s -> s[0]));
        // Blocks of {sum of truths, count, last raw score}, merged while they decrease.
        List<double[]> blocks = new ArrayList<>();
        for (double[] s : scored) {
            blocks.add(new double[] {s[1], 1, s[0]});
            while (blocks.size() > 1 && mean(blocks.get(blocks.size() - 2)) >= mean(blocks.get(blocks.size() - 1))) {
                double[] top = blocks.remove(blocks.size() - 1);
                double[] below = blocks.get(blocks.size() - 1);
                below[0] += top[0];
                below[1] += top[1];
                below[2] = top[2];
            }
        }
        int step = Math.max(1, (blocks.size() + 31) / 32);
        List<Double> raws = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (int k = 0; k < blocks.size(); k += step) {
            double[] block = blocks.get(Math.min(blocks.size() - 1, k + step - 1));
            double value = mean(block);
            if (raws.isEmpty() || block[2] > raws.get(raws.size() - 1)) {
                raws.add(block[2]);
                values.add(values.isEmpty() ? value : Math.max(value, values.get(values.size() - 1)));
            }
        }
        return new DetectorModel.Calibration(raws.stream().mapToDouble(Double::doubleValue).toArray(),
                values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static double mean(double[] block) {
        return block[0] / block[1];
    }

    /** Precision and recall of the detector's reported segments against the held-out matrices' copies. */
    static Validation validate(SegmentDetector detector, List<TrainingMatrix> held) {
        List<List<Segment>> found = detector.localizeAll(
                held.stream().map(TrainingMatrix::matrix).toList());
        int copies = 0;
        int reported = 0;
        int correct = 0;
        for (int m = 0; m < held.size(); m++) {
            SimilarityMatrix matrix = held.get(m).matrix();
            List<Box> boxes = found.get(m).stream().map(s -> new Box(s.queryStart() / matrix.queryStep(),
                    s.queryEnd() / matrix.queryStep(), s.referenceStart() / matrix.referenceStep(),
                    s.referenceEnd() / matrix.referenceStep(), s.score())).toList();
            boolean[] truth = matches(boxes, held.get(m).copies());
            copies += held.get(m).copies().size();
            reported += boxes.size();
            for (boolean t : truth) {
                correct += t ? 1 : 0;
            }
        }
        return new Validation(held.size(), copies, reported, correct,
                reported == 0 ? 0 : (double) correct / reported, copies == 0 ? 0 : (double) correct / copies);
    }

    /**
     * Which boxes (best first) find a copy: each copy is found at most once, by a box whose span overlaps it by at
     * least half (intersection over union) on both axes.
     */
    static boolean[] matches(List<Box> boxes, List<TrainingMatrix.Copy> copies) {
        boolean[] truth = new boolean[boxes.size()];
        boolean[] taken = new boolean[copies.size()];
        for (int b = 0; b < boxes.size(); b++) {
            Box box = boxes.get(b);
            for (int c = 0; c < copies.size() && !truth[b]; c++) {
                TrainingMatrix.Copy copy = copies.get(c);
                if (!taken[c] && iou(box.queryStart(), box.queryEnd(), copy.queryStart(), copy.queryEnd()) >= 0.5
                        && iou(box.referenceStart(), box.referenceEnd(), copy.referenceStart(),
                        copy.referenceEnd()) >= 0.5) {
                    taken[c] = true;
                    truth[b] = true;
                }
            }
        }
        return truth;
    }

    private static double iou(double a0, double a1, double b0, double b1) {
        double common = Math.min(a1, b1) - Math.max(a0, b0);
        return common <= 0 ? 0 : common / (Math.max(a1, b1) - Math.min(a0, b0));
    }
}
