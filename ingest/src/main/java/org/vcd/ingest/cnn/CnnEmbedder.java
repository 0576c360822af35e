package org.vcd.ingest.cnn;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.vcd.ingest.ClassicEmbedder;
import org.vcd.ingest.FrameEmbedder;
import org.vcd.tensorflow.SavedModels;

/**
 * The learned frame embedder: a small CNN trained self-supervised by {@link EmbedderTrainer}, served by DJL's
 * TensorFlow engine from its SavedModel, a batch of frames per call. The graph takes the frames' bytes as floats
 * and does its own normalisation, so serving only copies pixels. Thread-safe (a predictor per call); one instance
 * may serve every ingest thread.
 */
public final class CnnEmbedder implements FrameEmbedder, AutoCloseable {

    public static final int INPUT_SIZE = 96;
    public static final int DIMENSION = 256;
    /** The SavedModel signature's input and output names. */
    public static final String INPUT = "frames";
    public static final String OUTPUT = "embedding";
    /** Where the committed default model lives on the class path. */
    static final String DEFAULT_MODEL = "/org/vcd/ingest/cnn/model/";
    /** Frames per forward pass: larger batches gain little on 2 cores and cost memory. */
    private static final int MAX_BATCH = 64;

    private final ZooModel<NDList, NDList> model;
    private final EmbedderModel description;
    private final String name;

    private CnnEmbedder(ZooModel<NDList, NDList> model, EmbedderModel description, String name) {
        this.model = model;
        this.description = description;
        this.name = name;
    }

    /** Loads the embedder saved in {@code folder} (a SavedModel plus {@value EmbedderModel#FILE}). */
    public static CnnEmbedder load(Path folder) throws IOException {
        EmbedderModel description = EmbedderModel.read(folder);
        String name = "cnn-" + SavedModels.weightsHash(folder);
        return new CnnEmbedder(SavedModels.load(folder), description, name);
    }

    /** The committed default model, copied from the class path to a temporary folder removed at exit. */
    public static CnnEmbedder loadDefault() {
        try {
            return load(SavedModels.unpack(CnnEmbedder.class, DEFAULT_MODEL, List.of(EmbedderModel.FILE)));
        } catch (IOException e) {
            throw new UncheckedIOException("could not load the default embedder model", e);
        }
    }

    public EmbedderModel description() {
        return description;
    }

    /** "cnn-" and the start of the weights' SHA-256: a store filled by one set of weights refuses another's. */
    @Override
    public String name() {
        return name;
    }

    @Override
    public int dimension() {
        return description.dimension();
    }

    @Override
    public int inputSize() {
        return description.inputSize();
    }

    @Override
    public float[][] embed(List<byte[]> frames) {
        int side = inputSize();
        int pixels = side * side * 3;
        for (int i = 0; i < frames.size(); i++) {
            if (frames.get(i).length != pixels) {
                throw new IllegalArgumentException("frame " + i + " has " + frames.get(i).length + " bytes; the "
                        + name + " embedder takes " + side + "x" + side + " BGR frames (" + pixels + " bytes)");
            }
        }
        float[][] vectors = new float[frames.size()][];
        for (int from = 0; from < frames.size(); from += MAX_BATCH) {
            int count = Math.min(MAX_BATCH, frames.size() - from);
            float[] batch = new float[count * pixels];
            for (int f = 0; f < count; f++) {
                byte[] bgr = frames.get(from + f);
                for (int p = 0, o = f * pixels; p < pixels; p++, o++) {
                    batch[o] = bgr[p] & 0xff;
                }
            }
            float[] out = predict(batch, count, side);
            for (int f = 0; f < count; f++) {
                float[] v = new float[dimension()];
                // A flat picture (a black screen) carries nothing to match, as with the classic descriptor.
                if (!flat(frames.get(from + f))) {
                    System.arraycopy(out, f * v.length, v, 0, v.length);
                }
                vectors[from + f] = v;
            }
        }
        return vectors;
    }

    /** True when the frame's grey levels hardly vary (standard deviation under {@link ClassicEmbedder#FLAT_STD}). */
    public static boolean flat(byte[] bgr) {
        double sum = 0;
        double sumSq = 0;
        int n = bgr.length / 3;
        for (int p = 0; p < bgr.length; p += 3) {
            double g = (0.114 * (bgr[p] & 0xff) + 0.587 * (bgr[p + 1] & 0xff) + 0.299 * (bgr[p + 2] & 0xff)) / 255;
            sum += g;
            sumSq += g * g;
        }
        double mean = sum / n;
        return Math.sqrt(Math.max(0, sumSq / n - mean * mean)) < ClassicEmbedder.FLAT_STD;
    }

    private float[] predict(float[] batch, int count, int side) {
        // A predictor per call: DJL predictors are not thread-safe, and ingest runs on several threads.
        try (Predictor<NDList, NDList> predictor = model.newPredictor();
             NDManager manager = model.getNDManager().newSubManager()) {
            NDArray frames = manager.create(batch, new Shape(count, side, side, 3));
            return predictor.predict(new NDList(frames)).singletonOrThrow().toFloatArray();
        } catch (TranslateException e) {
            throw new IllegalStateException("the embedder model failed on " + count + " frames: " + e.getMessage(),
                    e);
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
