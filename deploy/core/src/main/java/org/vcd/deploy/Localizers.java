package org.vcd.deploy;

import java.util.List;
import org.vcd.detector.DynamicProgramming;
import org.vcd.detector.DynamicProgrammingConfig;
import org.vcd.detector.Fallback;
import org.vcd.detector.HoughVoting;
import org.vcd.detector.HoughVotingConfig;
import org.vcd.detector.Localizer;
import org.vcd.detector.TemporalNetwork;
import org.vcd.detector.TemporalNetworkConfig;
import org.vcd.detector.spd.SegmentDetectorConfig;
import org.vcd.keyframe.KeyframeSelector;

/**
 * The localizers a pipeline may name, each with its default configuration: the one place they are built. The
 * segment detector is a model a {@link PipelineModels} holds.
 */
public final class Localizers {

    /** The segment detector's name: the one localizer a keyframe selector may bring its own model of. */
    private static final String SEGMENT_DETECTOR = "spd";

    /**
     * The segment detector with the temporal network's segments where it found none and they are no look-alikes
     * ({@link Fallback}), the default: the detector misses short copies whose lines are plain to see. Its settings
     * were chosen on the training split; on the evaluation split it raised F1 by 2-3 points with no more false alarms
     * (docs/BENCHMARKS.md, "Segment detector with a fallback").
     */
    private static final String SEGMENT_DETECTOR_WITH_FALLBACK = "spd+tn";
    /** What the temporal network's scores are multiplied by under the detector's: chosen for AP on the training split. */
    private static final double FALLBACK_WEIGHT = 0.5;

    /** The names, in the order help texts list them. */
    public static final List<String> NAMES = List.of("tn", "dp", "hv", SEGMENT_DETECTOR, SEGMENT_DETECTOR_WITH_FALLBACK);

    private Localizers() {
    }

    /** @throws IllegalArgumentException for a name not in {@link #NAMES} */
    public static void requireValid(String name) {
        PipelineConfig.require("localizer", name, NAMES);
    }

    /**
     * The named localizer for matrices of {@code embedder}'s vectors of references stored by {@code keyframes}: "spd"
     * is the detector trained jointly with the selector when it was (it has learned the matrices those keyframes
     * give), otherwise the committed one trained on the embedder's matrices (the fused embedder has its own; the
     * others share the classic descriptor's).
     *
     * @throws IllegalArgumentException for a name not in {@link #NAMES}
     */
    public static Localizer named(String name, String embedder, KeyframeSelector keyframes, PipelineModels models) {
        return named(name, embedder, keyframes, models, SegmentDetectorConfig.DEFAULT);
    }

    /**
     * As {@link #named}, reporting every segment it finds, whatever its score, for choosing a score threshold: the
     * segment detector without its threshold; the classic ones, whose thresholds are on similarity, as they are.
     */
    public static Localizer unfiltered(String name, String embedder, KeyframeSelector keyframes,
                                       PipelineModels models) {
        return named(name, embedder, keyframes, models, SegmentDetectorConfig.DEFAULT.withMinScore(0));
    }

    private static Localizer named(String name, String embedder, KeyframeSelector keyframes, PipelineModels models,
                                   SegmentDetectorConfig detector) {
        requireValid(name);
        boolean fused = embedder.equals(Embedders.FUSED);
        return switch (name) {
            case "tn" -> new TemporalNetwork(TemporalNetworkConfig.DEFAULT);
            case "dp" -> new DynamicProgramming(DynamicProgrammingConfig.DEFAULT);
            case "hv" -> new HoughVoting(HoughVotingConfig.DEFAULT);
            case SEGMENT_DETECTOR_WITH_FALLBACK -> new Fallback(models.segmentDetector(keyframes.jointDetector(),
                    fused, detector), new TemporalNetwork(TemporalNetworkConfig.DEFAULT), FALLBACK_WEIGHT,
                    Fallback.MIN_SCORE, Fallback.MAX_SHORTFALL);
            default -> models.segmentDetector(keyframes.jointDetector(), fused, detector);
        };
    }
}
