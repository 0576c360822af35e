package org.vcd.detector.spd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GridTest {

    private static final int CELLS = Grid.CELLS * Grid.CELLS;

    /** The output a perfect model would give for {@code target}: decoding it must give back the encoded boxes. */
    private static float[] perfectOutput(float[] target) {
        float[] out = new float[target.length];
        for (int c = 0; c < CELLS; c++) {
            int at = c * Grid.OUTPUTS;
            out[at] = target[at] > 0 ? 10 : -10;
            out[at + 1] = logit(target[at + 1]);
            out[at + 2] = logit(target[at + 2]);
            out[at + 3] = target[at + 3];
            out[at + 4] = target[at + 4];
        }
        return out;
    }

    private static float logit(float p) {
        double q = Math.min(1 - 1e-6, Math.max(1e-6, p));
        return (float) Math.log(q / (1 - q));
    }

    private static List<Box> roundTrip(List<GridCopy> copies, Tile tile, int rows, int columns) {
        float[] target = new float[CELLS * Grid.OUTPUTS];
        float[] weight = new float[CELLS * 2];
        Grid.encode(copies, tile, rows, columns, target, weight, 0);
        List<Box> boxes = new ArrayList<>();
        Grid.decode(perfectOutput(target), tile, rows, columns, 0.5, boxes);
        return boxes;
    }

    private static void assertBox(Box box, double q0, double q1, double r0, double r1) {
        String found = box.toString();
        assertEquals(q0, box.queryStart(), 1e-3, found);
        assertEquals(q1, box.queryEnd(), 1e-3, found);
        assertEquals(r0, box.referenceStart(), 1e-3, found);
        assertEquals(r1, box.referenceEnd(), 1e-3, found);
    }

    @Test
    void encodedCopiesDecodeToThemselves() {
        List<GridCopy> copies = List.of(new GridCopy(3, 20, 10, 27, false),
                new GridCopy(30, 50, 5, 15, true));
        List<Box> boxes = roundTrip(copies, new Tile(0, 0, 1), 60, 60);
        assertEquals(2, boxes.size(), boxes.toString());
        boxes.sort((a, b) -> Double.compare(a.queryStart(), b.queryStart()));
        assertBox(boxes.get(0), 3, 20, 10, 27);
        assertBox(boxes.get(1), 30, 50, 5, 15);
    }

    @Test
    void aTileReportsThePartOfACopyInsideIt() {
        // Rows 40..80 show columns 100..140; the tile at (32, 96) sees rows 40..80 but only columns 96..160.
        List<Box> boxes = roundTrip(List.of(new GridCopy(40, 80, 100, 140, false)),
                new Tile(32, 120, 1), 200, 200);
        assertEquals(1, boxes.size(), boxes.toString());
        assertBox(boxes.get(0), 60, 80, 120, 140);
    }

    @Test
    void aDownscaledTileReportsInMatrixCells() {
        List<Box> boxes = roundTrip(List.of(new GridCopy(20, 120, 40, 140, false)),
                new Tile(0, 0, 3), 190, 150);
        assertEquals(1, boxes.size(), boxes.toString());
        assertBox(boxes.get(0), 20, 120, 40, 140);
    }

    @Test
    void cellsBesideACopysCentreAreIgnoredNotNegative() {
        float[] target = new float[CELLS * Grid.OUTPUTS];
        float[] weight = new float[CELLS * 2];
        Grid.encode(List.of(new GridCopy(8, 40, 8, 40, false)), new Tile(0, 0, 1), 64, 64, target,
                weight, 0);
        int centre = 3 * Grid.CELLS + 3;
        assertEquals(1, target[centre * Grid.OUTPUTS]);
        assertEquals(1, weight[centre * 2]);
        assertEquals(1, weight[centre * 2 + 1]);
        assertEquals(0, weight[(2 * Grid.CELLS + 2) * 2], "on the line next to the centre");
        assertEquals(1, weight[(7 * Grid.CELLS) * 2], "far from the copy");
        assertEquals(0, target[(7 * Grid.CELLS) * Grid.OUTPUTS]);
    }

    @Test
    void lineOutsideAWindowIsNotInIt() {
        GridCopy copy = new GridCopy(0, 10, 0, 10, false);
        assertNull(copy.within(20, 40, 0, 64));
        // Reversed: row 0 shows column 10, row 10 column 0; rows 0..5 show columns 5..10.
        GridCopy reversed = new GridCopy(0, 10, 0, 10, true);
        GridCopy part = reversed.within(0, 5, 0, 64);
        assertEquals(5, part.queryEnd(), 1e-9);
        assertEquals(5, part.referenceStart(), 1e-9);
        assertEquals(10, part.referenceEnd(), 1e-9);
        assertTrue(part.reversed());
    }
}
