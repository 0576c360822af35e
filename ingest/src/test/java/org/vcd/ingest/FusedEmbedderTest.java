package org.vcd.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vcd.domain.VideoFeatures;
import org.vcd.ingest.cnn.CnnEmbedder;

/** The fused vector's similarity is the weighted mean of its parts', with the committed pretrained embedder. */
class FusedEmbedderTest {

    @Test
    void similarityIsTheWeightedMeanOfBoth() {
        try (CnnEmbedder learned = CnnEmbedder.loadMobilenet()) {
            double weight = 0.4;
            FusedEmbedder fused = new FusedEmbedder(learned, weight);
            int side = fused.inputSize();
            assertEquals(learned.inputSize(), side);
            assertEquals(ClassicEmbedder.DIMENSION + learned.dimension(), fused.dimension());
            assertTrue(fused.name().contains(ClassicEmbedder.NAME) && fused.name().contains(learned.name()),
                    fused.name());
            byte[] a = picture(side, 1);
            byte[] b = picture(side, 2);
            byte[] flat = new byte[side * side * 3];
            Arrays.fill(flat, (byte) 90);
            float[][] vectors = fused.embed(List.of(a, b, flat));
            float[][] learnedVectors = learned.embed(List.of(a, b));
            ClassicEmbedder classic = new ClassicEmbedder(side);
            double expected = weight * VideoFeatures.dot(classic.embed(a), classic.embed(b))
                    + (1 - weight) * VideoFeatures.dot(learnedVectors[0], learnedVectors[1]);
            assertEquals(expected, VideoFeatures.dot(vectors[0], vectors[1]), 1e-5);
            assertEquals(1, VideoFeatures.dot(vectors[0], vectors[0]), 1e-5, "unit length");
            assertTrue(VideoFeatures.isBlank(vectors[2]), "a flat frame carries nothing");
        }
    }

    @Test
    void mirrorImagesTakeTheirLearnedPartFromTheFramesAsDecoded() {
        try (CnnEmbedder learned = CnnEmbedder.loadMobilenet()) {
            double weight = 0.4;
            FusedEmbedder fused = new FusedEmbedder(learned, weight);
            int side = fused.inputSize();
            byte[] a = picture(side, 3);
            byte[] flat = new byte[side * side * 3];
            float[][] asDecoded = fused.embed(List.of(a, flat));
            byte[] flipped = VideoIngest.mirror(a, side);
            float[][] mirrored = fused.embedMirrored(List.of(flipped, VideoIngest.mirror(flat, side)), asDecoded);
            float[] classicOfFlipped = new ClassicEmbedder(side).embed(flipped);
            int split = ClassicEmbedder.DIMENSION;
            for (int i = 0; i < split; i++) {
                assertEquals(Math.sqrt(weight) * classicOfFlipped[i], mirrored[0][i], 1e-6, "classic part " + i);
            }
            for (int i = split; i < fused.dimension(); i++) {
                assertEquals(asDecoded[0][i], mirrored[0][i], "learned part " + i);
            }
            assertEquals(1, VideoFeatures.dot(mirrored[0], mirrored[0]), 1e-5, "unit length");
            // The classic descriptor is not mirror-invariant: the mirrored vector differs from the decoded one.
            assertTrue(VideoFeatures.dot(mirrored[0], asDecoded[0]) < 0.99);
            assertTrue(VideoFeatures.isBlank(mirrored[1]), "a flat frame carries nothing");
        }
    }

    @Test
    void refusesAWeightOutsideTheOpenInterval() {
        try (CnnEmbedder learned = CnnEmbedder.loadMobilenet()) {
            assertThrows(IllegalArgumentException.class, () -> new FusedEmbedder(learned, 0));
            assertThrows(IllegalArgumentException.class, () -> new FusedEmbedder(learned, 1));
        }
    }

    /** Blocks of random colours: two seeds, two unrelated pictures. */
    private static byte[] picture(int side, long seed) {
        Random random = new Random(seed);
        byte[] bgr = new byte[side * side * 3];
        int block = side / 8;
        byte[][] colours = new byte[64][3];
        for (byte[] colour : colours) {
            random.nextBytes(colour);
        }
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                byte[] colour = colours[(y / block) * 8 + x / block];
                System.arraycopy(colour, 0, bgr, (y * side + x) * 3, 3);
            }
        }
        return bgr;
    }
}
