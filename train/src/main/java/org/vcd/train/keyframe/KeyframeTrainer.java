package org.vcd.train.keyframe;

import static org.vcd.tensorflow.Layers.temporalConv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.framework.optimizers.Adam;
import org.tensorflow.framework.optimizers.Optimizer;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;
import org.vcd.detector.spd.DetectorInput;
import org.vcd.detector.spd.DetectorModel;
import org.vcd.detector.spd.Grid;
import org.vcd.domain.VideoFeatures;
import org.vcd.keyframe.KeyframeModel;
import org.vcd.keyframe.LearnedKeyframes;
import org.vcd.keyframe.SelectorInput;
import org.vcd.tensorflow.SavedModels;
import org.vcd.tensorflow.TensorFlowNatives;
import org.vcd.train.TrainingLoop;
import org.vcd.train.detector.DetectorNetwork;
import org.vcd.train.detector.DetectorTrainingConfig;

/**
 * Trains the learned keyframe selector end to end through the segment pattern detector, in TensorFlow Java (graph
 * mode, Adam). A temporal 1-D CNN gives each dense reference frame a keep-probability; the kept frames (threshold
 * 0.5, straight-through: hard in the forward pass, the probability's gradient in the backward one), together with a
 * sparse uniform mask (the first frame of a window and one every max gap), are held on the reference grid as a
 * store would hold them (each grid column shows the last kept frame at or before its time), the detector's input
 * channels are computed from that matrix in the graph, and the detector scores it. The detector starts from a
 * trained one (the committed one by default) and learns with the selector, at its own smaller step size, the
 * matrices the selector's keyframes give (a detector trained on every 1 fps frame reads their staircases badly); it
 * is written beside the selector ({@link LearnedKeyframes#JOINT_DETECTOR}), with the calibration it started from.
 * With a step size of 0 it stays frozen and is not written. The loss is the detector's own training loss plus a
 * budget term pulling the keep rate to its target. The hold is differentiated through its expectation under the
 * keep-probabilities, since the hard hold has no useful gradient.
 */
public final class KeyframeTrainer {

    private static final int WIDTH = 32;
    private static final int KERNEL = 5;

    /**
     * @param trainingKeepRate      frames kept per video second in the last training windows (mostly over copies)
     * @param storedFramesPerSecond what the calibrated threshold stores on the training references
     */
    public record Outcome(Path model, int steps, double seconds, double finalLoss, double trainingKeepRate,
                          double storedFramesPerSecond) {
    }

    private KeyframeTrainer() {
    }

