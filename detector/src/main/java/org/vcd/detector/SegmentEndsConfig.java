package org.vcd.detector;

/**
 * How {@link SegmentEnds} places a segment's ends between the grid's samples.
 *
 * @param rate     query frames per second of the denser pass the ends are read from (the grid has 1)
 * @param window   seconds on either side of an end, as the localizer put it, where the refined end is looked for
 * @param margin   least similarity by which the copy's inside must stand above what lies beyond an end (frames
 *                 further out than {@code window}); an end with less contrast is left where it is
 * @param run      consecutive dense frames at or above the threshold that mark the copy's first (or last) moment,
 *                 so a single look-alike frame outside the copy does not pull the end out
 * @param shortest least query seconds a segment needs to be refined (its inside is read half a second in from
 *                 either end)
 */
public record SegmentEndsConfig(double rate, double window, double margin, int run, double shortest) {

    // Chosen on the training split (docs/BENCHMARKS.md, "Segment ends read from a denser pass").
    public static final SegmentEndsConfig DEFAULT = new SegmentEndsConfig(4, 1.5, 0.1, 3, 1.5);

    /**
     * Query seconds beyond a segment's ends that {@link SegmentEnds#refine} reads: the window, and the second past it
     * that says what lies beyond the copy.
     */
    public double reach() {
        return window + 1;
    }

    public SegmentEndsConfig {
        if (!(rate > 0 && window > 0 && margin >= 0 && shortest > 1) || run < 1) {
            throw new IllegalArgumentException("rate, window, run and shortest (> 1 s) must be positive, margin at"
                    + " least 0: " + rate + ", " + window + ", " + run + ", " + shortest + ", " + margin);
        }
    }
}
