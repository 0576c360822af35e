package org.vcd.detector.spd;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A detected copy in grid cells of one matrix (row = query, column = reference; ends exclusive), with its score. */
record Box(double queryStart, double queryEnd, double referenceStart, double referenceEnd, double score) {

    double queryLength() {
        return queryEnd - queryStart;
    }

    double referenceLength() {
        return referenceEnd - referenceStart;
    }

    /** Shares of the shorter span each axis has in common with {@code other}, the smaller of the two. */
    double axisOverlap(Box other) {
        return Math.min(share(queryStart, queryEnd, other.queryStart, other.queryEnd),
                share(referenceStart, referenceEnd, other.referenceStart, other.referenceEnd));
    }

    /** Area in common over the smaller box's area. */
    double areaOverlap(Box other) {
        double q = Math.min(queryEnd, other.queryEnd) - Math.max(queryStart, other.queryStart);
        double r = Math.min(referenceEnd, other.referenceEnd) - Math.max(referenceStart, other.referenceStart);
        if (q <= 0 || r <= 0) {
            return 0;
        }
        return q * r / Math.min(queryLength() * referenceLength(), other.queryLength() * other.referenceLength());
    }

    private static double share(double a0, double a1, double b0, double b1) {
        double common = Math.min(a1, b1) - Math.max(a0, b0);
        return common <= 0 ? 0 : common / Math.min(a1 - a0, b1 - b0);
    }

    /**
     * Whether {@code other} can be another piece of the same copy: their spans overlap by {@code overlap} on both axes,
     * their slopes (reference extent over query extent, the copy's speed) agree within {@link #SLOPE_RATIO}, and they
     * lie on one line ({@link #onOneLine}).
     */
    boolean samePieceAs(Box other, double overlap) {
        double slope = referenceLength() / queryLength();
        double otherSlope = other.referenceLength() / other.queryLength();
        return axisOverlap(other) >= overlap && Math.abs(Math.log(slope / otherSlope)) <= Math.log(SLOPE_RATIO)
                && onOneLine(other);
    }

    /** Pieces of one copy share its speed; a short look-alike run across a copy's box usually does not. */
    private static final double SLOPE_RATIO = 1.5;

    /**
     * Whether the two boxes' diagonals (both forward or both reversed) lie on one line: the longer box's diagonal,
     * extended, passes within {@link #LINE_OFFSET} of the shorter box's reference extent (at least
     * {@link #MIN_LINE_OFFSET} cells) of the shorter box's centre. Overlapping spans alone chain boxes across a
     * bright block or a look-alike stretch (parallel lines of one still scene, the same footage at another time)
     * into one box many times the copy's length; pieces of one copy seen in neighbouring tiles are collinear.
     */
    boolean onOneLine(Box other) {
        Box longer = queryLength() >= other.queryLength() ? this : other;
        Box shorter = longer == this ? other : this;
        double centreRow = (shorter.queryStart + shorter.queryEnd) / 2;
        double centre = (shorter.referenceStart + shorter.referenceEnd) / 2;
        double along = (centreRow - longer.queryStart) * longer.referenceLength() / longer.queryLength();
        double tolerance = Math.max(MIN_LINE_OFFSET, LINE_OFFSET * shorter.referenceLength());
        return Math.abs(longer.referenceStart + along - centre) <= tolerance
                || Math.abs(longer.referenceEnd - along - centre) <= tolerance;
    }

    /** Boxes from the downscaled tile are a few cells off their copy; a quarter of a box is well above that. */
    private static final double LINE_OFFSET = 0.25;
    private static final double MIN_LINE_OFFSET = 2;

    Box union(Box other) {
        return new Box(Math.min(queryStart, other.queryStart), Math.max(queryEnd, other.queryEnd),
                Math.min(referenceStart, other.referenceStart), Math.max(referenceEnd, other.referenceEnd),
                Math.max(score, other.score));
    }

    /**
     * One box per copy from the boxes of all tiles and scales: boxes whose spans overlap by at least
     * {@code mergeOverlap} on both axes, at the same slope, are pieces of one copy seen in neighbouring tiles (or twice
     * in one) and become their union; then a box lying mostly ({@code maxOverlap} of its area) inside a better one is dropped, as one
     * query moment shows one reference moment. Best first.
     */
    static List<Box> merge(List<Box> boxes, double mergeOverlap, double maxOverlap) {
        List<Box> merged = new ArrayList<>(boxes);
        merged.sort(Comparator.comparingDouble(Box::score).reversed());
        boolean changed = true;
        while (changed) {
            changed = false;
            List<Box> next = new ArrayList<>();
            for (Box box : merged) {
                int into = -1;
                for (int k = 0; k < next.size() && into < 0; k++) {
                    if (next.get(k).samePieceAs(box, mergeOverlap)) {
                        into = k;
                    }
                }
                if (into < 0) {
                    next.add(box);
                } else {
                    next.set(into, next.get(into).union(box));
                    changed = true;
                }
            }
            merged = next;
        }
        return suppress(merged, maxOverlap);
    }

    /** Best first, without the boxes lying mostly ({@code maxOverlap} of their area) inside a better one. */
    static List<Box> suppress(List<Box> boxes, double maxOverlap) {
        List<Box> sorted = new ArrayList<>(boxes);
        sorted.sort(Comparator.comparingDouble(Box::score).reversed());
        List<Box> kept = new ArrayList<>();
        for (Box box : sorted) {
            if (kept.stream().allMatch(k -> k.areaOverlap(box) <= maxOverlap)) {
                kept.add(box);
            }
        }
        return kept;
    }
}
