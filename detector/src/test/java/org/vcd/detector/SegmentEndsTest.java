package org.vcd.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vcd.domain.Segment;
import org.vcd.domain.VideoFeatures;

/**
 * Generated features: reference content that changes smoothly (a random vector each second, blended in between),
 * stored at 1 fps; a 4 fps query showing a stretch of it between unrelated frames, its ends between grid samples.
 */
class SegmentEndsTest {

    private static final int DIMENSION = 32;
    private static final SegmentEndsConfig CONFIG = SegmentEndsConfig.DEFAULT;
    private final Random random = new Random(7);
    private final float[][] anchors = new float[41][];

    SegmentEndsTest() {
        for (int k = 0; k < anchors.length; k++) {
            anchors[k] = randomUnit();
        }
    }

    private float[] randomUnit() {
        float[] v = new float[DIMENSION];
        for (int i = 0; i < DIMENSION; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return unit(v);
    }

    private static float[] unit(float[] v) {
        double norm = Math.sqrt(VideoFeatures.dot(v, v));
        float[] u = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            u[i] = (float) (v[i] / norm);
        }
        return u;
    }

    /** The reference's picture at {@code time} seconds. */
    private float[] content(double time) {
        int k = (int) Math.floor(time);
        double f = time - k;
        float[] v = new float[DIMENSION];
        for (int i = 0; i < DIMENSION; i++) {
            v[i] = (float) ((1 - f) * anchors[k][i] + f * anchors[Math.min(k + 1, anchors.length - 1)][i]);
        }
        return unit(v);
    }

    private VideoFeatures reference() {
        double[] times = new double[40];
        float[][] vectors = new float[40][];
        for (int k = 0; k < 40; k++) {
            times[k] = k;
            vectors[k] = anchors[k];
        }
        return new VideoFeatures(40, times, vectors);
    }

    /** 20 s of query at 4 fps; from {@code start} to {@code end} it shows the reference from {@code from} on. */
    private VideoFeatures query(double start, double end, double from, boolean reversed) {
        int n = 80;
        double[] times = new double[n];
        float[][] vectors = new float[n][];
        for (int j = 0; j < n; j++) {
            times[j] = j / CONFIG.rate();
            boolean copied = times[j] >= start && times[j] < end;
            vectors[j] = !copied ? randomUnit()
                    : content(reversed ? from + (end - times[j]) : from + (times[j] - start));
        }
        return new VideoFeatures(20, times, vectors);
    }

    /**
     * Query 3.3-11.7 s on reference 10.3-18.7 s, within half the dense step (0.125 s) and a little: the grid's
     * segments below are 0.2 s off or more.
     */
    private static void assertOnTheCopy(Segment refined) {
        assertEquals(3.3, refined.queryStart(), 0.15, refined.toString());
        assertEquals(11.7, refined.queryEnd(), 0.15, refined.toString());
        assertEquals(10.3, refined.referenceStart(), 0.15, refined.toString());
        assertEquals(18.7, refined.referenceEnd(), 0.15, refined.toString());
    }

    @Test
    void endsBetweenGridSamplesAreFoundWithinTheDenseStep() {
        // The copy: query 3.3-11.7 s showing reference 10.3-18.7 s; the grid's segment is off by up to half a step.
        Segment grid = new Segment(3.5, 11.5, 10.5, 18.5, 0.8);
        Segment refined = SegmentEnds.refine(grid, query(3.3, 11.7, 10.3, false), reference(), CONFIG);
        assertOnTheCopy(refined);
        assertEquals(0.8, refined.score());
        // A grid segment a whole step short at each end moves out too.
        Segment short1 = SegmentEnds.refine(new Segment(4.5, 10.5, 11.5, 17.5, 0.8),
                query(3.3, 11.7, 10.3, false), reference(), CONFIG);
        assertEquals(3.3, short1.queryStart(), 0.25);
        assertEquals(11.7, short1.queryEnd(), 0.25);
    }

    @Test
    void aCopyPlayedBackwardsKeepsItsReferenceSpanOnTheRightSide() {
        Segment grid = new Segment(3.5, 11.5, 10.5, 18.5, 0.6);
        assertOnTheCopy(SegmentEnds.refine(grid, query(3.3, 11.7, 10.3, true), reference(), CONFIG));
    }

    @Test
    void segmentsTooShortOrWithoutContrastAreLeftAsTheyAre() {
        Segment tiny = new Segment(3.5, 4.5, 10.5, 11.5, 0.5);
        assertSame(tiny, SegmentEnds.refine(tiny, query(3.3, 11.7, 10.3, false), reference(), CONFIG));
        // Nothing of the reference in the query: its inside is no more alike than its surroundings.
        Segment unrelated = new Segment(6.5, 12.5, 20.5, 26.5, 0.5);
        assertSame(unrelated, SegmentEnds.refine(unrelated, query(0, 0, 0, false), reference(), CONFIG));
    }
}