    /**
     * Trains on {@code examples} through the detector saved in {@code detector} and writes the model folder
     * {@code out}: SavedModel, {@value KeyframeModel#FILE} and {@value TrainingLoop#LOG}.
     */
    public static Outcome train(List<KeyframeExample> examples, Path detector, String embedder,
                                KeyframeTrainingConfig config, Path out, Consumer<String> log) throws IOException {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("no training pairs");
        }
        TensorFlowNatives.prepare();
        Files.createDirectories(out);
        int dimension = examples.get(0).reference().dimension();
        int channels = SelectorInput.CHANNELS;
        KeyframeWindows windows = new KeyframeWindows(examples, config, new Random(config.run().seed() * 31 + 5));
        TrainingLoop loop = new TrainingLoop(config.run(), TrainingLoop.STEPS_PER_LINE,
                List.of(new TrainingLoop.Metric("loss", 5), new TrainingLoop.Metric("detection_loss", 5),
                        new TrainingLoop.Metric("keep_rate", 4)));
        TrainingLoop.Result trained;
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Random init = new Random(config.run().seed());
            Placeholder<TFloat32> features = tf.withName(LearnedKeyframes.INPUT).placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, -1, channels)));
            Operand<TFloat32> logits = tf.withName(LearnedKeyframes.OUTPUT).identity(
                    selector(tf, features, channels, config, init));
            Inputs in = new Inputs(tf, windows.dense());
            Operand<TFloat32> keep = tf.math.mul(tf.math.sigmoid(logits), in.validFrames);
            Operand<TFloat32> held = hold(tf, keep, in, windows.dense());
            List<String> selectorVariables = variables(graph);
            Operand<TFloat32> grid = DetectorNetwork.network(tf, DetectorInput.channels(tf, held, in.validCells),
                    init);
            List<String> detectorVariables = new ArrayList<>(variables(graph));
            detectorVariables.removeAll(selectorVariables);
            DetectorNetwork.Loss detection = DetectorNetwork.loss(tf, grid, in.target, in.weight,
                    DetectorTrainingConfig.DEFAULT);
            Operand<TFloat32> kept = tf.math.add(in.forced, tf.math.mul(tf.math.sub(tf.constant(1f), in.forced),
                    straightThrough(tf, keep)));
            Operand<TFloat32> rate = tf.math.div(tf.reduceSum(tf.math.mul(kept, in.validFrames),
                    tf.constant(new int[] {0, 1})), tf.reduceSum(in.validFrames, tf.constant(new int[] {0, 1})));
            float target = (float) (config.keepRate() / config.sampleRate());
            Operand<TFloat32> budget = tf.math.mul(tf.constant(config.budgetWeight()),
                    tf.math.square(tf.math.sub(rate, tf.constant(target))));
            Operand<TFloat32> total = tf.math.add(detection.total(), budget);
            Assignments restore = new Assignments(tf, graph, detectorVariables);
            boolean joint = config.detectorLearningRate() > 0;
            Adam adam = new Adam(graph, config.run().learningRate());
            List<Optimizer.GradAndVar<? extends TType>> selectorGradients = new ArrayList<>();
            List<Optimizer.GradAndVar<? extends TType>> detectorGradients = new ArrayList<>();
            for (Optimizer.GradAndVar<?> g : adam.computeGradients(total)) {
                (detectorVariables.contains(g.getVariable().op().name()) ? detectorGradients : selectorGradients)
                        .add(g);
            }
            List<Op> minimize = new ArrayList<>(List.of(adam.applyGradients(selectorGradients, "train")));
            if (joint) {
                minimize.add(new Adam(graph, "DetectorAdam", config.detectorLearningRate())
                        .applyGradients(detectorGradients, "trainDetector"));
            }
            try (Session session = new Session(graph)) {
                session.initialize();
                try (SavedModelBundle bundle = SavedModelBundle.load(detector.toString(),
                        SavedModelBundle.DEFAULT_TAG)) {
                    restore.copyFrom(bundle.session(), variables(bundle.graph()), session);
                }
                trained = loop.run(out, log, () -> {
                    List<Tensor> fed = windows.next(config.run().batch()).tensors();
                    try {
                        Session.Runner runner = session.runner().feed(features, fed.get(0));
                        for (int k = 0; k < in.placeholders().size(); k++) {
                            runner.feed(in.placeholders().get(k), fed.get(k + 1));
                        }
                        minimize.forEach(runner::addTarget);
                        try (Result result = runner.fetch(total).fetch(detection.total()).fetch(rate).run()) {
                            // The keep rate is logged per video second, as the config's target is given.
                            return new double[] {((TFloat32) result.get(0)).getFloat(),
                                    ((TFloat32) result.get(1)).getFloat(),
                                    ((TFloat32) result.get(2)).getFloat() * config.sampleRate()};
                        }
                    } finally {
                        fed.forEach(Tensor::close);
                    }
                });
                SavedModels.export(session, Signature.builder().key(Signature.DEFAULT_KEY)
                        .input(LearnedKeyframes.INPUT, features).output(LearnedKeyframes.OUTPUT, logits).build(), out);
                if (joint) {
                    exportDetector(session, detectorVariables, detector, out.resolve(LearnedKeyframes.JOINT_DETECTOR));
                }
            }
        }
        int steps = trained.steps();
        double finalLoss = trained.finalMeans()[0];
        double keepRate = trained.finalMeans()[2];
        double seconds = loop.seconds();
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("config", config);
        training.put("detector", DetectorModel.read(detector).training().getOrDefault("config", Map.of()));
        training.put("training_pairs", examples.size());
        training.put("steps", steps);
        training.put("seconds", Math.round(seconds));
        training.put("final_loss", finalLoss);
        training.put("final_training_keep_rate", keepRate);
        new KeyframeModel(embedder, dimension, config.sampleRate(), 0.5, config.maxGapSeconds(), training)
                .write(out);
        Calibrated calibrated = calibrate(out, examples, config.keepRate());
        training.put("calibrated_on_training_references", calibrated);
        new KeyframeModel(embedder, dimension, config.sampleRate(), calibrated.threshold(), config.maxGapSeconds(),
                training).write(out);
        double stored = calibrated.storedFramesPerSecond();
        log.accept(String.format(Locale.ROOT, "trained %d steps in %.0f s; threshold %.4f stores %.3f frames per "
                + "second on the training references", steps, seconds, calibrated.threshold(), stored));
        return new Outcome(out, steps, seconds, finalLoss, keepRate, stored);
    }

    /** The temporal CNN: three 5-frame convolutions and a 1x1 head, a logit per frame ({@code [videos, frames]}). */
    private static Operand<TFloat32> selector(Ops tf, Operand<TFloat32> features, int channels,
                                              KeyframeTrainingConfig config, Random init) {
        Operand<TFloat32> x = tf.expandDims(features, tf.constant(1));
        x = temporalConv(tf, x, channels, WIDTH, KERNEL, init, true, 0f);
        x = temporalConv(tf, x, WIDTH, WIDTH, KERNEL, init, true, 0f);
        x = temporalConv(tf, x, WIDTH, WIDTH, KERNEL, init, true, 0f);
        // Start every frame at the target share: keeping nothing but the forced frames, the budget pulls up.
        double share = config.keepRate() / config.sampleRate();
        x = temporalConv(tf, x, WIDTH, 1, 1, init, false, (float) Math.log(share / (1 - share)));
        return tf.squeeze(x, Squeeze.axis(List.of(1L, 3L)));
    }

    /** 1 where {@code p >= 0.5} in the forward pass, with the gradient of {@code p} in the backward one. */
    private static Operand<TFloat32> straightThrough(Ops tf, Operand<TFloat32> p) {
        Operand<TFloat32> hard = tf.math.mul(tf.constant(0.5f),
                tf.math.add(tf.math.sign(tf.math.sub(p, tf.constant(0.5f))), tf.constant(1f)));
        return tf.math.add(hard, tf.math.sub(p, tf.stopGradient(p)));
    }

    /**
     * The query x reference-grid matrix a store holding the kept frames would give: column j shows the last kept
     * frame at or before its time. Forward, the hard hold; backward, the gradient of the expected hold when each
     * frame is kept with its probability.
     */
    private static Operand<TFloat32> hold(Ops tf, Operand<TFloat32> keep, Inputs in, int dense) {
        Operand<TFloat32> one = tf.constant(1f);
        Operand<TFloat32> notForced = tf.math.sub(one, in.forced);
        Operand<TFloat32> hard = tf.stopGradient(tf.math.add(in.forced,
                tf.math.mul(notForced, straightThrough(tf, keep))));
        float[] upper = new float[dense * dense];
        for (int l = 0; l < dense; l++) {
            for (int k = l; k < dense; k++) {
                upper[l * dense + k] = 1;
            }
        }
        Operand<TFloat32> cumulative = tf.constant(Shape.of(dense, dense), DataBuffers.of(upper));
        // Kept frames up to each frame; a frame is held at column j when none is kept after it up to j's frame.
        Operand<TFloat32> count = tf.linalg.matMul(hard, cumulative);
        Operand<TFloat32> countAtColumn = atColumns(tf, count, in.columnFrame);
        Operand<TFloat32> hardHold = tf.math.mul(tf.math.mul(tf.expandDims(hard, tf.constant(2)),
                tf.nn.relu(tf.math.sub(one, tf.math.sub(tf.expandDims(countAtColumn, tf.constant(1)),
                        tf.expandDims(count, tf.constant(2)))))), in.upToColumn);
        // The expected hold: p_k times the chance that no frame after k up to j's frame is kept.
        Operand<TFloat32> soft = tf.math.add(in.forced, tf.math.mul(notForced,
                tf.math.mul(tf.constant(0.98f), keep)));
        Operand<TFloat32> skipped = tf.linalg.matMul(tf.math.log(tf.math.add(tf.math.sub(one, soft),
                tf.constant(1e-6f))), cumulative);
        Operand<TFloat32> skippedAtColumn = atColumns(tf, skipped, in.columnFrame);
        Operand<TFloat32> softHold = tf.math.mul(tf.math.mul(tf.expandDims(soft, tf.constant(2)),
                tf.math.exp(tf.math.mul(tf.math.sub(tf.expandDims(skippedAtColumn, tf.constant(1)),
                        tf.expandDims(skipped, tf.constant(2))), in.upToColumn))), in.upToColumn);
        Operand<TFloat32> weights = tf.math.add(hardHold, tf.math.sub(softHold, tf.stopGradient(softHold)));
        // [windows, rows, dense, 1] x [windows, 1, dense, columns], summed over the dense frames.
        return tf.reduceSum(tf.math.mul(tf.expandDims(in.similarity, tf.constant(3)),
                tf.expandDims(weights, tf.constant(1))), tf.constant(2));
    }

    /** {@code [windows, dense]} values read at each column's frame: {@code [windows, columns]}. */
    private static Operand<TFloat32> atColumns(Ops tf, Operand<TFloat32> perFrame, Operand<TFloat32> columnFrame) {
        return tf.reduceSum(tf.math.mul(tf.expandDims(perFrame, tf.constant(2)), columnFrame), tf.constant(1));
    }

    /** The names of the graph's variables in the order they were made. */
    private static List<String> variables(Graph graph) {
        List<String> names = new ArrayList<>();
        for (Iterator<GraphOperation> it = graph.operations(); it.hasNext(); ) {
            GraphOperation op = it.next();
            if (op.type().startsWith("Variable")) {
                names.add(op.name());
            }
        }
        return names;
    }

    /**
     * Writes the jointly trained detector as a detector model folder {@code out} of its own (tiles in, grid out, as
     * {@code DetectorTrainer} exports one), with the calibration of the detector it started from.
     */
    private static void exportDetector(Session trained, List<String> trainedVariables, Path base, Path out)
            throws IOException {
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            DetectorNetwork network = DetectorNetwork.build(tf, new Random(0));
            Assignments assign = new Assignments(tf, graph, variables(graph));
            try (Session session = new Session(graph)) {
                session.initialize();
                assign.copyFrom(trained, trainedVariables, session);
                network.export(session, out);
            }
        }
        DetectorModel started = DetectorModel.read(base);
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("trained_jointly_with_keyframes_from", started.training().getOrDefault("config", Map.of()));
        new DetectorModel(Grid.TILE, Grid.CELLS, DetectorInput.CHANNELS, started.calibration(), training).write(out);
    }

    /**
     * Assign ops for a graph's variables, to load them from another session's variables of the same network, built
     * by the same code: the same variables in the same order and of the same shapes (an optimiser's slots, made
     * after them, are left out).
     */
    private static final class Assignments {
        private final Map<String, Op> assign = new LinkedHashMap<>();
        private final Map<String, Placeholder<TFloat32>> values = new LinkedHashMap<>();

        Assignments(Ops tf, Graph graph, List<String> names) {
            for (String name : names) {
                Placeholder<TFloat32> value = tf.placeholder(TFloat32.class);
                assign.put(name, tf.assign(graph.operation(name).output(0).expect(TFloat32.class), value));
                values.put(name, value);
            }
        }

        void copyFrom(Session source, List<String> sourceNames, Session target) {
            if (sourceNames.size() < assign.size()) {
                throw new IllegalArgumentException("the source model has " + sourceNames.size()
                        + " variables; this code's detector has " + assign.size());
            }
            Session.Runner runner = target.runner();
            List<Tensor> weights = new ArrayList<>();
            try {
                int k = 0;
                for (String name : assign.keySet()) {
                    try (Result fetched = source.runner().fetch(sourceNames.get(k++)).run()) {
                        Tensor weight = TFloat32.tensorOf(fetched.get(0).shape(), ((TFloat32) fetched.get(0))::copyTo);
                        weights.add(weight);
                        runner.feed(values.get(name), weight).addTarget(assign.get(name));
                    }
                }
                runner.run();
            } finally {
                weights.forEach(Tensor::close);
            }
        }
    }

    /** The keep threshold chosen for a model, and the stored frames per video second it gives. */
    record Calibrated(double threshold, double storedFramesPerSecond) {
    }

    /**
     * The keep threshold at which the exported selector stores {@code keepRate} frames per video second on the
     * training references (bisection: a higher threshold never keeps more). Training windows sit mostly over
     * copies, so the keep rate the budget term saw there is not the rate a whole library gets.
     */
    private static Calibrated calibrate(Path model, List<KeyframeExample> examples, double keepRate)
            throws IOException {
        Map<VideoFeatures, float[]> references = new IdentityHashMap<>();
        try (LearnedKeyframes selector = LearnedKeyframes.load(model)) {
            examples.forEach(e -> references.computeIfAbsent(e.reference(), selector::keepProbabilities));
            double low = 1e-4;
            double high = 1 - 1e-4;
            for (int k = 0; k < 20; k++) {
                double middle = (low + high) / 2;
                if (storedFramesPerSecond(selector.withThreshold(middle), references) > keepRate) {
                    low = middle;
                } else {
                    high = middle;
                }
            }
            return new Calibrated(high, storedFramesPerSecond(selector.withThreshold(high), references));
        }
    }

    /** Stored frames per video second of {@code references}, each with its keep-probabilities. */
    private static double storedFramesPerSecond(LearnedKeyframes selector, Map<VideoFeatures, float[]> references) {
        double frames = 0;
        double seconds = 0;
        for (Map.Entry<VideoFeatures, float[]> reference : references.entrySet()) {
            frames += selector.select(reference.getKey(), reference.getValue()).frameCount();
            seconds += reference.getKey().durationSeconds();
        }
        return seconds == 0 ? 0 : frames / seconds;
    }

    /** The graph's inputs besides the selector's features, fed per batch in this order. */
    private static final class Inputs {
        final Placeholder<TFloat32> similarity;
        final Placeholder<TFloat32> validFrames;
        final Placeholder<TFloat32> forced;
        final Placeholder<TFloat32> columnFrame;
        final Placeholder<TFloat32> upToColumn;
        final Placeholder<TFloat32> validCells;
        final Placeholder<TFloat32> target;
        final Placeholder<TFloat32> weight;

        Inputs(Ops tf, int dense) {
            similarity = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, Grid.TILE, dense)));
            validFrames = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, dense)));
            forced = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, dense)));
            columnFrame = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, dense, Grid.TILE)));
            upToColumn = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, dense, Grid.TILE)));
            validCells = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, Grid.TILE, Grid.TILE)));
            target = tf.placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, Grid.CELLS, Grid.CELLS, Grid.OUTPUTS)));
            weight = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, Grid.CELLS, Grid.CELLS, 2)));
        }

        List<Placeholder<TFloat32>> placeholders() {
            return List.of(similarity, validFrames, forced, columnFrame, upToColumn, validCells, target, weight);
        }
    }
}
