package org.vcd.matcher;

import java.util.Random;
import org.vcd.domain.VideoFeatures;

/** Seeded videos of random unit vectors for store tests. */
public final class TestVideos {

    public static final int DIM = 16;
    public static final FrameSpec SPEC = new FrameSpec("test", DIM, "uniform-1");

    private TestVideos() {
    }

    public static float[] unit(Random random) {
        float[] v = new float[DIM];
        double s = 0;
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) random.nextGaussian();
            s += v[i] * v[i];
        }
        for (int i = 0; i < DIM; i++) {
            v[i] /= (float) Math.sqrt(s);
        }
        return v;
    }

    public static VideoFeatures video(long seed, int frames) {
        Random random = new Random(seed);
        double[] t = new double[frames];
        float[][] v = new float[frames][];
        for (int i = 0; i < frames; i++) {
            t[i] = i;
            v[i] = unit(random);
        }
        return new VideoFeatures(frames, t, v);
    }
}
