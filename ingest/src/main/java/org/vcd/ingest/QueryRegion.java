package org.vcd.ingest;

/**
 * Where a region view's picture was cut from the query's frame, as fractions of the frame's width and height: the
 * same whatever side the embedder's square input has, and it maps straight onto a still of the video at any size
 * (the sampled frame is the whole picture scaled to a square).
 *
 * @param x      left edge, from the frame's left
 * @param y      top edge, from the frame's top
 * @param width  share of the frame's width
 * @param height share of the frame's height
 */
public record QueryRegion(double x, double y, double width, double height) {

    public QueryRegion {
        // Each share is rounded on its own (see of), so a region at the frame's edge may end a rounding past it.
        if (!(x >= 0 && y >= 0 && width > 0 && height > 0 && x + width <= 1.001 && y + height <= 1.001)) {
            throw new IllegalArgumentException("not a region of the frame: " + x + "," + y + " " + width + "x"
                    + height);
        }
    }

    /**
     * {@code region} of a square frame of {@code side} pixels. Rounded to 1e-4: a region is known to a pixel of the
     * sampled frame, far coarser, and the JSON reads better without 16 digits.
     */
    public static QueryRegion of(Region region, int side) {
        return new QueryRegion(share(region.x(), side), share(region.y(), side), share(region.width(), side),
                share(region.height(), side));
    }

    /** This region on a square frame of {@code side} pixels: {@link #of}'s inverse, to the nearest pixel. */
    public Region in(int side) {
        int left = Math.min(side - 1, (int) Math.round(x * side));
        int top = Math.min(side - 1, (int) Math.round(y * side));
        return new Region(left, top, Math.max(1, Math.min(side - left, (int) Math.round(width * side))),
                Math.max(1, Math.min(side - top, (int) Math.round(height * side))));
    }

    private static double share(int pixels, int side) {
        return Math.round(pixels * 10_000.0 / side) / 10_000.0;
    }
}
