package org.vcd.ingest;

import java.util.List;

/**
 * The views a query's frames are embedded in besides the frame as decoded, all from the one decode pass: each view
 * is a {@code VideoFeatures} with the decoded frames' timestamps (together a {@link QueryFeatures}), and a matrix
 * cell keeps the best similarity of any view, so a copy that shows in one view is found whatever the others show.
 *
 * @param mirror  each frame flipped left to right (FFmpeg's hflip): a mirrored copy
 * @param regions each frame's {@link ContentRegions} (inside a border, a picture-in-picture inset, a stacked half)
 *                scaled up to the whole frame, {@link ContentRegions.Config#maxRegions()} views, then the frame
 *                turned back when it shows a tilt ({@link Tilt}), one view; a frame without that many regions or
 *                without a tilt has the zero vector there, which matches nothing
 * @param cuts    regions every frame is cut to, the same for each frame, one view each: a segment a region view
 *                found, read again at a denser rate to place its ends ({@code SegmentEnds})
 */
public record QueryViews(boolean mirror, boolean regions, List<QueryRegion> cuts) {

    /** The frame as decoded only. */
    public static final QueryViews DECODED = new QueryViews(false, false);

    public QueryViews {
        cuts = List.copyOf(cuts);
    }

    /** No cuts. */
    public QueryViews(boolean mirror, boolean regions) {
        this(mirror, regions, List.of());
    }
}
