package org.vcd.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vcd.detector.PlantedMatrices.assertCopies;
import static org.vcd.detector.PlantedMatrices.assertSpans;
import static org.vcd.detector.PlantedMatrices.matrix;
import static org.vcd.detector.PlantedMatrices.noise;
import static org.vcd.detector.PlantedMatrices.plant;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vcd.domain.Segment;
import org.vcd.domain.SimilarityMatrix;

/**
 * What every localizer does on planted copies: each one's test extends this, saying which kinds of copy its method
 * can find by design; a method that cannot must find nothing there rather than something wrong.
 */
abstract class LocalizerContract {

    private final Localizer localizer;
    private final boolean findsSpeedChanges;
    private final boolean findsReversedCopies;
    private final boolean scoresBySimilarity;

    /**
     * @param findsSpeedChanges   whether copies played faster or slower (lines of slope other than 1) are found whole
     * @param findsReversedCopies whether copies played backwards (lines of slope -1) are found
     * @param scoresBySimilarity  whether a segment's score is the similarity along it (the classic methods), so a
     *                            brighter copy scores higher; a calibrated confidence need not rank that way
     */
    LocalizerContract(Localizer localizer, boolean findsSpeedChanges, boolean findsReversedCopies,
                      boolean scoresBySimilarity) {
        this.localizer = localizer;
        this.findsSpeedChanges = findsSpeedChanges;
        this.findsReversedCopies = findsReversedCopies;
        this.scoresBySimilarity = scoresBySimilarity;
    }

    /** One copy with these spans when the method can find it; otherwise nothing rather than something wrong. */
    private static void assertOneCopyIfFindable(boolean findable, List<Segment> found, double queryStart,
                                                double queryEnd, double referenceStart, double referenceEnd) {
        if (findable) {
            assertEquals(1, found.size(), found.toString());
            assertSpans(found.get(0), queryStart, queryEnd, referenceStart, referenceEnd);
        } else {
            assertEquals(List.of(), found);
        }
    }

    @Test
    void findsPlainCopy() {
        float[] values = noise(100, 80, 1);
        plant(values, 80, 20, 49, 5, 1.0, 0.6f, 1.0f, 2);
        List<Segment> found = localizer.localize(matrix(100, 80, values));
        assertEquals(1, found.size(), found.toString());
        Segment s = found.get(0);
        assertSpans(s, 20, 50, 5, 35);
        assertTrue(s.score() >= 0.6 && s.score() <= 1.0, s.toString());
    }

    @Test
    void findsSlowedDownCopy() {
        // Slope 0.5: 60 s of query show 30 s of reference.
        float[] values = noise(100, 100, 3);
        plant(values, 100, 10, 69, 30, 0.5, 0.6f, 1.0f, 4);
        // Where not findable: two query steps per reference step put two cells on a line, fewer than minLength.
        assertOneCopyIfFindable(findsSpeedChanges, localizer.localize(matrix(100, 100, values)), 10, 70, 30, 60);
    }

    @Test
    void findsSpedUpCopy() {
        // Slope 2: 30 s of query show 60 s of reference.
        float[] values = noise(60, 100, 5);
        plant(values, 100, 10, 39, 20, 2.0, 0.6f, 1.0f, 6);
        assertOneCopyIfFindable(findsSpeedChanges, localizer.localize(matrix(60, 100, values)), 10, 40, 20, 80);
    }

    @Test
    void findsReversedCopy() {
        // Query seconds 20..39 show reference seconds 60 down to 41.
        float[] values = noise(80, 100, 25);
        plant(values, 100, 20, 39, 60, -1.0, 0.6f, 1.0f, 26);
        // Where not findable: its cells are diagonal neighbours the wrong way round, no two on one forward path.
        assertOneCopyIfFindable(findsReversedCopies, localizer.localize(matrix(80, 100, values)), 20, 40, 41, 61);
    }

    @Test
    void findsTwoCopiesBestFirst() {
        // A long faint copy and a short bright one: scored by similarity, the bright one has the better score.
        float[] values = noise(120, 150, 7);
        plant(values, 150, 10, 49, 100, 1.0, 0.6f, 0.7f, 8);
        plant(values, 150, 80, 99, 20, 1.0, 0.9f, 1.0f, 9);
        List<Segment> found = localizer.localize(matrix(120, 150, values));
        assertCopies(found, new double[] {10, 50, 100, 140}, new double[] {80, 100, 20, 40});
        assertTrue(found.get(0).score() >= found.get(1).score(), "best first: " + found);
        if (scoresBySimilarity) {
            assertSpans(found.get(0), 80, 100, 20, 40);
            assertTrue(found.get(0).score() > found.get(1).score(), found.toString());
        }
    }

