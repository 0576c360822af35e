package org.vcd.train.detector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vcd.detector.spd.GridCopy;
import org.vcd.train.detector.SyntheticMatrices.Shape;

class SyntheticMatricesTest {

    private static final int ROWS = 90;
    private static final int COLUMNS = 120;
    private static final float EMPTY = -1;

    /**
     * On an empty matrix every cell a near-static copy lights lies in its box (a pan's band may reach past its line
     * by its half-width, a cell's rounding by one), and a still stretch copied whole lights every cell of its box.
     */
    @Test
    void aNearStaticCopysBoxCoversWhatItLights() {
        int wholeBlocks = 0;
        for (Shape shape : new Shape[] {Shape.BLOCK, Shape.PAN, Shape.LOOP}) {
            double margin = shape == Shape.PAN ? SyntheticMatrices.MAX_PAN_HALF_WIDTH : 1;
            for (int seed = 0; seed < 200; seed++) {
                float[] values = new float[ROWS * COLUMNS];
                Arrays.fill(values, EMPTY);
                GridCopy copy = SyntheticMatrices.plant(values, ROWS, COLUMNS, 5, shape, new Random(seed));
                int lit = 0;
                int filledRows = 0;
                for (int i = 0; i < ROWS; i++) {
                    boolean filled = true;
                    for (int j = 0; j < COLUMNS; j++) {
                        boolean on = values[i * COLUMNS + j] > EMPTY;
                        boolean inside = j + 1 > copy.referenceStart() - margin && j < copy.referenceEnd() + margin
                                && i >= copy.queryStart() && i < copy.queryEnd();
                        assertTrue(!on || inside, shape + " seed " + seed + ": cell " + i + "," + j + " lit outside "
                                + copy);
                        lit += on ? 1 : 0;
                        if (j >= Math.ceil(copy.referenceStart()) && j + 1 <= Math.floor(copy.referenceEnd())) {
                            filled &= on;
                        }
                    }
                    filledRows += filled && i >= copy.queryStart() && i < copy.queryEnd() ? 1 : 0;
                }
                assertTrue(lit >= 3, shape + " seed " + seed + " lights its copy");
                if (shape == Shape.BLOCK && filledRows == copy.queryEnd() - copy.queryStart()) {
                    wholeBlocks++; // the whole copy is one still stretch, every cell of its box lit
                }
            }
        }
        // Half the blocks are drawn whole, the others still in part, and some of those are whole by chance.
        assertTrue(wholeBlocks >= 80, "blocks that are the whole copy: " + wholeBlocks + " of 200");
    }

    @Test
    void sharesOfShapesAreAsConfigured() {
        Map<Shape, Integer> counts = count(0.25, 3000);
        int all = counts.values().stream().mapToInt(Integer::intValue).sum();
        int still = all - counts.get(Shape.LINE);
        assertEquals(0.25, (double) still / all, 0.02, counts.toString());
        assertEquals(0.5, (double) counts.get(Shape.BLOCK) / still, 0.05, counts.toString());
        assertEquals(0.25, (double) counts.get(Shape.PAN) / still, 0.05, counts.toString());
        assertEquals(0.25, (double) counts.get(Shape.LOOP) / still, 0.05, counts.toString());
        assertEquals(Set.of(Shape.LINE), count(0, 300).keySet(), "no near-static copy at 0");
        assertTrue(!count(1, 300).containsKey(Shape.LINE), "only near-static copies at 1");
    }

    private static Map<Shape, Integer> count(double share, int matrices) {
        Map<Shape, Integer> counts = new EnumMap<>(Shape.class);
        Random random = new Random(17);
        for (int m = 0; m < matrices; m++) {
            for (Shape shape : SyntheticMatrices.drawShapes(random, share).shapes()) {
                counts.merge(shape, 1, Integer::sum);
            }
        }
        return counts;
    }

    @Test
    void theSameSeedDrawsTheSameMatrices() {
        Random a = new Random(5);
        Random b = new Random(5);
        for (int m = 0; m < 50; m++) {
            TrainingMatrix x = SyntheticMatrices.draw(a, 0.25);
            TrainingMatrix y = SyntheticMatrices.draw(b, 0.25);
            assertArrayEquals(x.matrix().values(), y.matrix().values());
            assertEquals(x.copies(), y.copies());
        }
    }
}
