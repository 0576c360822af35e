package org.vcd.ingest;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a video's sampled frames, in order, into the pictures of its region views: each frame's regions are known
 * once the frames after it in {@link ContentRegions.Config#window()} have arrived, so the crops come out that many
 * frames late (and the last ones at {@link #finish}). Keeps only the window's edge maps and the pixels of the frames
 * not yet cropped. One per ingest; not thread-safe.
 */
final class RegionViews {

    /** The view of a frame turned back from a tilt ({@link Tilt}): no region of the frame, the whole of it. */
    static final int LEVELLED = -1;

    /**
     * One view's picture of a sampled frame, which the video's frames {@code [firstFrame, firstFrame + frames)} show.
     *
     * @param view   the region's rank among the frame's regions, or {@link #LEVELLED}
     * @param region the region of the frame it was cut from; null for {@link #LEVELLED}
     * @param bgr    the picture, null once embedded
     */
    record Crop(int view, int firstFrame, int frames, Region region, byte[] bgr) {
    }

    private record Pending(byte[] bgr, int firstFrame, int frames) {
    }

    private final int side;
    private final ContentRegions.Config config;
    private final int half;
    private final ArrayDeque<ContentRegions.EdgeMap> edges = new ArrayDeque<>();
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    /** Edge maps of frames whose crops are out, still in the window of later frames. */
    private int behind;

    private final double aspect;

    /** @param aspect the video's width over its height, as shown */
    RegionViews(int side, ContentRegions.Config config, double aspect) {
        this.side = side;
        this.config = config;
        this.aspect = aspect;
        this.half = config.window() / 2;
    }

    /** Adds the next sampled frame (its pixels are copied); returns the crops that became known. */
    List<Crop> add(byte[] bgr, int firstFrame, int frames) {
        edges.addLast(ContentRegions.edges(bgr, side));
        pending.addLast(new Pending(bgr.clone(), firstFrame, frames));
        List<Crop> out = new ArrayList<>();
        if (pending.size() > half) {
            cropNext(out);
        }
        return out;
    }

    /** The crops of the last frames, once the video ended. */
    List<Crop> finish() {
        List<Crop> out = new ArrayList<>();
        while (!pending.isEmpty()) {
            cropNext(out);
        }
        return out;
    }

    private void cropNext(List<Crop> out) {
        Pending frame = pending.removeFirst();
        List<ContentRegions.EdgeMap> window = List.copyOf(edges);
        List<Region> regions = ContentRegions.find(window, config);
        for (int v = 0; v < regions.size(); v++) {
            out.add(new Crop(v, frame.firstFrame(), frame.frames(), regions.get(v),
                    ContentRegions.crop(frame.bgr(), side, regions.get(v))));
        }
        double tilt = Tilt.angle(window.stream().map(ContentRegions.EdgeMap::fill).toList(), side, aspect);
        if (!Double.isNaN(tilt)) {
            out.add(new Crop(LEVELLED, frame.firstFrame(), frame.frames(), null,
                    Tilt.level(frame.bgr(), side, tilt, aspect)));
        }
        behind++;
        if (behind > half) {
            edges.removeFirst();
            behind--;
        }
    }
}
