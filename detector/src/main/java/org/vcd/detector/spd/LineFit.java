package org.vcd.detector.spd;

import java.util.Arrays;

/**
 * Snaps a detected box to the copy's line in the similarity matrix itself. The grid detector sees a copy at the
 * resolution of its cells and through pooled features, so its box can be a few steps off in place and speed; the
 * matrix says exactly where the line of similar frames runs, starts and stops. The line is searched near the box's
 * own (slope within {@link #SLOPE_RANGE}, offset within {@link #SHIFT} cells, either direction), least-squares
 * fitted, then followed past the box's ends while it stays bright.
 */
final class LineFit {

    /** Dark rows a line may cross (altered frames) and still be one copy. */
    private static final int MAX_GAP = 2;
    /** The near search: slopes within this factor of the box's, offsets within {@link #SHIFT} cells of its centre. */
    private static final double SLOPE_RANGE = 1.3;
    private static final double SHIFT = 3;
    /**
     * The wide search, for a box whose diagonal is well off its copy (a union of pieces merged across tiles): slopes
     * within a factor 2, offsets a quarter of the box across. Its line replaces the near one only when brighter by
     * {@link #WIDE_MARGIN}: in a static scene many parallel lines are nearly as bright, and the near one is right.
     */
    private static final double WIDE_SLOPE_RANGE = 2;
    private static final double WIDE_MARGIN = 0.1;
    private static final int SLOPES = 9;
    private static final double SHIFT_STEP = 0.5;
    private static final double NEIGHBOUR_PENALTY = 0.05;
    /** A dim line keeps a trace of its score, so that scores still rank such lines among themselves. */
    private static final double MIN_WEIGHT = 0.01;

    private LineFit() {
    }

    /** A line through the box's centre row: column {@code centre + (row - centreRow) * slope}, or minus when reversed. */
    private record Line(double centreRow, double centre, double slope, boolean reversed) {

        double column(double row) {
            double along = (row - centreRow) * slope;
            return reversed ? centre - along : centre + along;
        }
    }

