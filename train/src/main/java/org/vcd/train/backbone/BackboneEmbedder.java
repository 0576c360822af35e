package org.vcd.train.backbone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.op.linalg.SelfAdjointEig;
import org.tensorflow.types.TFloat32;
import org.vcd.ingest.cnn.CnnEmbedder;
import org.vcd.ingest.cnn.EmbedderModel;
import org.vcd.tensorflow.SavedModels;
import org.vcd.tensorflow.TensorFlowNatives;
import org.vcd.train.embedder.CopyAugmentations;
import org.vcd.train.embedder.TrainingFrames;

/**
 * A frame embedder on a pretrained trunk imported from an npm package (TensorFlow.js layers format): the frames'
 * bytes in, the trunk's activations at {@link BackboneEmbedderConfig#layer()} generalised-mean pooled, then a head:
 * either trained with InfoNCE on copy-style views of training frames and images ({@link ProjectionHead}), or fitted on
 * them: centred on their mean (uncentred, nearly every pair of frames scores about 0.98), projected on their principal
 * components with a partial whitening, L2-normalised. The result is a SavedModel that
 * {@link CnnEmbedder} serves like any learned embedder, with the package's provenance in its description.
 */
public final class BackboneEmbedder {

    /** The trunk's activations, named in the SavedModel's graph so a test can fetch them. */
    public static final String ACTIVATIONS = "backbone_activations";
    /** Frames per forward pass while fitting the head. */
    private static final int BATCH = 32;

    private BackboneEmbedder() {
    }

    /** What a build gives: the model folder, the frames (and images) the head was fitted or trained on. */
    public record Outcome(Path folder, int frames, int videos, int images, double keptVariance, double seconds) {
    }

