package org.vcd.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.vcd.detector.DynamicProgramming;
import org.vcd.detector.DynamicProgrammingConfig;
import org.vcd.detector.HoughVoting;
import org.vcd.detector.HoughVotingConfig;
import org.vcd.detector.Localizer;
import org.vcd.detector.TemporalNetwork;
import org.vcd.detector.TemporalNetworkConfig;
import org.vcd.detector.spd.SegmentDetector;
import org.vcd.detector.spd.SegmentDetectorConfig;
import org.vcd.keyframe.KeyframeSelector;
import org.vcd.keyframe.LearnedKeyframes;

/** The localizers a pipeline may name, each with its default configuration: the one place they are built. */
public final class Localizers {

    private static final Map<String, Supplier<Localizer>> BY_NAME = new LinkedHashMap<>();
    /** The segment detector's name: the one localizer a learned selector may bring its own model of. */
    private static final String SEGMENT_DETECTOR = "spd";

    static {
        BY_NAME.put("tn", () -> new TemporalNetwork(TemporalNetworkConfig.DEFAULT));
        BY_NAME.put("dp", () -> new DynamicProgramming(DynamicProgrammingConfig.DEFAULT));
        BY_NAME.put("hv", () -> new HoughVoting(HoughVotingConfig.DEFAULT));
        BY_NAME.put(SEGMENT_DETECTOR, Localizers::segmentDetector);
    }

    /** The committed detector model, loaded on first use and shared: its native session serves any thread. */
    private static SegmentDetector segmentDetector;
    /** Detectors trained jointly with a learned keyframe selector, by folder, loaded on first use and shared. */
    private static final Map<Path, SegmentDetector> JOINT = new HashMap<>();

    /** The names, in the order help texts list them. */
    public static final List<String> NAMES = List.copyOf(BY_NAME.keySet());

    private Localizers() {
    }

    private static synchronized Localizer segmentDetector() {
        if (segmentDetector == null) {
            segmentDetector = SegmentDetector.loadDefault(SegmentDetectorConfig.DEFAULT);
        }
        return segmentDetector;
    }

    /**
     * The named localizer for matrices of references stored by {@code keyframes}: "spd" is the detector trained
     * jointly with a learned selector when it was (it has learned the matrices those keyframes give), otherwise
     * the committed one.
     *
     * @throws IllegalArgumentException for a name not in {@link #NAMES}
     */
    public static Localizer named(String name, KeyframeSelector keyframes) {
        Optional<Path> joint = jointDetectorOf(keyframes);
        if (SEGMENT_DETECTOR.equals(name) && joint.isPresent()) {
            synchronized (JOINT) {
                return JOINT.computeIfAbsent(joint.get(), f -> loadJoint(f, SegmentDetectorConfig.DEFAULT));
            }
        }
        return named(name);
    }

    private static Optional<Path> jointDetectorOf(KeyframeSelector keyframes) {
        return keyframes instanceof LearnedKeyframes learned ? learned.jointDetector() : Optional.empty();
    }

    private static SegmentDetector loadJoint(Path folder, SegmentDetectorConfig config) {
        try {
            return SegmentDetector.load(folder, config);
        } catch (IOException e) {
            throw new UncheckedIOException("could not load the detector trained with the keyframe selector in "
                    + folder, e);
        }
    }

    /**
     * The named localizer for {@code keyframes}' stores (as {@link #named(String, KeyframeSelector)}) reporting every
     * segment it finds, whatever its score, for choosing a score threshold: the segment detector without its
     * threshold; the classic ones, whose thresholds are on similarity, as they are.
     */
    public static Localizer unfiltered(String name, KeyframeSelector keyframes) {
        if (!SEGMENT_DETECTOR.equals(name)) {
            return named(name);
        }
        SegmentDetectorConfig everything = SegmentDetectorConfig.DEFAULT.withMinScore(0);
        Optional<Path> joint = jointDetectorOf(keyframes);
        return joint.isPresent() ? loadJoint(joint.get(), everything) : SegmentDetector.loadDefault(everything);
    }

    /** @throws IllegalArgumentException for a name not in {@link #NAMES} */
    public static Localizer named(String name) {
        Supplier<Localizer> localizer = BY_NAME.get(name);
        if (localizer == null) {
            throw new IllegalArgumentException("unknown localizer '" + name + "'; allowed: "
                    + String.join(", ", NAMES));
        }
        return localizer.get();
    }
}
