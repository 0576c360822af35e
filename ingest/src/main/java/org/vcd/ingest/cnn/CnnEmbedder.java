package org.vcd.ingest.cnn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.vcd.ingest.ClassicEmbedder;
import org.vcd.ingest.FrameEmbedder;
import org.vcd.tensorflow.SavedModels;
import org.vcd.tensorflow.ServedModel;

/**
 * The learned frame embedder: a small CNN trained self-supervised by the train module's {@code EmbedderTrainer}, served by DJL's
 * TensorFlow engine from its SavedModel through {@link FrameTranslator}, a batch of frames per call. The graph takes
 * the frames' bytes as floats and does its own normalisation, so serving only copies pixels. Thread-safe (a predictor
 * per call); one instance may serve every ingest thread.
 */
public final class CnnEmbedder implements FrameEmbedder, AutoCloseable {

    public static final int INPUT_SIZE = 96;
    public static final int DIMENSION = 256;
    /** The SavedModel signature's input and output names. */
    public static final String INPUT = "frames";
    public static final String OUTPUT = "embedding";
    /** Where the committed models live on the class path: the one trained from scratch, the pretrained one. */
    static final String DEFAULT_MODEL = "/org/vcd/ingest/cnn/model/";
    static final String MOBILENET_MODEL = "/org/vcd/ingest/cnn/mobilenet/";
    /** Frames per forward pass: larger batches gain little on 2 cores and cost memory. */
    private static final int MAX_BATCH = 64;

    private final ServedModel<EmbedderModel, List<byte[]>, float[][]> model;
    private final String name;

    private CnnEmbedder(ServedModel<EmbedderModel, List<byte[]>, float[][]> model, String name) {
        this.model = model;
        this.name = name;
    }

    /**
     * Loads the embedder saved in {@code folder} (a SavedModel plus {@value EmbedderModel#FILE}), named
     * {@code kind} and its weights' hash.
     */
    public static CnnEmbedder load(Path folder, String kind) throws IOException {
        String name = kind + "-" + SavedModels.weightsHash(folder);
        return new CnnEmbedder(ServedModel.load(folder, EmbedderModel.FILE, EmbedderModel.class,
                FrameTranslator::new), name);
    }

    /** The committed model trained from scratch, copied from the class path to a temporary folder removed at exit. */
    public static CnnEmbedder loadDefault() {
        return loadCommitted(DEFAULT_MODEL, "cnn");
    }

    /** The committed embedder on the pretrained MobileNetV2 trunk (the train module's {@code BackboneEmbedder}). */
    public static CnnEmbedder loadMobilenet() {
        return loadCommitted(MOBILENET_MODEL, "mobilenet");
    }

    private static CnnEmbedder loadCommitted(String resources, String kind) {
        try {
            return load(SavedModels.unpack(CnnEmbedder.class, resources, List.of(EmbedderModel.FILE)), kind);
        } catch (IOException e) {
            throw new UncheckedIOException("could not load the committed " + kind + " embedder model", e);
        }
    }

    public EmbedderModel description() {
        return model.description();
    }

    /** The kind and the start of the weights' SHA-256: a store filled by one set of weights refuses another's. */
    @Override
    public String name() {
        return name;
    }

    @Override
    public int dimension() {
        return model.description().dimension();
    }

    @Override
    public int inputSize() {
        return model.description().inputSize();
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
            float[][] out = model.predict(frames.subList(from, Math.min(frames.size(), from + MAX_BATCH)));
            for (int f = 0; f < out.length; f++) {
                // A flat picture (a black screen) carries nothing to match, as with the classic descriptor.
                vectors[from + f] = flat(frames.get(from + f)) ? new float[dimension()] : out[f];
            }
        }
        return vectors;
    }

    /**
     * The frames' bytes as the floats the embedder's graph takes, {@code [frames, side, side, 3]} flattened: the one
     * conversion for serving and for whoever runs the graph in TF Java (the pretrained embedder's head fitting).
     */
    public static float[] inputValues(List<byte[]> frames, int side) {
        int pixels = side * side * 3;
        float[] batch = new float[frames.size() * pixels];
        for (int f = 0; f < frames.size(); f++) {
            byte[] bgr = frames.get(f);
            for (int p = 0, o = f * pixels; p < pixels; p++, o++) {
                batch[o] = bgr[p] & 0xff;
            }
        }
        return batch;
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

    @Override
    public void close() {
        model.close();
    }
}