    /**
     * The box snapped to its line, its score weighted by how similar the frames along the line are: from 0 at
     * {@code dim} to 1 at {@code bright} (the grid detector judges the line's shape; whether frames that alike are
     * copies at all depends on the descriptor, and the matrix says how alike they are); and by how far that falls
     * short of what the same query frames reach elsewhere in the matrix ({@link #shortfall}): from 1 at
     * {@code bestGap} to 0 at {@code lookAlikeGap} (infinite: not weighted).
     */
    static Box refine(Box box, DetectorInput input, double dim, double bright, double bestGap, double lookAlikeGap) {
        Line line = bestLine(box, input);
        double brightness = upperHalfMean(line, input, box.queryStart(), box.queryEnd());
        double background = input.mean();
        if (!(brightness > background)) {
            return box;
        }
        double threshold = background + 0.5 * (brightness - background);
        // Inside the box the line's dark ends are trimmed and its dark stretches (altered frames) kept.
        int start = -1;
        int end = -1;
        for (int i = Math.max(0, (int) Math.floor(box.queryStart())); i < Math.min(input.rows(),
                (int) Math.ceil(box.queryEnd())); i++) {
            if (response(line, input, i) >= threshold) {
                start = start < 0 ? i : start;
                end = i + 1;
            }
        }
        if (start < 0) {
            return box;
        }
        // Past the box the line is followed while bright rows come at most MAX_GAP dark rows apart; each pass follows
        // the line fitted to what the last one found, which is truer the longer it is.
        for (int pass = 0; pass < 3; pass++) {
            line = leastSquares(line, input, start, end, threshold);
            for (int i = start - 1; i >= 0 && start - i <= MAX_GAP + 1 && onMatrix(line, input, i); i--) {
                if (response(line, input, i) >= threshold) {
                    start = i;
                }
            }
            for (int i = end; i < input.rows() && i - (end - 1) <= MAX_GAP + 1 && onMatrix(line, input, i); i++) {
                if (response(line, input, i) >= threshold) {
                    end = i + 1;
                }
            }
        }
        double r0 = line.column(start);
        double r1 = line.column(end);
        double referenceStart = Math.max(0, Math.min(r0, r1));
        double referenceEnd = Math.min(input.columns(), Math.max(r0, r1));
        if (!(referenceEnd - referenceStart >= 0.5)) {
            return box;
        }
        double alike = Math.max(MIN_WEIGHT, Math.min(1, (mean(line, input, start, end) - dim) / (bright - dim)));
        if (Double.isFinite(lookAlikeGap)) {
            double gap = shortfall(line, input, start, end);
            alike *= Math.max(MIN_WEIGHT, Math.min(1, (lookAlikeGap - gap) / (lookAlikeGap - bestGap)));
        }
        return new Box(start, end, referenceStart, referenceEnd, box.score() * alike);
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

    private static boolean onMatrix(Line line, DetectorInput input, int row) {
        double column = line.column(row + 0.5);
        return column >= 0 && column < input.columns();
    }

    /** A searched line and its mean response over the box's rows. */
    private record Found(Line line, double mean) {
    }

    /** The brightest line through the box near its diagonal, or further off when that one is much brighter. */
    private static Line bestLine(Box box, DetectorInput input) {
        Found near = brightestLine(box, input, SLOPE_RANGE, SLOPES, SHIFT);
        Found wide = brightestLine(box, input, WIDE_SLOPE_RANGE, 2 * SLOPES - 1,
                Math.max(SHIFT, box.referenceLength() / 4));
        return (wide.mean() > near.mean() + WIDE_MARGIN ? wide : near).line();
    }

    /** The brightest line through the box's rows with a slope within {@code range} of its diagonal's, either way. */
    private static Found brightestLine(Box box, DetectorInput input, double range, int slopes, double shifts) {
        double centreRow = (box.queryStart() + box.queryEnd()) / 2;
        double centre = (box.referenceStart() + box.referenceEnd()) / 2;
        double slope = box.referenceLength() / box.queryLength();
        Line best = new Line(centreRow, centre, slope, false);
        double bestMean = Double.NEGATIVE_INFINITY;
        for (boolean reversed : new boolean[] {false, true}) {
            for (int s = 0; s < slopes; s++) {
                double factor = Math.pow(range, 2.0 * s / (slopes - 1) - 1);
                for (double shift = -shifts; shift <= shifts + 1e-9; shift += SHIFT_STEP) {
                    Line line = new Line(centreRow, centre + shift, slope * factor, reversed);
                    double mean = mean(line, input, box.queryStart(), box.queryEnd());
                    if (mean > bestMean) {
                        bestMean = mean;
                        best = line;
                    }
                }
            }
        }
        return new Found(best, bestMean);
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

    /**
     * The line's brightness where it is bright: the mean of the upper half of its rows' responses, so that a box
     * reaching past its copy (a union of pieces, say) does not lower the bar the copy's rows are held to.
     */
    private static double upperHalfMean(Line line, DetectorInput input, double fromRow, double toRow) {
        int from = Math.max(0, (int) Math.ceil(fromRow));
        int to = Math.min(input.rows(), (int) Math.floor(toRow));
        if (to <= from) {
            return -1;
        }
        double[] responses = new double[to - from];
        for (int i = from; i < to; i++) {
            responses[i - from] = response(line, input, i);
        }
        Arrays.sort(responses);
        double sum = 0;
        for (int k = responses.length / 2; k < responses.length; k++) {
            sum += responses[k];
        }
        return sum / (responses.length - responses.length / 2);
    }

    /**
     * How far the line's similarity falls short, on average over rows {@code [from, to)}, of the best similarity each
     * of those query frames reaches anywhere in the matrix. A copy is where its frames match best (0, or nearly, with
     * every place the copied footage shows tying); a look-alike stretch (the same still scene at another time, a card
     * of the same style) is bright too, but dimmer than the frames' own copy.
     */
    private static double shortfall(Line line, DetectorInput input, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += input.rowBest(i) - Math.max(0, response(line, input, i));
        }
        return to > from ? sum / (to - from) : 0;
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
