package org.vcd.detector.spd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class BoxTest {

    @Test
    void piecesOfOneCopyFromNeighbouringTilesBecomeOne() {
        List<Box> merged = Box.merge(List.of(new Box(10, 64, 20, 74, 0.8), new Box(32, 90, 42, 100, 0.9)), 0.5,
                0.3);
        assertEquals(List.of(new Box(10, 90, 20, 100, 0.9)), merged);
    }

    @Test
    void aSpliceOfTwoReferencePartsStaysTwoCopies() {
        // Query 10..30 shows reference 10..30, query 30..50 reference 60..80: no span in common on either axis.
        List<Box> merged = Box.merge(List.of(new Box(10, 30, 10, 30, 0.9), new Box(30, 50, 60, 80, 0.7)), 0.5,
                0.3);
        assertEquals(2, merged.size(), merged.toString());
        assertEquals(0.9, merged.get(0).score());
    }

    @Test
    void aBoxInsideABetterOneIsDropped() {
        // Same query span, other reference span: overlapping by a fifth on the reference axis, so not merged, but
        // the small one lies inside the big one's rectangle.
        List<Box> merged = Box.merge(List.of(new Box(0, 50, 0, 50, 0.9), new Box(20, 24, 40, 60, 0.6)), 0.5, 0.3);
        assertEquals(List.of(new Box(0, 50, 0, 50, 0.9)), merged);
    }
}
