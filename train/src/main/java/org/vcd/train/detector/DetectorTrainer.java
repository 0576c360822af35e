package org.vcd.train.detector;

import java.io.IOException;
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
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.framework.optimizers.Adam;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.vcd.detector.spd.DetectorInput;
import org.vcd.detector.spd.DetectorModel;
import org.vcd.detector.spd.Grid;
import org.vcd.detector.spd.GridCopy;
import org.vcd.detector.spd.SegmentDetector;
import org.vcd.detector.spd.SegmentDetectorConfig;
import org.vcd.domain.Segment;
import org.vcd.domain.SimilarityMatrix;
import org.vcd.tensorflow.TensorFlowNatives;
import org.vcd.train.TrainingLoop;

/**
 * Trains the segment pattern detector in TensorFlow Java (graph mode, Adam) on tiles cut from real matrices with
 * known copies and from synthetic ones, exports it as a SavedModel, then calibrates its scores on held-out matrices
 * through the very inference path that serves it ({@link SegmentDetector}, DJL).
 */
public final class DetectorTrainer {


    /** Serving's settings, but every merged and snapped box reported with its raw score: calibration sees them all. */
    private static final SegmentDetectorConfig UNFILTERED = unfiltered(SegmentDetectorConfig.DEFAULT);

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
     * {@value TrainingLoop#LOG}.
     */
    public static Outcome train(List<TrainingMatrix> matrices, List<TrainingMatrix> validation,
                                DetectorTrainingConfig config, Path out, Consumer<String> log) throws IOException {
        TensorFlowNatives.prepare();
        Files.createDirectories(out);
        TrainingLoop loop = new TrainingLoop(config.run(), TrainingLoop.STEPS_PER_LINE,
                List.of(new TrainingLoop.Metric("loss", 5), new TrainingLoop.Metric("objectness_loss", 5),
                        new TrainingLoop.Metric("box_loss", 5)));
        TrainingLoop.Result trained;
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Random init = new Random(config.run().seed());
            DetectorNetwork network = DetectorNetwork.build(tf, init);
            Placeholder<TFloat32> target = tf.placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, Grid.CELLS, Grid.CELLS, Grid.OUTPUTS)));
            Placeholder<TFloat32> weight = tf.placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, Grid.CELLS, Grid.CELLS, 2)));
            DetectorNetwork.Loss loss = DetectorNetwork.loss(tf, network.grid(), target, weight, config);
            Op minimize = new Adam(graph, config.run().learningRate()).minimize(loss.total());
            try (TileSampler sampler = new TileSampler(matrices, config, new Random(config.run().seed() * 31 + 7));
                 Session session = new Session(graph)) {
                session.initialize();
                trained = loop.run(out, log, () -> {
                    TileSampler.Batch batch = sampler.next(config.run().batch());
                    try (TFloat32 x = batch.tiles(); TFloat32 y = batch.targets(); TFloat32 w = batch.weights();
                         Result result = session.runner().feed(network.tiles(), x).feed(target, y).feed(weight, w)
                                 .addTarget(minimize).fetch(loss.total()).fetch(loss.objectness())
                                 .fetch(loss.box()).run()) {
                        return new double[] {((TFloat32) result.get(0)).getFloat(),
                                ((TFloat32) result.get(1)).getFloat(), ((TFloat32) result.get(2)).getFloat()};
                    }
                });
                network.export(session, out);
            }
        }
        int steps = trained.steps();
        double finalLoss = trained.finalMeans()[0];
        double seconds = loop.seconds();
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("config", config);
        training.put("real_training_matrices", matrices.size());
        training.put("steps", steps);
        training.put("seconds", Math.round(seconds));
        training.put("final_loss", finalLoss);
        new DetectorModel(Grid.TILE, Grid.CELLS, DetectorInput.CHANNELS, DetectorModel.Calibration.IDENTITY, training)
                .write(out);
        List<TrainingMatrix> held = new ArrayList<>(validation);
        Random synthetic = new Random(config.run().seed() * 31 + 11);
        for (int k = 0; k < config.syntheticHeldOut(); k++) {
            held.add(SyntheticMatrices.draw(synthetic, config.staticShare()));
        }
        DetectorModel.Calibration calibration;
        try (SegmentDetector uncalibrated = SegmentDetector.load(out, UNFILTERED)) {
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

    private static SegmentDetectorConfig unfiltered(SegmentDetectorConfig c) {
        return new SegmentDetectorConfig(0, c.candidateScore(), c.mergeOverlap(), c.maxOverlap(), 0,
                Integer.MAX_VALUE, c.batchTiles(), c.snapToLines(), c.dimLine(), c.brightLine(), c.bestGap(),
                c.lookAlikeGap());
    }

    /**
     * Isotonic regression (pool adjacent violators) of "this merged box is a true copy" on its raw score, over the
     * held-out matrices, compressed to at most 32 knots.
     */
    static DetectorModel.Calibration calibrate(SegmentDetector uncalibrated, List<TrainingMatrix> held) {
        List<double[]> scored = new ArrayList<>(); // {raw score, 1 if true}
        List<List<Segment>> found = inCells(uncalibrated, held);
        for (int m = 0; m < held.size(); m++) {
            List<Segment> boxes = found.get(m);
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
        List<List<Segment>> found = inCells(detector, held);
        int copies = 0;
        int reported = 0;
        int correct = 0;
        for (int m = 0; m < held.size(); m++) {
            boolean[] truth = matches(found.get(m), held.get(m).copies());
            copies += held.get(m).copies().size();
            reported += found.get(m).size();
            for (boolean t : truth) {
                correct += t ? 1 : 0;
            }
        }
        return new Validation(held.size(), copies, reported, correct,
                reported == 0 ? 0 : (double) correct / reported, copies == 0 ? 0 : (double) correct / copies);
    }

    /** What {@code detector} reports on each matrix, in grid cells (as the copies are), best first. */
    private static List<List<Segment>> inCells(SegmentDetector detector, List<TrainingMatrix> held) {
        List<List<Segment>> found = detector.localizeAll(held.stream().map(TrainingMatrix::matrix).toList());
        List<List<Segment>> cells = new ArrayList<>(found.size());
        for (int m = 0; m < held.size(); m++) {
            SimilarityMatrix matrix = held.get(m).matrix();
            cells.add(found.get(m).stream().map(s -> new Segment(
                    SimilarityMatrix.edge(s.queryStart(), matrix.queryStep()),
                    SimilarityMatrix.edge(s.queryEnd(), matrix.queryStep()),
                    SimilarityMatrix.edge(s.referenceStart(), matrix.referenceStep()),
                    SimilarityMatrix.edge(s.referenceEnd(), matrix.referenceStep()), s.score())).toList());
        }
        return cells;
    }

    /**
     * Which boxes (best first) find a copy: each copy is found at most once, by a box whose span overlaps it by at
     * least half (intersection over union) on both axes.
     */
    static boolean[] matches(List<Segment> boxes, List<GridCopy> copies) {
        boolean[] truth = new boolean[boxes.size()];
        boolean[] taken = new boolean[copies.size()];
        for (int b = 0; b < boxes.size(); b++) {
            Segment box = boxes.get(b);
            for (int c = 0; c < copies.size() && !truth[b]; c++) {
                GridCopy copy = copies.get(c);
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
