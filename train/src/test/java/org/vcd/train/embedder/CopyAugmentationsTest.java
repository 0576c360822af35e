package org.vcd.train.embedder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CopyAugmentationsTest {

    private static final int SOURCE = 64;
    private static final int OUT = 48;

    /** Smooth coloured gradients with a few bars: structure that crops, blurs and flips visibly change. */
    private static byte[] picture(int seed) {
        byte[] bgr = new byte[SOURCE * SOURCE * 3];
        for (int y = 0; y < SOURCE; y++) {
            for (int x = 0; x < SOURCE; x++) {
                int p = (y * SOURCE + x) * 3;
                bgr[p] = (byte) (x * 4 + seed * 40);
                bgr[p + 1] = (byte) (y * 4);
                bgr[p + 2] = (byte) (((x / 8 + y / 8 + seed) % 2) * 200 + 20);
            }
        }
        return bgr;
    }

    /** Mean absolute difference per byte between {@code view} and the source shrunk to the view's size. */
    private static double change(byte[] source, byte[] view) {
        double sum = 0;
        for (int y = 0; y < OUT; y++) {
            for (int x = 0; x < OUT; x++) {
                int s = ((y * SOURCE / OUT) * SOURCE + x * SOURCE / OUT) * 3;
                int v = (y * OUT + x) * 3;
                for (int c = 0; c < 3; c++) {
                    sum += Math.abs((source[s + c] & 0xff) - (view[v + c] & 0xff));
                }
            }
        }
        return sum / (OUT * OUT * 3);
    }

    @Test
    void viewsAreFramesOfTheOutputSizeThatDifferFromTheSource() {
        CopyAugmentations augment = new CopyAugmentations(SOURCE, OUT);
        byte[] frame = picture(0);
        byte[] original = frame.clone();
        Random random = new Random(3);
        double total = 0;
        int distinct = 0;
        byte[] previous = null;
        for (int k = 0; k < 40; k++) {
            byte[] view = augment.view(frame, picture(1), random);
            assertEquals(OUT * OUT * 3, view.length);
            total += change(frame, view);
            distinct += previous == null || !Arrays.equals(previous, view) ? 1 : 0;
            previous = view;
        }
        assertArrayEquals(original, frame, "the source frame is not changed");
        assertEquals(40, distinct, "every view is drawn anew");
        assertTrue(total / 40 > 10, "views change the pixels: mean difference " + total / 40);
    }

    @Test
    void theSameSeedGivesTheSameViews() {
        CopyAugmentations augment = new CopyAugmentations(SOURCE, OUT);
        for (int k = 0; k < 5; k++) {
            assertArrayEquals(augment.view(picture(0), picture(1), new Random(k)),
                    augment.view(picture(0), picture(1), new Random(k)));
        }
        assertFalse(Arrays.equals(augment.view(picture(0), picture(1), new Random(1)),
                augment.view(picture(0), picture(1), new Random(2))));
    }

    @Test
    void aFrameOfTheWrongSizeIsRefused() {
        CopyAugmentations augment = new CopyAugmentations(SOURCE, OUT);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> augment.view(new byte[10], picture(1), new Random(1)));
        assertTrue(e.getMessage().contains("expected 64x64 BGR pixels"), e.getMessage());
    }
}
