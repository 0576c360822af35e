package org.vcd.domain;

import java.util.Objects;

/**
 * The embedded frames of one video, in presentation order.
 *
 * @param durationSeconds how long the video plays, from its first frame to the end of its last
 * @param timestamps      presentation time of each frame in seconds from the first frame, strictly increasing
 * @param vectors         one feature vector per frame, all of the same dimension: L2-normalised, or all
 *                        zeros for a frame without information (a flat picture), which matches nothing
 */
public record VideoFeatures(double durationSeconds, double[] timestamps, float[][] vectors) {

    public VideoFeatures {
        Objects.requireNonNull(timestamps, "timestamps");
        Objects.requireNonNull(vectors, "vectors");
        if (timestamps.length != vectors.length) {
            throw new IllegalArgumentException(
                    timestamps.length + " timestamps for " + vectors.length + " vectors");
        }
        if (!(durationSeconds >= 0) || Double.isInfinite(durationSeconds)) {
            throw new IllegalArgumentException("duration must be finite and >= 0: " + durationSeconds);
        }
        for (int i = 1; i < timestamps.length; i++) {
            if (!(timestamps[i] > timestamps[i - 1])) {
                throw new IllegalArgumentException("timestamps must increase strictly at frame " + i);
            }
        }
        for (float[] v : vectors) {
            if (v.length != vectors[0].length) {
                throw new IllegalArgumentException("vectors differ in dimension");
            }
        }
    }

    public int frameCount() {
        return timestamps.length;
    }

    public int dimension() {
        return vectors.length == 0 ? 0 : vectors[0].length;
    }

    /** The frames at {@code indexes} (increasing), over the whole duration: what a keyframe selector keeps. */
    public VideoFeatures frames(int[] indexes) {
        double[] kept = new double[indexes.length];
        float[][] keptVectors = new float[indexes.length][];
        for (int k = 0; k < indexes.length; k++) {
            kept[k] = timestamps[indexes[k]];
            keptVectors[k] = vectors[indexes[k]];
        }
        return new VideoFeatures(durationSeconds, kept, keptVectors);
    }

    /** True for the zero vector of a frame without information. */
    public static boolean isBlank(float[] vector) {
        for (float x : vector) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The dot product of two vectors of one dimension: the cosine similarity of unit vectors. Four partial sums at
     * once (as Lucene's scalar dot product), so it runs several times faster than one running sum.
     */
    public static float dot(float[] a, float[] b) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int k = 0;
        for (int end = a.length & ~3; k < end; k += 4) {
            s0 += a[k] * b[k];
            s1 += a[k + 1] * b[k + 1];
            s2 += a[k + 2] * b[k + 2];
            s3 += a[k + 3] * b[k + 3];
        }
        float dot = s0 + s1 + s2 + s3;
        for (; k < a.length; k++) {
            dot += a[k] * b[k];
        }
        return dot;
    }
}
