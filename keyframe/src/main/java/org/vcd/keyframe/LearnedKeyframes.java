package org.vcd.keyframe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.vcd.domain.VideoFeatures;
import org.vcd.tensorflow.SavedModels;
import org.vcd.tensorflow.ServedModel;

/**
 * The learned keyframe selector: a temporal 1-D CNN (trained through the segment detector, see the detector's
 * {@code KeyframeTrainer}) gives each densely sampled frame a keep-probability; frames at or above the threshold
 * are kept, as are the first frame and any frame that would otherwise leave a gap longer than the maximum. Served
 * by DJL's TensorFlow engine through {@link KeepTranslator}, a predictor per call, so one instance serves every
 * ingest thread.
 */
public final class LearnedKeyframes implements KeyframeSelector, AutoCloseable {

    /** The SavedModel signature's input ({@code [videos, frames, channels]}) and output ({@code [videos, frames]}). */
    public static final String INPUT = "features";
    public static final String OUTPUT = "keep";
    /**
     * Subfolder of a model folder holding the segment detector trained jointly with the selector (a detector model
     * folder), when it was: that detector localizes copies in the matrices this selector's keyframes give.
     */
    public static final String JOINT_DETECTOR = "detector";
    /** Where the committed default model lives on the class path. */
    static final String DEFAULT_MODEL = "/org/vcd/keyframe/model/";
    /** The joint detector's description file (the detector module's {@code DetectorModel.FILE}). */
    private static final String DETECTOR_DESCRIPTION = "detector.json";

    private final ServedModel<KeyframeModel, VideoFeatures, float[]> model;
    /** The model's description, its threshold possibly changed ({@link #withThreshold}). */
    private final KeyframeModel description;
    private final String weights;
    private final Path jointDetector;
    private final boolean owner;

    private LearnedKeyframes(ServedModel<KeyframeModel, VideoFeatures, float[]> model, KeyframeModel description,
                             String weights,
                             Path jointDetector, boolean owner) {
        this.model = model;
        this.description = description;
        this.weights = weights;
        this.jointDetector = jointDetector;
        this.owner = owner;
    }

    /**
     * Loads the selector saved in {@code folder} (a SavedModel plus {@value KeyframeModel#FILE}, and the
     * {@value #JOINT_DETECTOR} subfolder when the detector was trained with it).
     */
    public static LearnedKeyframes load(Path folder) throws IOException {
        Path detector = folder.resolve(JOINT_DETECTOR);
        ServedModel<KeyframeModel, VideoFeatures, float[]> model = ServedModel.load(folder, KeyframeModel.FILE,
                KeyframeModel.class, description -> new KeepTranslator());
        return new LearnedKeyframes(model, model.description(), SavedModels.weightsHash(folder),
                Files.isRegularFile(detector.resolve(DETECTOR_DESCRIPTION)) ? detector : null, true);
    }

    /** The committed default model, copied from the class path to a temporary folder removed at exit. */
    public static LearnedKeyframes loadDefault() {
        try {
            Path folder = SavedModels.unpack(LearnedKeyframes.class, DEFAULT_MODEL, List.of(KeyframeModel.FILE));
            String detector = DEFAULT_MODEL + JOINT_DETECTOR + "/";
            if (LearnedKeyframes.class.getResource(detector + DETECTOR_DESCRIPTION) != null) {
                SavedModels.unpackInto(folder.resolve(JOINT_DETECTOR), LearnedKeyframes.class, detector,
                        List.of(DETECTOR_DESCRIPTION));
            }
            return load(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("could not load the default keyframe model", e);
        }
    }

    /** The folder of the segment detector trained jointly with this selector, if it was. */
    @Override
    public Optional<Path> jointDetector() {
        return Optional.ofNullable(jointDetector);
    }

    /** The same network with another keep threshold (a higher one keeps fewer frames); closing it leaves this open. */
    public LearnedKeyframes withThreshold(double threshold) {
        return new LearnedKeyframes(model, description.withThreshold(threshold), weights, jointDetector, false);
    }

    public KeyframeModel description() {
        return description;
    }

    /** "learned-", the start of the weights' SHA-256, the threshold and the max gap. */
    @Override
    public String name() {
        return String.format(Locale.ROOT, "learned-%s-%s-%s", weights, description.threshold(),
                description.maxGapSeconds());
    }

    @Override
    public double sampleRate() {
        return description.sampleRate();
    }

    @Override
    public VideoFeatures select(VideoFeatures sampled) {
        return select(sampled, keepProbabilities(sampled));
    }

    /**
     * The frames this selector keeps of {@code sampled} given their keep-probabilities: one model pass serves any
     * threshold.
     */
    public VideoFeatures select(VideoFeatures sampled, float[] probabilities) {
        return GapBoundedSelection.select(sampled, description.maxGapSeconds(),
                (frame, last) -> probabilities[frame] >= description.threshold());
    }

    /** Each frame's keep-probability, from one forward pass over the whole video. */
    public float[] keepProbabilities(VideoFeatures sampled) {
        int frames = sampled.frameCount();
        if (frames == 0) {
            return new float[0];
        }
        if (sampled.dimension() != description.dimension()) {
            throw new IllegalArgumentException("the keyframe model reads " + description.dimension() + "-d vectors of "
                    + "the " + description.embedder() + " embedder; these are " + sampled.dimension() + "-d");
        }
        return model.predict(sampled);
    }

    @Override
    public void close() {
        if (owner) {
            model.close();
        }
    }
}
