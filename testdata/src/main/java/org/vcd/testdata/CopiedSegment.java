package org.vcd.testdata;

import java.util.List;

/**
 * Ground truth for one copied stretch of a query video.
 *
 * @param reference       file name of the reference video the stretch was taken from
 * @param queryStart      where the copy starts in the query, seconds
 * @param queryEnd        where it ends in the query, seconds (exclusive)
 * @param referenceStart  where the copied stretch starts in the reference, seconds
 * @param referenceEnd    where it ends in the reference, seconds (exclusive)
 * @param transformations what was done to the stretch, in order (FFmpeg filter expressions, then re-encoding)
 */
public record CopiedSegment(String reference, double queryStart, double queryEnd, double referenceStart,
        double referenceEnd, List<String> transformations) {

    public CopiedSegment {
        if (!(queryEnd > queryStart) || !(referenceEnd > referenceStart)) {
            throw new IllegalArgumentException("segments must have positive length");
        }
        transformations = List.copyOf(transformations);
    }
}
