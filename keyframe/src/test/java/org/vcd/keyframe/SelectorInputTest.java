package org.vcd.keyframe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.vcd.domain.VideoFeatures;

class SelectorInputTest {

    @Test
    void eachFrameSaysHowAlikeItsNeighboursAreAndWhetherItIsBlank() {
        // Frames 0-9 show scene A, 10-19 scene B, frame 20 is blank.
        int frames = 21;
        double[] t = new double[frames];
        float[][] v = new float[frames][];
        for (int i = 0; i < frames; i++) {
            t[i] = i * 0.5;
            v[i] = new float[3];
            if (i < 20) {
                v[i][i < 10 ? 0 : 1] = 1;
            }
        }
        float[] in = SelectorInput.of(new VideoFeatures(10.5, t, v));
        assertEquals(frames * SelectorInput.CHANNELS, in.length);
        int last = 9 * SelectorInput.CHANNELS; // the last frame of scene A
        assertEquals(1, in[last + 3], "one frame back: the same scene"); // offset -1
        assertEquals(0, in[last + 4], "one frame on: the cut"); // offset +1
        assertEquals(1, in[SelectorInput.CHANNELS * 0 + 0], "before the start the first frame stands in");
        assertEquals(0, in[last + SelectorInput.OFFSETS.length], "not blank");
        assertEquals(1, in[20 * SelectorInput.CHANNELS + SelectorInput.OFFSETS.length], "blank");
    }
}
