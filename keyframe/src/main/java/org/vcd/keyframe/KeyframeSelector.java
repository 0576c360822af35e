package org.vcd.keyframe;

import java.nio.file.Path;
import java.util.Optional;
import org.vcd.domain.VideoFeatures;
import org.vcd.ingest.IngestConfig;

/**
 * Chooses which of a video's sampled frames are stored. A kept frame stands for the frames after it until the next
 * kept one, so whatever is chosen, the video's duration is kept whole.
 */
public interface KeyframeSelector {

    /** Name recorded in stores, so a store remembers how it was filled. */
    String name();

    /**
     * Frames per second of the sampling grid this selector chooses from: references are decoded at this rate
     * before {@link #select}. The baselines choose from the matching grid itself.
     */
    default double sampleRate() {
        return IngestConfig.DEFAULT.sampleRate();
    }

    VideoFeatures select(VideoFeatures sampled);

    /**
     * The folder of the segment detector trained together with this selector, if one was: it has learned the
     * matrices this selector's keyframes give, so their stores are localized with it.
     */
    default Optional<Path> jointDetector() {
        return Optional.empty();
    }
}
