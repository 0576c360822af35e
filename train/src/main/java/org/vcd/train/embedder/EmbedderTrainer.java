package org.vcd.train.embedder;

import static org.vcd.tensorflow.Layers.conv;
import static org.vcd.tensorflow.Layers.dense;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
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
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.vcd.ingest.cnn.CnnEmbedder;
import org.vcd.ingest.cnn.EmbedderModel;
import org.vcd.tensorflow.SavedModels;
import org.vcd.tensorflow.TensorFlowNatives;
import org.vcd.train.TrainingLoop;

/**
 * Trains the learned frame embedder in TensorFlow Java (graph mode, Adam), self-supervised: each step takes a batch
 * of frames from the training videos, makes two copy-style views of each ({@link CopyAugmentations}) and minimises
 * InfoNCE: every view must pick its twin out of all views of the batch, the other videos' frames being negatives.
 * Frames of one video close in time may show the same picture, so they are neither. Exports a SavedModel, its
 * {@value EmbedderModel#FILE} and {@value TrainingLoop#LOG} (a line per step).
 */
public final class EmbedderTrainer {

    public record Outcome(Path model, int frames, int videos, int steps, double seconds, double finalLoss,
                          double finalAccuracy) {
    }

    private EmbedderTrainer() {
    }

    /** Decodes {@code videos} (the caller chose the training split) and trains on their frames. */
    public static Outcome train(List<Path> videos, EmbedderTrainingConfig config, Path out, Consumer<String> log)
            throws IOException {
        TrainingFrames frames = TrainingFrames.decode(videos, config.sourceSize(), config.sampleRate(), log);
        return train(frames, config, out, log);
    }

