package org.vcd.bench;

import java.util.List;

/**
 * How far a found copy's reported ends lie from its true ends, in seconds. A copy is found when some predicted box of
 * its (query, reference) pair overlaps it on both axes; the box overlapping it most stands for it, and each of its four
 * ends (query start and end, reference start and end) is compared with the copy's. Segment F1 rewards overlap, which
 * hides an end that is late by a fixed amount on long copies; this says it in seconds.
 *
 * @param found       copies found
 * @param errorSum    sum of the absolute errors of their ends, four per copy
 * @param startBias   sum of (reported - true) query starts: positive when starts land late
 */
public record BoundaryError(int found, double errorSum, double startBias) {

    public static final BoundaryError NONE = new BoundaryError(0, 0, 0);

    /** The errors of the copies {@code truth} of one pair against the boxes {@code predicted} for it. */
    public static BoundaryError of(List<Box> predicted, List<Box> truth) {
        BoundaryError total = NONE;
        for (Box copy : truth) {
            Box best = null;
            double bestArea = 0;
            for (Box box : predicted) {
                Box common = box.intersection(copy);
                double area = common == null ? 0 : common.queryLength() * common.referenceLength();
                if (area > bestArea) {
                    best = box;
                    bestArea = area;
                }
            }
            if (best != null) {
                double error = Math.abs(best.queryStart() - copy.queryStart())
                        + Math.abs(best.queryEnd() - copy.queryEnd())
                        + Math.abs(best.referenceStart() - copy.referenceStart())
                        + Math.abs(best.referenceEnd() - copy.referenceEnd());
                total = total.plus(new BoundaryError(1, error, best.queryStart() - copy.queryStart()));
            }
        }
        return total;
    }

    public BoundaryError plus(BoundaryError other) {
        return new BoundaryError(found + other.found, errorSum + other.errorSum, startBias + other.startBias);
    }

    /** Mean absolute error of one end, seconds; NaN when nothing was found. */
    public double meanError() {
        return found == 0 ? Double.NaN : errorSum / (4.0 * found);
    }

    /** Mean signed error of the query start, seconds; NaN when nothing was found. */
    public double meanStartBias() {
        return found == 0 ? Double.NaN : startBias / found;
    }
}
