package org.vcd.keyframe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.vcd.domain.VideoFeatures;

class ChangeKeyframesTest {

    /** One frame a second; frame i shows scene {@code scenes[i]} (scene s: unit vector along axis s, 0 = blank). */
    private static VideoFeatures video(int... scenes) {
        double[] t = new double[scenes.length];
        float[][] v = new float[scenes.length][];
        for (int i = 0; i < scenes.length; i++) {
            t[i] = i;
            v[i] = new float[4];
            if (scenes[i] > 0) {
                v[i][scenes[i] - 1] = 1;
            }
        }
        return new VideoFeatures(scenes.length + 0.5, t, v);
    }

    @Test
    void keepsTheFirstFrameEachCutAndTheWholeDuration() {
        VideoFeatures kept = new ChangeKeyframes(0.5, 100).select(video(1, 1, 1, 2, 2, 3, 3, 3, 1));
        assertArrayEquals(new double[] {0, 3, 5, 8}, kept.timestamps());
        assertEquals(1f, kept.vectors()[2][2], "the third kept frame is the third scene");
        assertEquals(9.5, kept.durationSeconds());
    }

    @Test
    void aStaticSceneIsStillRepresentedEveryMaxGap() {
        VideoFeatures kept = new ChangeKeyframes(0.5, 3).select(video(1, 1, 1, 1, 1, 1, 1, 1));
        assertArrayEquals(new double[] {0, 3, 6}, kept.timestamps());
    }

    @Test
    void aChangeBelowTheThresholdIsNotKept() {
        VideoFeatures sampled = video(1, 1);
        sampled.vectors()[1] = new float[] {0.995f, 0.0999f, 0, 0}; // cosine distance 0.005
        assertEquals(1, new ChangeKeyframes(0.01, 100).select(sampled).frameCount());
        assertEquals(2, new ChangeKeyframes(0.004, 100).select(sampled).frameCount());
    }

    @Test
    void blankFramesAreOneSceneAndDifferFromPictures() {
        VideoFeatures kept = new ChangeKeyframes(0.5, 100).select(video(0, 0, 0, 1, 1, 0));
        assertArrayEquals(new double[] {0, 3, 5}, kept.timestamps());
    }

    @Test
    void anEmptyVideoKeepsNothing() {
        assertEquals(0, ChangeKeyframes.DEFAULT.select(new VideoFeatures(0, new double[0], new float[0][])).frameCount());
    }

    @Test
    void refusesAThresholdOrGapOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> new ChangeKeyframes(0, 4));
        assertThrows(IllegalArgumentException.class, () -> new ChangeKeyframes(0.1, 0));
    }
}