    /**
     * Imports the trunk from {@code npmPackage} (an unpacked npm package folder: {@code package.json},
     * {@code dist/models/...}), fits or trains the head on frames of {@code videos} (the caller chose the training
     * split) and on {@code images}, and writes the model folder {@code out}.
     */
    public static Outcome build(Path npmPackage, List<Path> videos, List<Path> images, BackboneEmbedderConfig config,
                                Path out, Consumer<String> log) throws IOException {
        long start = System.nanoTime();
        Path modelFolder = npmPackage.resolve("dist").resolve("models").resolve(config.model());
        if (!Files.isRegularFile(npmPackage.resolve("package.json")) || !Files.isDirectory(modelFolder)) {
            throw new IOException(npmPackage + " is not an unpacked npm package with dist/models/" + config.model()
                    + " (npm pack nsfwjs@4.4.0 and untar it)");
        }
        TfjsModel model = TfjsModel.read(modelFolder);
        HeadTrainingConfig trained = config.head();
        int side = config.inputSize();
        int held = trained != null ? trained.sourceSize() : side;
        TrainingFrames videoFrames = TrainingFrames.decode(videos, held, config.sampleRate(), log);
        TrainingFrames stills = TrainingFrames.images(images, held, log);
        TrainingFrames frames = videoFrames.and(stills);
        if (frames.size() <= config.dimension()) {
            throw new IllegalArgumentException(frames.size() + " training frames are too few for a head of "
                    + config.dimension() + " dimensions; give more videos or images, or a higher sample rate");
        }
        log.accept(String.format(Locale.ROOT, "%s the head on %d frames of %d videos and %d images",
                trained != null ? "training" : "fitting", videoFrames.size(), videoFrames.videos(), stills.size()));
        Files.createDirectories(out);
        TensorFlowNatives.prepare();
        Map<String, Object> training = new LinkedHashMap<>();
        double kept = Double.NaN;
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> input = tf.withName(CnnEmbedder.INPUT).placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, side, side, 3)));
            Parameters parameters = new Parameters(tf);
            Operand<TFloat32> activations = tf.withName(ACTIVATIONS).identity(
                    BackboneGraph.trunk(tf, parameters, normalised(tf, input, config), model, config.layer()));
            Operand<TFloat32> pooled = generalisedMean(tf, activations, config.gemPower());
            parameters.initialize(session);
            Operand<TFloat32> embedding;
            if (trained != null) {
                float[][][] features = viewFeatures(session, input, pooled, frames, side, trained, log);
                float[][] plain = new float[features.length][];
                for (int f = 0; f < features.length; f++) {
                    plain[f] = features[f][0];
                }
                ProjectionHead.Trained head = ProjectionHead.train(features, frames, Head.fit(plain, config), trained,
                        out, log);
                embedding = head.head().apply(tf, parameters, pooled);
                training.put("steps", head.steps());
                training.put("final_loss", head.finalLoss());
                training.put("final_batch_accuracy", head.finalAccuracy());
            } else {
                List<byte[]> plain = frames.frames();
                float[][] features = new float[plain.size()][];
                run(session, input, pooled, plain, side, (from, rows) -> System.arraycopy(rows, 0, features, from,
                        rows.length));
                Head head = Head.fit(features, config);
                kept = head.keptVariance();
                training.put("kept_variance", kept);
                Operand<TFloat32> projected = tf.linalg.matMul(tf.math.sub(pooled, parameters.of(head.mean())),
                        parameters.of(head.projection()));
                Operand<TFloat32> squares = tf.reduceSum(tf.math.mul(projected, projected), tf.constant(1),
                        ReduceSum.keepDims(true));
                embedding = tf.math.mul(projected, tf.math.rsqrt(tf.math.add(squares, tf.constant(1e-12f))));
            }
            Operand<TFloat32> output = tf.withName(CnnEmbedder.OUTPUT).identity(embedding);
            parameters.initialize(session);
            SavedModels.export(session, Signature.builder().key(Signature.DEFAULT_KEY)
                    .input(CnnEmbedder.INPUT, input).output(CnnEmbedder.OUTPUT, output).build(), out);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        training.put("backbone", provenance(npmPackage, model));
        training.put("config", config);
        training.put("videos", videoFrames.videos());
        training.put("frames", videoFrames.size());
        training.put("images", stills.size());
        training.put("seconds", Math.round(seconds));
        new EmbedderModel(side, config.dimension(), training).write(out);
        log.accept(String.format(Locale.ROOT, "built in %.0f s", seconds));
        return new Outcome(out, videoFrames.size(), videoFrames.videos(), stills.size(), kept, seconds);
    }

    /**
     * The pooled trunk features of each frame's plain view (view 0) and {@code config.views()} augmented ones,
     * {@code [frame][view][channel]}. The views of the next frames are made on their own thread while the trunk runs;
     * one thread in order, so they stay those of the seed.
     */
    private static float[][][] viewFeatures(Session session, Placeholder<TFloat32> input, Operand<TFloat32> pooled,
                                            TrainingFrames frames, int side, HeadTrainingConfig config,
                                            Consumer<String> log) {
        CopyAugmentations augment = new CopyAugmentations(frames.side(), side);
        Random random = new Random(config.run().seed() * 31 + 7);
        int perFrame = config.views() + 1;
        int chunk = Math.max(1, BATCH / perFrame);
        float[][][] features = new float[frames.size()][perFrame][];
        ExecutorService prefetch = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "vcd-backbone-views");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Future<List<byte[]>> pending = prefetch.submit(() -> views(frames, 0, chunk, perFrame, augment, random));
            for (int from = 0; from < frames.size(); from += chunk) {
                List<byte[]> views = pending.get();
                int next = from + chunk;
                pending = prefetch.submit(() -> views(frames, next, chunk, perFrame, augment, random));
                int first = from;
                run(session, input, pooled, views, side, (at, rows) -> {
                    for (int r = 0; r < rows.length; r++) {
                        features[first + (at + r) / perFrame][(at + r) % perFrame] = rows[r];
                    }
                });
                if ((from / chunk) % 100 == 99) {
                    log.accept(String.format(Locale.ROOT, "trunk features of %d of %d frames", next, frames.size()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while computing the trunk's features", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("making the views failed: " + e.getCause(), e.getCause());
        } finally {
            prefetch.shutdownNow();
        }
        return features;
    }

    /** The plain and augmented views of frames {@code from} to {@code from + count} (fewer at the end). */
    private static List<byte[]> views(TrainingFrames frames, int from, int count, int perFrame,
                                      CopyAugmentations augment, Random random) {
        List<byte[]> views = new ArrayList<>();
        for (int f = from; f < Math.min(frames.size(), from + count); f++) {
            byte[] frame = frames.frames().get(f);
            views.add(augment.plain(frame));
            for (int v = 1; v < perFrame; v++) {
                views.add(augment.view(frame, frames.otherVideo(f, random), random));
            }
        }
        return views;
    }

    /** BGR bytes as floats to RGB in the trunk's range. */
    static Operand<TFloat32> normalised(Ops tf, Operand<TFloat32> bgr, BackboneEmbedderConfig config) {
        Operand<TFloat32> rgb = tf.reverse(bgr, tf.constant(new int[] {3}));
        return config.inputRange().equals("unit") ? tf.math.mul(rgb, tf.constant(1f / 255))
                : tf.math.sub(tf.math.mul(rgb, tf.constant(2f / 255)), tf.constant(1f));
    }

    /** (mean over positions of x^p)^(1/p) per channel; activations are ReLU outputs, floored to keep pow finite. */
    static Operand<TFloat32> generalisedMean(Ops tf, Operand<TFloat32> x, double power) {
        Operand<TFloat32> p = tf.constant((float) power);
        Operand<TFloat32> mean = tf.math.mean(tf.math.pow(tf.math.maximum(x, tf.constant(1e-6f)), p),
                tf.constant(new int[] {1, 2}));
        return tf.math.pow(mean, tf.constant((float) (1 / power)));
    }

    /** Receives the rows of a batch of outputs, starting at frame {@code from}. */
    @FunctionalInterface
    private interface Rows {
        void accept(int from, float[][] rows);
    }

    /** Runs {@code frames} through the graph to {@code output} in batches. */
    private static void run(Session session, Placeholder<TFloat32> input, Operand<TFloat32> output,
                            List<byte[]> frames, int side, Rows rows) {
        for (int from = 0; from < frames.size(); from += BATCH) {
            int n = Math.min(BATCH, frames.size() - from);
            float[] batch = CnnEmbedder.inputValues(frames.subList(from, from + n), side);
            try (TFloat32 x = TFloat32.tensorOf(Shape.of(n, side, side, 3), DataBuffers.of(batch));
                 Result result = session.runner().feed(input, x).fetch(output).run()) {
                TFloat32 y = (TFloat32) result.get(0);
                int width = (int) y.shape().get(1);
                float[][] out = new float[n][width];
                for (int f = 0; f < n; f++) {
                    for (int c = 0; c < width; c++) {
                        out[f][c] = y.getFloat(f, c);
                    }
                }
                rows.accept(from, out);
            }
        }
    }

    /**
     * The fitted head: the features' mean and a projection on the top {@code dimension} principal components, each
     * scaled by its eigenvalue to the power {@code -whitening}.
     */
    record Head(float[] mean, float[][] projection, double keptVariance) {

        static Head fit(float[][] features, BackboneEmbedderConfig config) {
            int n = features.length;
            int width = features[0].length;
            if (config.dimension() > width) {
                throw new IllegalArgumentException("layer " + config.layer() + " has " + width + " channels; the head "
                        + "cannot keep " + config.dimension());
            }
            double[] mean = new double[width];
            for (float[] row : features) {
                for (int c = 0; c < width; c++) {
                    mean[c] += row[c] / (double) n;
                }
            }
            float[][] covariance = new float[width][width];
            double[] centred = new double[width];
            double[][] sums = new double[width][width];
            for (float[] row : features) {
                for (int c = 0; c < width; c++) {
                    centred[c] = row[c] - mean[c];
                }
                for (int a = 0; a < width; a++) {
                    for (int b = a; b < width; b++) {
                        sums[a][b] += centred[a] * centred[b];
                    }
                }
            }
            for (int a = 0; a < width; a++) {
                for (int b = a; b < width; b++) {
                    covariance[a][b] = (float) (sums[a][b] / (n - 1));
                    covariance[b][a] = covariance[a][b];
                }
            }
            // A graph of its own: the covariance must not travel in the exported model's graph.
            try (Graph graph = new Graph(); Session session = new Session(graph);
                 Result result = eigen(graph, session, covariance)) {
                TFloat32 values = (TFloat32) result.get(0); // ascending
                TFloat32 vectors = (TFloat32) result.get(1); // columns
                double total = 0;
                for (int i = 0; i < width; i++) {
                    total += Math.max(0, values.getFloat(i));
                }
                double kept = 0;
                float[][] projection = new float[width][config.dimension()];
                for (int k = 0; k < config.dimension(); k++) {
                    int column = width - 1 - k;
                    double value = Math.max(values.getFloat(column), 1e-9);
                    kept += value;
                    double scale = Math.pow(value, -config.whitening());
                    for (int c = 0; c < width; c++) {
                        projection[c][k] = (float) (vectors.getFloat(c, column) * scale);
                    }
                }
                float[] meanFloats = new float[width];
                for (int c = 0; c < width; c++) {
                    meanFloats[c] = (float) mean[c];
                }
                return new Head(meanFloats, projection, kept / total);
            }
        }

        /** Eigenvalues (ascending) and eigenvectors (columns) of a symmetric matrix. */
        private static Result eigen(Graph graph, Session session, float[][] symmetric) {
            Ops tf = Ops.create(graph);
            SelfAdjointEig<TFloat32> eig = tf.linalg.selfAdjointEig(tf.constant(symmetric), SelfAdjointEig.computeV(true));
            return session.runner().fetch(eig.e()).fetch(eig.v()).run();
        }
    }

    /** The package's name, version and licence and every file read, with its SHA-256. */
    private static Map<String, Object> provenance(Path npmPackage, TfjsModel model) throws IOException {
        JsonNode manifest = new ObjectMapper().readTree(npmPackage.resolve("package.json").toFile());
        Map<String, Object> files = new LinkedHashMap<>();
        for (Path file : model.files()) {
            files.put(npmPackage.relativize(file).toString(), SavedModels.sha256(List.of(file)));
        }
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("package", manifest.path("name").asText());
        provenance.put("version", manifest.path("version").asText());
        provenance.put("licence", manifest.path("license").asText());
        provenance.put("sha256", files);
        return provenance;
    }
}
