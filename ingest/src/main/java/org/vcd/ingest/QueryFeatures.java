package org.vcd.ingest;

import java.util.ArrayList;
import java.util.List;
import org.vcd.domain.VideoFeatures;

/**
 * A query embedded in the views {@link QueryViews} asked for, all from one decode pass and with the decoded frames'
 * timestamps: what retrieval and the similarity matrices take ({@link #views()}), and what each view is, so a match
 * can say which view found it and where in the frame.
 *
 * @param decoded  the frames as decoded
 * @param mirrored the frames flipped left to right, or null when not asked for
 * @param regions  the region views, best region first; empty when not asked for
 * @param levelled the frames turned back where they show a tilt ({@link Tilt}), the zero vector elsewhere; null when
 *                 regions were not asked for
 * @param cuts     the frames cut to each of {@link QueryViews#cuts()}, in its order; not among {@link #views()}: they
 *                 serve one segment each, not retrieval
 */
public record QueryFeatures(VideoFeatures decoded, VideoFeatures mirrored, List<RegionView> regions,
        VideoFeatures levelled, List<VideoFeatures> cuts) {

    public QueryFeatures {
        regions = List.copyOf(regions);
        cuts = List.copyOf(cuts);
    }

    /** No cuts. */
    public QueryFeatures(VideoFeatures decoded, VideoFeatures mirrored, List<RegionView> regions,
            VideoFeatures levelled) {
        this(decoded, mirrored, regions, levelled, List.of());
    }

    /**
     * One region view: each frame's region scaled up to a whole frame and embedded, as cut or mirrored.
     *
     * @param frames   where each frame's picture was cut from ({@code frames[i]} for frame i), null where the frame
     *                 has no such region (its vector is the zero vector, which matches nothing)
     * @param mirrored whether each cut picture was flipped left to right before it was embedded: a mirrored copy
     *                 inside a border, an inset or a stacked half
     */
    public record RegionView(VideoFeatures features, QueryRegion[] frames, boolean mirrored) {

        public RegionView {
            if (frames.length != features.frameCount()) {
                throw new IllegalArgumentException(frames.length + " regions for " + features.frameCount()
                        + " frames");
            }
        }
    }

    /** Every view's features: decoded first, then mirrored (if any), the region views in order, then levelled. */
    public List<VideoFeatures> views() {
        List<VideoFeatures> views = new ArrayList<>();
        views.add(decoded);
        if (mirrored != null) {
            views.add(mirrored);
        }
        regions.forEach(region -> views.add(region.features()));
        if (levelled != null) {
            views.add(levelled);
        }
        return views;
    }
}
