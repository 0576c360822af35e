package org.vcd.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Lengths of unions and intersections of time intervals on one axis. */
final class Intervals {

    private Intervals() {
    }

    /** Total length of the union of the intervals {@code {start, end}}. */
    static double unionLength(List<double[]> intervals) {
        List<double[]> sorted = new ArrayList<>(intervals);
        sorted.sort(Comparator.comparingDouble(i -> i[0]));
        double total = 0;
        double start = Double.NaN;
        double end = Double.NaN;
        for (double[] interval : sorted) {
            if (Double.isNaN(start) || interval[0] > end) {
                if (!Double.isNaN(start)) {
                    total += end - start;
                }
                start = interval[0];
                end = interval[1];
            } else {
                end = Math.max(end, interval[1]);
            }
        }
        return Double.isNaN(start) ? total : total + end - start;
    }

    /** Length of (union of {@code a}) intersected with (union of {@code b}): |A| + |B| - |A u B|. */
    static double intersectionLength(List<double[]> a, List<double[]> b) {
        List<double[]> both = new ArrayList<>(a);
        both.addAll(b);
        return unionLength(a) + unionLength(b) - unionLength(both);
    }

    static List<double[]> queryAxis(List<Box> boxes) {
        return boxes.stream().map(b -> new double[] {b.queryStart(), b.queryEnd()}).toList();
    }

    static List<double[]> referenceAxis(List<Box> boxes) {
        return boxes.stream().map(b -> new double[] {b.referenceStart(), b.referenceEnd()}).toList();
    }
}
