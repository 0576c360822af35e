package org.vcd.keyframe;

import org.vcd.domain.VideoFeatures;

/**
 * What the learned selector reads for each densely sampled frame, the same in training and at inference: how alike
 * the frame is to the frames {@link #OFFSETS} away from it (how fast the picture changes around it, at several time
 * scales), and whether it is blank. Not the vector itself: with a training set of a few videos a selector that saw
 * the vectors learned which frames of those videos to keep instead of what makes a frame worth keeping.
 */
public final class SelectorInput {

    /** Neighbours compared with, in dense frames; past either end the end frame stands in. */
    static final int[] OFFSETS = {-8, -4, -2, -1, 1, 2, 4, 8};

    /** Channels per frame. */
    public static final int CHANNELS = OFFSETS.length + 1;

    private SelectorInput() {
    }

    /** The {@code frameCount x CHANNELS} inputs of {@code video}, row-major. */
    public static float[] of(VideoFeatures video) {
        float[][] v = video.vectors();
        float[] out = new float[v.length * CHANNELS];
        for (int i = 0; i < v.length; i++) {
            int at = i * CHANNELS;
            for (int o = 0; o < OFFSETS.length; o++) {
                int neighbour = Math.max(0, Math.min(v.length - 1, i + OFFSETS[o]));
                out[at + o] = VideoFeatures.dot(v[i], v[neighbour]);
            }
            out[at + OFFSETS.length] = VideoFeatures.isBlank(v[i]) ? 1 : 0;
        }
        return out;
    }
}
