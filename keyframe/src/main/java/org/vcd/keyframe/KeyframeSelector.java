package org.vcd.keyframe;

import org.vcd.ingest.IngestConfig;
import org.vcd.domain.VideoFeatures;

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
}
