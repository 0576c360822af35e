package org.vcd.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vcd.domain.VideoFeatures;

class ClassicEmbedderTest {

    private static final int SIZE = 64;
    private final ClassicEmbedder embedder = new ClassicEmbedder(SIZE);

    /** A smooth random picture: a few coloured blobs, the coarse structure the descriptor keys on. */
    private static byte[] picture(long seed) {
        Random random = new Random(seed);
        double[][] blobs = new double[6][6];
        for (double[] b : blobs) {
            for (int k = 0; k < b.length; k++) {
                b[k] = random.nextDouble();
            }
        }
        byte[] bgr = new byte[SIZE * SIZE * 3];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                for (int c = 0; c < 3; c++) {
                    double v = 40;
                    for (double[] b : blobs) {
                        double dx = x / (double) SIZE - b[0];
                        double dy = y / (double) SIZE - b[1];
                        v += 180 * b[2 + c] * Math.exp(-(dx * dx + dy * dy) / (0.02 + 0.05 * b[5]));
                    }
                    bgr[(y * SIZE + x) * 3 + c] = (byte) Math.min(255, Math.round(v));
                }
            }
        }
        return bgr;
    }

    private static byte[] adjust(byte[] bgr, double gain, int offset, long noiseSeed, int noise) {
        Random random = new Random(noiseSeed);
        byte[] out = new byte[bgr.length];
        for (int i = 0; i < bgr.length; i++) {
            double v = (bgr[i] & 0xff) * gain + offset + (noise > 0 ? random.nextInt(2 * noise + 1) - noise : 0);
            out[i] = (byte) Math.max(0, Math.min(255, Math.round(v)));
        }
        return out;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void vectorsAreUnitLength() {
        float[] v = embedder.embed(picture(1));
        assertEquals(ClassicEmbedder.DIMENSION, v.length);
        assertEquals(1.0, dot(v, v), 1e-5);
    }

    @Test
    void brightnessContrastAndNoiseKeepTheFrameRecognisable() {
        float[] original = embedder.embed(picture(7));
        float[] edited = embedder.embed(adjust(picture(7), 0.8, 30, 3, 12));
        assertTrue(dot(original, edited) > 0.9, "similarity after edits " + dot(original, edited));
    }

    @Test
    void differentPicturesAreFarApart() {
        double worst = -1;
        for (long seed = 10; seed < 20; seed++) {
            worst = Math.max(worst, dot(embedder.embed(picture(seed)), embedder.embed(picture(seed + 100))));
        }
        assertTrue(worst < 0.8, "most similar unrelated pair " + worst);
    }

    @Test
    void flatFramesGetTheZeroVector() {
        byte[] grey = new byte[SIZE * SIZE * 3];
        java.util.Arrays.fill(grey, (byte) 90);
        assertTrue(VideoFeatures.isBlank(embedder.embed(grey)));
    }

    @Test
    void refusesPicturesOfTheWrongSize() {
        assertThrows(IllegalArgumentException.class, () -> embedder.embed(new byte[10]));
        assertThrows(IllegalArgumentException.class, () -> new ClassicEmbedder(48));
    }
}