    /** Trains on {@code frames} (of {@code config.sourceSize()} px) and writes the model folder {@code out}. */
    public static Outcome train(TrainingFrames frames, EmbedderTrainingConfig config, Path out, Consumer<String> log)
            throws IOException {
        if (frames.side() != config.sourceSize()) {
            throw new IllegalArgumentException("frames of " + frames.side() + " px; the config trains on "
                    + config.sourceSize());
        }
        if (frames.videos() < 2) {
            throw new IllegalArgumentException("training needs frames of at least two videos, got "
                    + frames.videos());
        }
        TensorFlowNatives.prepare();
        Files.createDirectories(out);
        TrainingLoop loop = new TrainingLoop(config.run(), 1, List.of(new TrainingLoop.Metric("loss", 5),
                new TrainingLoop.Metric("batch_accuracy", 4)));
        int views = 2 * config.run().batch();
        int side = config.inputSize();
        TrainingLoop.Result trained;
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Random init = new Random(config.run().seed());
            Placeholder<TFloat32> input = tf.withName(CnnEmbedder.INPUT).placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, side, side, 3)));
            Operand<TFloat32> embedding = tf.withName(CnnEmbedder.OUTPUT).identity(network(tf, input, init));
            InfoNce infoNce = InfoNce.of(tf, input, embedding, views, config.temperature());
            Op minimize = new Adam(graph, config.run().learningRate()).minimize(infoNce.loss());
            BatchSampler sampler = new BatchSampler(frames, config);
            // The next batch is augmented on its own thread while TensorFlow runs the step: augmenting takes about
            // half as long as a step. One thread in order, so the batches stay those of the seed.
            ExecutorService prefetch = Executors.newSingleThreadExecutor(r -> {
                Thread thread = new Thread(r, "vcd-embedder-batches");
                thread.setDaemon(true);
                return thread;
            });
            try (Session session = new Session(graph)) {
                session.initialize();
                AtomicReference<Future<BatchSampler.Batch>> pending =
                        new AtomicReference<>(prefetch.submit(sampler::next));
                trained = loop.run(out, log, () -> {
                    BatchSampler.Batch batch = next(pending.getAndSet(prefetch.submit(sampler::next)));
                    return infoNce.step(session, minimize, Shape.of(views, side, side, 3), batch.views(),
                            batch.targets());
                });
                SavedModels.export(session, Signature.builder().key(Signature.DEFAULT_KEY)
                        .input(CnnEmbedder.INPUT, input).output(CnnEmbedder.OUTPUT, embedding).build(), out);
            } finally {
                prefetch.shutdownNow();
            }
        }
        int steps = trained.steps();
        double seconds = loop.seconds();
        double finalLoss = trained.finalMeans()[0];
        double finalAccuracy = trained.finalMeans()[1];
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("config", config);
        training.put("videos", frames.videos());
        training.put("frames", frames.size());
        training.put("steps", steps);
        training.put("seconds", Math.round(seconds));
        training.put("final_loss", finalLoss);
        training.put("final_batch_accuracy", finalAccuracy);
        new EmbedderModel(side, CnnEmbedder.DIMENSION, training).write(out);
        log.accept(String.format(Locale.ROOT, "trained %d steps in %.0f s; loss %.4f, batch accuracy %.3f over the "
                + "last %d steps", steps, seconds, finalLoss, finalAccuracy, Math.min(steps, TrainingLoop.FINAL_STEPS)));
        return new Outcome(out, frames.size(), frames.videos(), steps, seconds, finalLoss, finalAccuracy);
    }

    /**
     * The network, about 25 M multiply-adds per 96 px frame: bytes to [-0.5, 0.5], six 3x3 convolutions (four of
     * stride 2, 24 to 128 channels, leaky ReLU) down to 6x6, average and max pooled side by side, a linear
     * projection to 256 and L2 normalisation.
     */
    static Operand<TFloat32> network(Ops tf, Operand<TFloat32> frames, Random init) {
        Operand<TFloat32> x = tf.math.sub(tf.math.mul(frames, tf.constant(1f / 255)), tf.constant(0.5f));
        x = conv(tf, x, 3, 24, 3, 2, init, true, 0f);
        x = conv(tf, x, 24, 48, 3, 2, init, true, 0f);
        x = conv(tf, x, 48, 64, 3, 2, init, true, 0f);
        x = conv(tf, x, 64, 64, 3, 1, init, true, 0f);
        x = conv(tf, x, 64, 128, 3, 2, init, true, 0f);
        x = conv(tf, x, 128, 128, 3, 1, init, true, 0f);
        Operand<TInt32> spatial = tf.constant(new int[] {1, 2});
        Operand<TFloat32> pooled = tf.concat(List.of(tf.math.mean(x, spatial), tf.reduceMax(x, spatial)),
                tf.constant(1));
        Operand<TFloat32> y = dense(tf, pooled, 256, CnnEmbedder.DIMENSION, init);
        Operand<TFloat32> squares = tf.reduceSum(tf.math.mul(y, y), tf.constant(1), ReduceSum.keepDims(true));
        return tf.math.mul(y, tf.math.rsqrt(tf.math.add(squares, tf.constant(1e-12f))));
    }

    private static BatchSampler.Batch next(Future<BatchSampler.Batch> pending) {
        try {
            return pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while training", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("making a training batch failed: " + e.getCause(), e.getCause());
        }
    }

    /** Draws the batches: frames, their two views and the loss's targets. */
    static final class BatchSampler {

        record Batch(float[] views, InfoNce.Targets targets) {
        }

        private final TrainingFrames frames;
        private final EmbedderTrainingConfig config;
        private final CopyAugmentations augment;
        private final Random random;

        BatchSampler(TrainingFrames frames, EmbedderTrainingConfig config) {
            this.frames = frames;
            this.config = config;
            this.augment = new CopyAugmentations(config.sourceSize(), config.inputSize());
            this.random = new Random(config.run().seed() * 31 + 7);
        }

        Batch next() {
            int[] picked = frames.pick(config.run().batch(), config.nearSeconds(), random);
            int views = 2 * picked.length;
            int pixels = config.inputSize() * config.inputSize() * 3;
            float[] x = new float[views * pixels];
            for (int v = 0; v < views; v++) {
                byte[] view = augment.view(frames.frames().get(picked[v / 2]),
                        frames.otherVideo(picked[v / 2], random), random);
                for (int p = 0, o = v * pixels; p < pixels; p++, o++) {
                    x[o] = view[p] & 0xff;
                }
            }
            return new Batch(x, InfoNce.targets(frames, picked, config.nearSeconds()));
        }
    }
}
