package org.vcd.detector;

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
}
