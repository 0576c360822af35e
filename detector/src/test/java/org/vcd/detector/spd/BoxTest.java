package org.vcd.detector.spd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void doesNotChainParallelLinesOfABlockIntoOneBox() {
        // Three boxes at one speed whose spans overlap pairwise by half, on three parallel lines 12 cells apart (a
        // bright block seen as several lines): each stays its own box, where span overlap alone joined all three.
        List<Box> merged = Box.merge(List.of(new Box(0, 24, 0, 24, 0.9), new Box(12, 36, 0, 24, 0.8),
                new Box(24, 48, 0, 24, 0.7)), 0.5, 0.9);
        assertEquals(3, merged.size(), merged.toString());
    }

    @Test
    void joinsCollinearPiecesOfOneCopyEitherWay() {
        Box forward = new Box(0, 40, 100, 140, 0.9);
        assertTrue(forward.onOneLine(new Box(20, 60, 121, 161, 0.5)));
        assertFalse(forward.onOneLine(new Box(20, 60, 140, 180, 0.5)));
        Box reversed = new Box(0, 40, 100, 140, 0.9); // its diagonal read from top right to bottom left
        assertTrue(reversed.onOneLine(new Box(20, 60, 80, 120, 0.5)));
    }
}
