package org.vcd.domain;

/**
 * A copied segment: the part of the query, in seconds, that copies the given part of the reference.
 * A reference span running backwards (start after end) is not used: reversed copies keep
 * {@code referenceStart <= referenceEnd} and are told apart by the localizer, not by the box.
 *
 * @param score confidence in [0, 1]
 */
public record Segment(double queryStart, double queryEnd, double referenceStart, double referenceEnd,
                      double score) {

    public Segment {
        if (!(queryStart <= queryEnd) || !(referenceStart <= referenceEnd)) {
            throw new IllegalArgumentException("segment ends before it starts: " + queryStart + ".." + queryEnd
                    + " / " + referenceStart + ".." + referenceEnd);
        }
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("score must be in [0, 1]: " + score);
        }
    }

    public double queryDuration() {
        return queryEnd - queryStart;
    }

    public double referenceDuration() {
        return referenceEnd - referenceStart;
    }

    /**
     * Intersection of the two segments' (query, reference) rectangles over the smaller one's area, in [0, 1]. VCSL
     * uses IoU to drop repeated boxes, which keeps short boxes nested inside a long copy (self-similar scenes make
     * them) and, on 1 s grids, a copy's boxes shifted by one step (IoU 0.8-0.9 for copies of 10-30 s); a box
     * mostly inside another cannot be a second copy, since one query moment shows one reference moment.
     */
    public double overlap(Segment other) {
        double width = Math.min(queryEnd, other.queryEnd) - Math.max(queryStart, other.queryStart);
        double height = Math.min(referenceEnd, other.referenceEnd) - Math.max(referenceStart, other.referenceStart);
        if (width <= 0 || height <= 0) {
            return 0;
        }
        return width * height / Math.min(queryDuration() * referenceDuration(),
                other.queryDuration() * other.referenceDuration());
    }
}
