package org.vcd.keyframe;

import org.vcd.ingest.VideoFeatures;

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
        int kept = (sampled.frameCount() + stride - 1) / stride;
        double[] timestamps = new double[kept];
        float[][] vectors = new float[kept][];
        for (int i = 0; i < kept; i++) {
            timestamps[i] = sampled.timestamps()[i * stride];
            vectors[i] = sampled.vectors()[i * stride];
        }
        return new VideoFeatures(sampled.durationSeconds(), timestamps, vectors);
    }
}
