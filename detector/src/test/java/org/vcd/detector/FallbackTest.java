package org.vcd.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vcd.domain.Segment;
import org.vcd.domain.SimilarityMatrix;

class FallbackTest {

    private static final SimilarityMatrix MATRIX = new SimilarityMatrix(1, 1, new float[1], 1, 1);

    @Test
    void theSecondLocalizerAddsOnlyWhatTheFirstMissed() {
        Segment found = new Segment(10, 20, 30, 40, 0.9);
        Segment same = new Segment(12, 22, 32, 42, 0.8); // overlaps the first's on both axes
        Segment elsewhere = new Segment(50, 60, 30, 40, 0.7); // same reference span, other query time
        Localizer fallback = new Fallback(m -> List.of(found), m -> List.of(same, elsewhere), 0.5);
        List<Segment> segments = fallback.localize(MATRIX);
        assertEquals(2, segments.size(), segments.toString());
        assertEquals(found, segments.get(0));
        assertEquals(new Segment(50, 60, 30, 40, 0.35), segments.get(1));
    }

    @Test
    void withNothingFromTheFirstTheSecondDecidesAlone() {
        Segment a = new Segment(0, 5, 0, 5, 0.6);
        Segment b = new Segment(10, 15, 10, 15, 1.0);
        List<Segment> segments = new Fallback(m -> List.of(), m -> List.of(a, b), 0.5).localizeAll(
                List.of(MATRIX, MATRIX)).get(1);
        assertEquals(List.of(new Segment(10, 15, 10, 15, 0.5), new Segment(0, 5, 0, 5, 0.3)), segments);
    }

    @Test
    void refusesAWeightOutsideItsRange() {
        assertThrows(IllegalArgumentException.class, () -> new Fallback(m -> List.of(), m -> List.of(), 0));
        assertThrows(IllegalArgumentException.class, () -> new Fallback(m -> List.of(), m -> List.of(), 1.5));
    }
}
