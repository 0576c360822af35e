package org.vcd.bench;

/**
 * A copied segment as a box in the query x reference time plane, in seconds. Reversed copies are the same box
 * (the box says where, not in which direction), so each axis is stored low to high.
 */
public record Box(double queryStart, double queryEnd, double referenceStart, double referenceEnd) {

    public Box {
        if (!(queryStart <= queryEnd) || !(referenceStart <= referenceEnd)) {
            throw new IllegalArgumentException("box ends before it starts: " + queryStart + ".." + queryEnd + " / "
                    + referenceStart + ".." + referenceEnd);
        }
    }

    /** The box spanned by two corners, whichever way round each axis is given. */
    public static Box spanning(double queryA, double queryB, double referenceA, double referenceB) {
        return new Box(Math.min(queryA, queryB), Math.max(queryA, queryB), Math.min(referenceA, referenceB),
                Math.max(referenceA, referenceB));
    }

    double queryLength() {
        return queryEnd - queryStart;
    }

    double referenceLength() {
        return referenceEnd - referenceStart;
    }

    /** The overlap of the two boxes, or null when their intersection has no area (VCSL and VSC count only area). */
    Box intersection(Box other) {
        double qs = Math.max(queryStart, other.queryStart);
        double qe = Math.min(queryEnd, other.queryEnd);
        double rs = Math.max(referenceStart, other.referenceStart);
        double re = Math.min(referenceEnd, other.referenceEnd);
        return qe > qs && re > rs ? new Box(qs, qe, rs, re) : null;
    }

    boolean overlaps(Box other) {
        return intersection(other) != null;
    }
}
