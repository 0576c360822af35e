package org.vcd.detector.spd;

/**
 * A copied segment in grid cells of one matrix (row = query, column = reference; ends exclusive): what
 * {@link Grid#encode} turns into the network's targets. Forward, the query start shows the reference start;
 * {@code reversed}, the query start shows the reference end.
 */
public record GridCopy(double queryStart, double queryEnd, double referenceStart, double referenceEnd,
                       boolean reversed) {

    public GridCopy {
        if (!(queryEnd > queryStart) || !(referenceEnd > referenceStart)) {
            throw new IllegalArgumentException("a copy needs positive spans: " + queryStart + ".." + queryEnd
                    + " / " + referenceStart + ".." + referenceEnd);
        }
    }

    /**
     * The part of this copy's line inside rows {@code [rowFrom, rowTo)} and columns {@code [columnFrom,
     * columnTo)}, or null when the line misses that window.
     */
    GridCopy within(double rowFrom, double rowTo, double columnFrom, double columnTo) {
        double dq = queryEnd - queryStart;
        double dr = referenceEnd - referenceStart;
        double from = Math.max(0, (rowFrom - queryStart) / dq);
        double to = Math.min(1, (rowTo - queryStart) / dq);
        double byColumnFrom = reversed ? (referenceEnd - columnTo) / dr : (columnFrom - referenceStart) / dr;
        double byColumnTo = reversed ? (referenceEnd - columnFrom) / dr : (columnTo - referenceStart) / dr;
        from = Math.max(from, byColumnFrom);
        to = Math.min(to, byColumnTo);
        if (!(to - from > 1e-9)) {
            return null;
        }
        double r0 = reversed ? referenceEnd - to * dr : referenceStart + from * dr;
        double r1 = reversed ? referenceEnd - from * dr : referenceStart + to * dr;
        return new GridCopy(queryStart + from * dq, queryStart + to * dq, r0, r1, reversed);
    }
}
