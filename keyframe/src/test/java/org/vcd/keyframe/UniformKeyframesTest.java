package org.vcd.keyframe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.vcd.domain.VideoFeatures;

class UniformKeyframesTest {

    private static VideoFeatures video(int frames) {
        double[] t = new double[frames];
        float[][] v = new float[frames][];
        for (int i = 0; i < frames; i++) {
            t[i] = i;
            v[i] = new float[] {i, 1};
        }
        return new VideoFeatures(frames, t, v);
    }

    @Test
    void strideOneKeepsEverything() {
        VideoFeatures sampled = video(5);
        assertSame(sampled, UniformKeyframes.ALL.select(sampled));
    }

    @Test
    void keepsEveryThirdFrameFromTheFirstAndTheWholeDuration() {
        VideoFeatures kept = new UniformKeyframes(3).select(video(7));
        assertArrayEquals(new double[] {0, 3, 6}, kept.timestamps());
        assertEquals(6f, kept.vectors()[2][0]);
        assertEquals(7.0, kept.durationSeconds());
    }

    @Test
    void refusesStrideZero() {
        assertThrows(IllegalArgumentException.class, () -> new UniformKeyframes(0));
    }
}
