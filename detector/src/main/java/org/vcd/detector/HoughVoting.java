package org.vcd.detector;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.vcd.domain.Segment;
import org.vcd.domain.SimilarityMatrix;

/**
 * The Hough-voting localizer, VCSL's HV: every cell at least {@code minSimilarity} votes, with its similarity, for
 * its time offset (reference time - query time), and the most voted offsets are read along their line as copied
 * segments. A copy at normal speed is one line of constant offset; a copy played backwards is one of constant
 * reference time + query time, voted on as well when {@code reversed}. A copy at another speed crosses offsets and
 * is found, if at all, in pieces no longer than the steps it stays on one offset.
 */
public final class HoughVoting implements Localizer {

    private final HoughVotingConfig config;

    public HoughVoting(HoughVotingConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * A line of the matrix: forward, the cells with {@code col - row = index - (rows - 1)}; reversed, those with
     * {@code row + col = index}.
     */
    private record Line(boolean reversed, int index, double votes) {
    }

    /** A run of voting cells on a line: first and last cell (row, col), with the sum and count of their votes. */
    private record Run(int firstRow, int firstCol, int lastRow, int lastCol, double votes, int cells) {
    }

    @Override
    public List<Segment> localize(SimilarityMatrix m) {
        int rows = m.queryLength();
        int cols = m.referenceLength();
        if (rows == 0 || cols == 0) {
            return List.of();
        }
        double[] forward = new double[rows + cols - 1];
        double[] backward = new double[rows + cols - 1];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                float s = m.get(i, j);
                if (s >= config.minSimilarity()) {
                    forward[j - i + rows - 1] += s;
                    backward[i + j] += s;
                }
            }
        }
        List<Line> lines = new ArrayList<>();
        for (int d = 0; d < forward.length; d++) {
            if (forward[d] > 0) {
                lines.add(new Line(false, d, forward[d]));
            }
            if (config.reversed() && backward[d] > 0) {
                lines.add(new Line(true, d, backward[d]));
            }
        }
        lines.sort(Comparator.comparingDouble(Line::votes).reversed());
        List<Run> runs = new ArrayList<>();
        for (Line line : lines.subList(0, Math.min(config.maxPeaks(), lines.size()))) {
            runs.addAll(runs(m, line));
        }
        runs.sort(Comparator.comparingDouble(Run::votes).reversed());
        List<Segment> kept = new ArrayList<>();
        for (Run run : runs) {
            if (Math.abs(run.lastRow() - run.firstRow()) + 1 < config.minLength()
                    || Math.abs(run.lastCol() - run.firstCol()) + 1 < config.minLength()) {
                continue;
            }
            Segment segment = m.segment(run.firstRow(), run.lastRow() + 1, Math.min(run.firstCol(), run.lastCol()),
                    Math.max(run.firstCol(), run.lastCol()) + 1, Math.min(1, Math.max(0, run.votes() / run.cells())));
            if (kept.stream().allMatch(k -> k.overlap(segment) <= config.maxOverlap())) {
                kept.add(segment);
            }
        }
        kept.sort(Comparator.comparingDouble(Segment::score).reversed());
        return kept;
    }

    /** The line's runs of voting cells in query order, split where more than {@code maxGap} cells do not vote. */
    private List<Run> runs(SimilarityMatrix m, Line line) {
        int rows = m.queryLength();
        int cols = m.referenceLength();
        List<Run> runs = new ArrayList<>();
        int firstRow = -1;
        int lastRow = -1;
        double votes = 0;
        int cells = 0;
        for (int i = 0; i < rows; i++) {
            int j = column(line, i, rows);
            if (j < 0 || j >= cols) {
                continue;
            }
            float s = m.get(i, j);
            if (!(s >= config.minSimilarity())) {
                continue;
            }
            if (cells > 0 && i - lastRow - 1 > config.maxGap()) {
                runs.add(new Run(firstRow, column(line, firstRow, rows), lastRow, column(line, lastRow, rows),
                        votes, cells));
                cells = 0;
                votes = 0;
            }
            if (cells == 0) {
                firstRow = i;
            }
            lastRow = i;
            votes += s;
            cells++;
        }
        if (cells > 0) {
            runs.add(new Run(firstRow, column(line, firstRow, rows), lastRow, column(line, lastRow, rows), votes,
                    cells));
        }
        return runs;
    }

    private static int column(Line line, int row, int rows) {
        return line.reversed() ? line.index() - row : row + line.index() - (rows - 1);
    }
}
