package org.vcd.train.backbone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
import org.vcd.train.embedder.TrainingFrames;

/**
 * A frame embedder on a pretrained trunk imported from an npm package (TensorFlow.js layers format): the frames'
 * bytes in, the trunk's activations at {@link BackboneEmbedderConfig#layer()} generalised-mean pooled, then a head
 * fitted on training-split frames: centred on their mean (uncentred, nearly every pair of frames scores about 0.98),
 * projected on their principal components with a partial whitening, L2-normalised. The result is a SavedModel that
 * {@link CnnEmbedder} serves like any learned embedder, with the package's provenance in its description.
 */
public final class BackboneEmbedder {

    /** The trunk's activations, named in the SavedModel's graph so a test can fetch them. */
    public static final String ACTIVATIONS = "backbone_activations";
    /** Frames per forward pass while fitting the head. */
    private static final int BATCH = 32;

    private BackboneEmbedder() {
    }

    /** What a build gives: the model folder, the frames the head was fitted on, the variance it keeps. */
    public record Outcome(Path folder, int frames, int videos, double keptVariance, double seconds) {
    }

    /**
     * Imports the trunk from {@code npmPackage} (an unpacked npm package folder: {@code package.json},
     * {@code dist/models/...}), fits the head on frames of {@code videos} (the caller chose the training split) and
     * writes the model folder {@code out}.
     */
    public static Outcome build(Path npmPackage, List<Path> videos, BackboneEmbedderConfig config, Path out,
                                Consumer<String> log) throws IOException {
        long start = System.nanoTime();
        Path modelFolder = npmPackage.resolve("dist").resolve("models").resolve(config.model());
        if (!Files.isRegularFile(npmPackage.resolve("package.json")) || !Files.isDirectory(modelFolder)) {
            throw new IOException(npmPackage + " is not an unpacked npm package with dist/models/" + config.model()
                    + " (npm pack nsfwjs@4.4.0 and untar it)");
        }
        TfjsModel model = TfjsModel.read(modelFolder);
        TrainingFrames frames = TrainingFrames.decode(videos, config.inputSize(), config.sampleRate(), log);
        if (frames.size() <= config.dimension()) {
            throw new IllegalArgumentException(frames.size() + " training frames are too few to fit " + config.dimension()
                    + " principal components; give more videos or a higher sample rate");
        }
        log.accept(String.format(Locale.ROOT, "fitting the head on %d frames of %d videos", frames.size(),
                frames.videos()));
        TensorFlowNatives.prepare();
        int side = config.inputSize();
        double kept;
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> input = tf.withName(CnnEmbedder.INPUT).placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, side, side, 3)));
            Parameters parameters = new Parameters(tf);
            Operand<TFloat32> activations = tf.withName(ACTIVATIONS).identity(
                    BackboneGraph.trunk(tf, parameters, normalised(tf, input, config), model, config.layer()));
            Operand<TFloat32> pooled = generalisedMean(tf, activations, config.gemPower());
            parameters.initialize(session);
            float[][] features = run(session, input, pooled, frames.frames(), side);
            Head head = Head.fit(features, config);
            kept = head.keptVariance();
            Operand<TFloat32> projected = tf.linalg.matMul(tf.math.sub(pooled, parameters.of(head.mean())),
                    parameters.of(head.projection()));
            Operand<TFloat32> squares = tf.reduceSum(tf.math.mul(projected, projected), tf.constant(1),
                    ReduceSum.keepDims(true));
            Operand<TFloat32> embedding = tf.withName(CnnEmbedder.OUTPUT).identity(
                    tf.math.mul(projected, tf.math.rsqrt(tf.math.add(squares, tf.constant(1e-12f)))));
            parameters.initialize(session);
            SavedModels.export(session, Signature.builder().key(Signature.DEFAULT_KEY)
                    .input(CnnEmbedder.INPUT, input).output(CnnEmbedder.OUTPUT, embedding).build(), out);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("backbone", provenance(npmPackage, model));
        training.put("config", config);
        training.put("videos", frames.videos());
        training.put("frames", frames.size());
        training.put("kept_variance", kept);
        training.put("seconds", Math.round(seconds));
        new EmbedderModel(side, config.dimension(), training).write(out);
        log.accept(String.format(Locale.ROOT, "built in %.0f s; %d components keep %.1f%% of the pooled features' "
                + "variance", seconds, config.dimension(), 100 * kept));
        return new Outcome(out, frames.size(), frames.videos(), kept, seconds);
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

    private static float[][] run(Session session, Placeholder<TFloat32> input, Operand<TFloat32> output,
                                 List<byte[]> frames, int side) {
        float[][] rows = new float[frames.size()][];
        for (int from = 0; from < frames.size(); from += BATCH) {
            int n = Math.min(BATCH, frames.size() - from);
            float[] batch = CnnEmbedder.inputValues(frames.subList(from, from + n), side);
            try (TFloat32 x = TFloat32.tensorOf(Shape.of(n, side, side, 3), DataBuffers.of(batch));
                 Result result = session.runner().feed(input, x).fetch(output).run()) {
                TFloat32 y = (TFloat32) result.get(0);
                int width = (int) y.shape().get(1);
                for (int f = 0; f < n; f++) {
                    rows[from + f] = new float[width];
                    for (int c = 0; c < width; c++) {
                        rows[from + f][c] = y.getFloat(f, c);
                    }
                }
            }
        }
        return rows;
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
