package org.vcd.detector.spd;

/**
 * Snaps a detected box to the copy's line in the similarity matrix itself. The grid detector sees a copy at the
 * resolution of its cells and through pooled features, so its box can be a few steps off in place and speed; the
 * matrix says exactly where the line of similar frames runs, starts and stops. The line is searched near the box's
 * own (slope within {@link #SLOPE_RANGE}, offset within {@link #SHIFT} cells, either direction), then followed past
 * the box's ends while it stays bright.
 */
final class LineFit {

    /** Rows past each end of the box searched for the line going on. */
    private static final int REACH = 4;
    /** Dark rows a line may cross (altered frames) and still be one copy. */
    private static final int MAX_GAP = 2;
    private static final double SLOPE_RANGE = 1.3;
    private static final int SLOPES = 9;
    private static final double SHIFT = 3;
    private static final double SHIFT_STEP = 0.5;
    private static final double NEIGHBOUR_PENALTY = 0.05;

    private LineFit() {
    }

    /** A line through the box's centre row: column {@code centre + (row - centreRow) * slope}, or minus when reversed. */
    private record Line(double centreRow, double centre, double slope, boolean reversed) {

        double column(double row) {
            double along = (row - centreRow) * slope;
            return reversed ? centre - along : centre + along;
        }
    }

    static Box refine(Box box, DetectorInput input) {
        Line line = bestLine(box, input);
        double bright = mean(line, input, box.queryStart(), box.queryEnd());
        double background = input.mean();
        if (!(bright > background)) {
            return box;
        }
        double threshold = background + 0.5 * (bright - background);
        int from = Math.max(0, (int) Math.floor(box.queryStart()) - REACH);
        int to = Math.min(input.rows(), (int) Math.ceil(box.queryEnd()) + REACH);
        boolean[] on = new boolean[Math.max(0, to - from)];
        for (int i = from; i < to; i++) {
            on[i - from] = response(line, input, i) >= threshold;
        }
        // The run of bright rows (gaps of up to MAX_GAP joined) that overlaps the box most.
        int bestStart = -1;
        int bestEnd = -1;
        double bestOverlap = 0;
        int k = 0;
        while (k < on.length) {
            if (!on[k]) {
                k++;
                continue;
            }
            int end = k + 1;
            int next = k + 1;
            while (next < on.length && next - end < MAX_GAP + 1) {
                if (on[next]) {
                    end = next + 1;
                }
                next++;
            }
            double overlap = Math.min(from + end, box.queryEnd()) - Math.max(from + k, box.queryStart());
            if (overlap > bestOverlap) {
                bestOverlap = overlap;
                bestStart = from + k;
                bestEnd = from + end;
            }
            k = Math.max(next, end);
        }
        if (bestStart < 0) {
            return box;
        }
        Line fitted = leastSquares(line, input, bestStart, bestEnd, threshold);
        double r0 = fitted.column(bestStart);
        double r1 = fitted.column(bestEnd);
        double referenceStart = Math.max(0, Math.min(r0, r1));
        double referenceEnd = Math.min(input.columns(), Math.max(r0, r1));
        if (!(referenceEnd - referenceStart >= 0.5)) {
            return box;
        }
        return new Box(bestStart, bestEnd, referenceStart, referenceEnd, box.score());
    }

    /**
     * The least-squares line through the brightest cell next to {@code line} in each bright row of
     * {@code [from, to)}: the searched line's slope and offset are only as fine as the search's steps.
     */
    private static Line leastSquares(Line line, DetectorInput input, int from, int to, double threshold) {
        double n = 0;
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (int i = from; i < to; i++) {
            int j = brightest(line, input, i);
            if (j < 0 || input.raw(i, j) < threshold) {
                continue;
            }
            double x = i + 0.5;
            double y = j + 0.5;
            n++;
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        double spread = n * sxx - sx * sx;
        if (n < 3 || !(spread > 0)) {
            return line;
        }
        double slope = (n * sxy - sx * sy) / spread;
        double centreRow = sx / n;
        // A fit that turns the line round or far off its speed is a fit to clutter, not to the copy.
        if ((slope < 0) != line.reversed() || Math.abs(Math.log(Math.abs(slope) / line.slope())) > Math.log(1.5)) {
            return line;
        }
        return new Line(centreRow, sy / n, Math.abs(slope), line.reversed());
    }

    /** The column of the brightest cell within one of the line in row {@code row}, -1 when the line is off the matrix. */
    private static int brightest(Line line, DetectorInput input, int row) {
        int j = (int) Math.floor(line.column(row + 0.5));
        int best = -1;
        for (int dj = -1; dj <= 1; dj++) {
            if (j + dj >= 0 && j + dj < input.columns() && (best < 0 || input.raw(row, j + dj) > input.raw(row, best))) {
                best = j + dj;
            }
        }
        return best;
    }

    /** The brightest line near the box's diagonals. */
    private static Line bestLine(Box box, DetectorInput input) {
        double centreRow = (box.queryStart() + box.queryEnd()) / 2;
        double centre = (box.referenceStart() + box.referenceEnd()) / 2;
        double slope = box.referenceLength() / box.queryLength();
        Line best = new Line(centreRow, centre, slope, false);
        double bestMean = Double.NEGATIVE_INFINITY;
        for (boolean reversed : new boolean[] {false, true}) {
            for (int s = 0; s < SLOPES; s++) {
                double factor = Math.pow(SLOPE_RANGE, 2.0 * s / (SLOPES - 1) - 1);
                for (double shift = -SHIFT; shift <= SHIFT + 1e-9; shift += SHIFT_STEP) {
                    Line line = new Line(centreRow, centre + shift, slope * factor, reversed);
                    double mean = mean(line, input, box.queryStart(), box.queryEnd());
                    if (mean > bestMean) {
                        bestMean = mean;
                        best = line;
                    }
                }
            }
        }
        return best;
    }

    /**
     * The brightest raw similarity within a cell of the line in row {@code row}, the neighbours' a little less (so
     * that of two lines through one copy's cells the one through their centres wins); -1 off the matrix.
     */
    private static double response(Line line, DetectorInput input, int row) {
        int j = (int) Math.floor(line.column(row + 0.5));
        double best = -1;
        for (int dj = -1; dj <= 1; dj++) {
            if (j + dj >= 0 && j + dj < input.columns()) {
                best = Math.max(best, input.raw(row, j + dj) - (dj == 0 ? 0 : NEIGHBOUR_PENALTY));
            }
        }
        return best;
    }

    private static double mean(Line line, DetectorInput input, double fromRow, double toRow) {
        int from = Math.max(0, (int) Math.ceil(fromRow));
        int to = Math.min(input.rows(), (int) Math.floor(toRow));
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += response(line, input, i);
        }
        return to > from ? sum / (to - from) : -1;
    }
}
