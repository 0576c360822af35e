package org.vcd.ingest;

import java.util.List;

/**
 * The views a query's frames are embedded in besides the frame as decoded, all from the one decode pass: each view
 * is a {@code VideoFeatures} with the decoded frames' timestamps (together a {@link QueryFeatures}), and a matrix
 * cell keeps the best similarity of any view, so a copy that shows in one view is found whatever the others show.
 *
 * @param mirror  each frame flipped left to right (FFmpeg's hflip): a mirrored copy
 * @param regions each frame's {@link ContentRegions} (inside a border, a picture-in-picture inset, a stacked half)
 *                scaled up to the whole frame, {@link ContentRegions.Config#maxRegions()} views (twice that with
 *                {@code mirror}: each region also flipped left to right), then the frame
 *                turned back when it shows a tilt ({@link Tilt}), one view; a frame without that many regions or
 *                without a tilt has the zero vector there, which matches nothing
 * @param cuts    regions every frame is cut to, the same for each frame, one view each: a segment a region view
 *                found, read again at a denser rate to place its ends ({@code SegmentEnds})
 * @param within  query times whose frames are embedded, every frame when empty; the others get the zero vector, so
 *                a pass that reads only some stretches of the query pays the embedder for those alone. Region views
 *                need every frame (a region is judged over the frames around it), so they take no spans.
 */
public record QueryViews(boolean mirror, boolean regions, List<QueryRegion> cuts, List<Span> within) {

    /** The frame as decoded only. */
    public static final QueryViews DECODED = new QueryViews(false, false);

    /** Query seconds from {@code from} to {@code to}, both included. */
    public record Span(double from, double to) {

        public Span {
            if (!(from <= to)) {
                throw new IllegalArgumentException("a span ends before it starts: " + from + " to " + to);
            }
        }

        boolean holds(double time) {
            return time >= from && time <= to;
        }
    }

    public QueryViews {
        cuts = List.copyOf(cuts);
        within = List.copyOf(within);
        if (regions && !within.isEmpty()) {
            throw new IllegalArgumentException("region views need every frame; they take no spans");
        }
    }

    /** No cuts, every frame. */
    public QueryViews(boolean mirror, boolean regions) {
        this(mirror, regions, List.of(), List.of());
    }

    /** Every frame. */
    public QueryViews(boolean mirror, boolean regions, List<QueryRegion> cuts) {
        this(mirror, regions, cuts, List.of());
    }

    /** Whether the frame shown at query time {@code time} is embedded. */
    boolean embeds(double time) {
        return within.isEmpty() || within.stream().anyMatch(span -> span.holds(time));
    }
}