    @Test
    void splitsSpliceOfDistantReferenceParts() {
        // Consecutive query seconds jump 30 s in the reference: two copies, not one.
        float[] values = noise(70, 100, 19);
        plant(values, 100, 10, 29, 10, 1.0, 0.6f, 1.0f, 20);
        plant(values, 100, 30, 49, 60, 1.0, 0.6f, 1.0f, 21);
        assertCopies(localizer.localize(matrix(70, 100, values)), new double[] {10, 30, 10, 30},
                new double[] {30, 50, 60, 80});
    }

    @Test
    void bridgesGapsOfAlteredFrames() {
        int rows = 80;
        int cols = 100;
        float[] values = noise(rows, cols, 10);
        plant(values, cols, 20, 59, 40, 1.0, 0.6f, 1.0f, 11);
        float[] background = noise(rows, cols, 12);
        for (int i : new int[] {30, 31, 32, 45, 46}) {
            values[i * cols + 40 + (i - 20)] = background[i * cols + 40 + (i - 20)];
        }
        List<Segment> found = localizer.localize(matrix(rows, cols, values));
        assertEquals(1, found.size(), found.toString());
        assertSpans(found.get(0), 20, 60, 40, 80);
    }

    @Test
    void thickBandGivesOneSegment() {
        // Slow motion makes neighbouring frames similar too: the band's other lines and paths overlap the copy.
        int rows = 80;
        int cols = 70;
        float[] values = noise(rows, cols, 13);
        for (int i = 20; i <= 59; i++) {
            int j = i - 10;
            values[i * cols + j - 1] = 0.7f;
            values[i * cols + j] = 0.95f;
            values[i * cols + j + 1] = 0.7f;
        }
        List<Segment> found = localizer.localize(matrix(rows, cols, values));
        assertEquals(1, found.size(), found.toString());
        assertSpans(found.get(0), 20, 60, 10, 50);
    }

    @Test
    void pureNoiseGivesNothing() {
        assertEquals(List.of(), localizer.localize(matrix(200, 200, noise(200, 200, 14))));
    }

    @Test
    void isolatedBrightFramesGiveNothing() {
        // Bright frames 15 rows apart cannot be linked, and one frame is shorter than minLength.
        float[] values = noise(200, 200, 15);
        Random random = new Random(16);
        for (int i = 0; i < 200; i += 15) {
            values[i * 200 + random.nextInt(200)] = 0.95f;
        }
        assertEquals(List.of(), localizer.localize(matrix(200, 200, values)));
    }

    @Test
    void emptyMatrixGivesNothing() {
        assertEquals(List.of(), localizer.localize(new SimilarityMatrix(0, 50, new float[0], 1.0, 1.0)));
        assertEquals(List.of(), localizer.localize(new SimilarityMatrix(50, 0, new float[0], 1.0, 1.0)));
    }

    @Test
    void convertsGridStepsToSeconds() {
        float[] values = noise(100, 80, 17);
        plant(values, 80, 20, 49, 5, 1.0, 0.6f, 1.0f, 18);
        List<Segment> found = localizer.localize(new SimilarityMatrix(100, 80, values, 0.5, 2.0));
        assertEquals(1, found.size(), found.toString());
        Segment s = found.get(0);
        // Rows 20-49 of a 0.5 s grid and columns 5-34 of a 2 s one, each end half a step outside its sample's time.
        assertEquals(9.75, s.queryStart(), 1e-9, s.toString());
        assertEquals(24.75, s.queryEnd(), 1e-9, s.toString());
        assertEquals(9.0, s.referenceStart(), 1e-9, s.toString());
        assertEquals(69.0, s.referenceEnd(), 1e-9, s.toString());
    }

    @Test
    void localizesEachMatrixOfABatchInOrder() {
        float[] copy = noise(100, 80, 1);
        plant(copy, 80, 20, 49, 5, 1.0, 0.6f, 1.0f, 2);
        SimilarityMatrix withCopy = matrix(100, 80, copy);
        SimilarityMatrix without = matrix(60, 60, noise(60, 60, 27));
        List<List<Segment>> found = localizer.localizeAll(List.of(without, withCopy, without));
        assertEquals(List.of(List.of(), localizer.localize(withCopy), List.of()), found);
        assertEquals(1, found.get(1).size(), found.toString());
    }
}
