package org.vcd.keyframe;

import org.vcd.domain.VideoFeatures;

/** The uniform baseline: keeps every {@code stride}-th sampled frame. */
public record UniformKeyframes(int stride) implements KeyframeSelector {

    /** Keeps every frame of the sampling grid (1 fps with the default ingest rate). */
    public static final UniformKeyframes ALL = new UniformKeyframes(1);

    public UniformKeyframes {
        if (stride < 1) {
            throw new IllegalArgumentException("stride must be at least 1: " + stride);
        }
    }

    @Override
    public String name() {
        return "uniform-" + stride;
    }

    @Override
    public VideoFeatures select(VideoFeatures sampled) {
        if (stride == 1) {
            return sampled;
        }
        int[] kept = new int[(sampled.frameCount() + stride - 1) / stride];
        for (int i = 0; i < kept.length; i++) {
            kept[i] = i * stride;
        }
        return sampled.frames(kept);
    }
}
