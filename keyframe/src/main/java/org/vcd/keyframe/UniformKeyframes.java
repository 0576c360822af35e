package org.vcd.keyframe;

import org.vcd.ingest.VideoFeatures;

/**
 * The uniform baseline: keeps every {@code stride}-th sampled frame. A kept frame stands for the frames
 * after it until the next kept one, so the video's duration is kept whole.
 */
public record UniformKeyframes(int stride) {

    /** Keeps every frame of the sampling grid (1 fps with the default ingest rate). */
    public static final UniformKeyframes ALL = new UniformKeyframes(1);

    public UniformKeyframes {
        if (stride < 1) {
            throw new IllegalArgumentException("stride must be at least 1: " + stride);
        }
    }

    /** Name recorded in stores, so a store remembers how it was filled. */
    public String name() {
        return "uniform-" + stride;
    }

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
