package org.vcd.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BoundaryErrorTest {

    @Test
    void theBoxOverlappingACopyMostGivesItsEnds() {
        Box copy = new Box(10, 20, 100, 110);
        Box late = new Box(10.5, 21, 100.5, 111); // ends off by 0.5, 1, 0.5, 1
        Box sliver = new Box(19, 30, 109, 120); // overlaps too, but less
        BoundaryError error = BoundaryError.of(List.of(sliver, late), List.of(copy));
        assertEquals(1, error.found());
        assertEquals(3.0 / 4, error.meanError(), 1e-12);
        assertEquals(0.5, error.meanStartBias(), 1e-12);
    }

    @Test
    void aMissedCopyCountsNothing() {
        Box copy = new Box(10, 20, 100, 110);
        BoundaryError error = BoundaryError.of(List.of(new Box(10, 20, 200, 210)), List.of(copy))
                .plus(BoundaryError.of(List.of(), List.of(copy)));
        assertEquals(0, error.found());
        assertTrue(Double.isNaN(error.meanError()));
    }

    @Test
    void errorsAddUpOverPairs() {
        BoundaryError a = BoundaryError.of(List.of(new Box(0, 10, 0, 10)), List.of(new Box(1, 10, 0, 10)));
        BoundaryError b = BoundaryError.of(List.of(new Box(5, 9, 5, 9)), List.of(new Box(5, 10, 5, 10)));
        BoundaryError both = a.plus(b);
        assertEquals(2, both.found());
        assertEquals((1.0 + 2.0) / 8, both.meanError(), 1e-12);
        assertEquals(-0.5, both.meanStartBias(), 1e-12);
    }
}
