package org.vcd.keyframe;

import org.vcd.ingest.VideoFeatures;

/**
 * What the learned selector reads for each densely sampled frame, the same in training and at inference: the
 * frame's vector, and its similarity to the frames before and after it (how much changes there, which the vector
 * alone cannot say).
 */
public final class SelectorInput {

    /** Channels beyond the vector itself. */
    static final int EXTRA = 2;

    private SelectorInput() {
    }

    /** Channels per frame for vectors of {@code dimension}. */
    public static int channels(int dimension) {
        return dimension + EXTRA;
    }

    /** The {@code frameCount x channels} inputs of {@code video}, row-major. */
    public static float[] of(VideoFeatures video) {
        float[][] v = video.vectors();
        int channels = channels(video.dimension());
        float[] out = new float[v.length * channels];
        for (int i = 0; i < v.length; i++) {
            int at = i * channels;
            System.arraycopy(v[i], 0, out, at, v[i].length);
            // The ends of a video count as unchanged: no neighbour there is no evidence of a change.
            out[at + v[i].length] = i == 0 ? 1 : VideoFeatures.dot(v[i], v[i - 1]);
            out[at + v[i].length + 1] = i == v.length - 1 ? 1 : VideoFeatures.dot(v[i], v[i + 1]);
        }
        return out;
    }
}
