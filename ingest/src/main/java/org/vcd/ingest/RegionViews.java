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
     * Side of the frames regions and tilts are searched on: {@link ContentRegions}' and {@link Tilt}'s distances are in
     * its pixels. Larger frames that are a whole multiple of it are averaged down for the search and cut at their
     * own size, so an inset keeps the detail the embedder asked for.
     */
    static final int SEARCH_SIDE = ClassicEmbedder.INPUT_SIZE;

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
    /** Frame side over search side: 1 when the frame is searched as it is. */
    private final int factor;
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
        this.factor = side > SEARCH_SIDE && side % SEARCH_SIDE == 0 ? side / SEARCH_SIDE : 1;
        this.config = config;
        this.aspect = aspect;
        this.half = config.window() / 2;
    }

    /** Adds the next sampled frame (its pixels are copied); returns the crops that became known. */
    List<Crop> add(byte[] bgr, int firstFrame, int frames) {
        edges.addLast(factor == 1 ? ContentRegions.edges(bgr, side)
                : ContentRegions.edges(shrink(bgr, side, factor), side / factor));
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
            Region region = regions.get(v).scaled(factor);
            out.add(new Crop(v, frame.firstFrame(), frame.frames(), region,
                    ContentRegions.crop(frame.bgr(), side, region)));
        }
        double tilt = Tilt.angle(window.stream().map(ContentRegions.EdgeMap::fill).toList(), side / factor, aspect);
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

    /** The frame averaged down by {@code factor} on each side (boxes of factor x factor pixels). */
    static byte[] shrink(byte[] bgr, int side, int factor) {
        int small = side / factor;
        byte[] out = new byte[small * small * 3];
        int area = factor * factor;
        for (int y = 0; y < small; y++) {
            for (int x = 0; x < small; x++) {
                for (int c = 0; c < 3; c++) {
                    int sum = 0;
                    for (int dy = 0; dy < factor; dy++) {
                        int row = ((y * factor + dy) * side + x * factor) * 3 + c;
                        for (int dx = 0; dx < factor; dx++) {
                            sum += bgr[row + dx * 3] & 0xff;
                        }
                    }
                    out[(y * small + x) * 3 + c] = (byte) ((sum + area / 2) / area);
                }
            }
        }
        return out;
    }
}
