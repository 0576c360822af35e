package org.vcd.ingest;

/**
 * A rectangle of a sampled square frame, in its pixels: where a copy may sit inside a query picture (the content
 * inside a border, a picture-in-picture inset, one half of two videos stacked).
 *
 * @param x      left column
 * @param y      top row
 * @param width  columns
 * @param height rows
 */
public record Region(int x, int y, int width, int height) {

    public Region {
        if (x < 0 || y < 0 || width <= 0 || height <= 0) {
            throw new IllegalArgumentException("not a region: " + x + "," + y + " " + width + "x" + height);
        }
    }

    /** The same rectangle in a frame {@code factor} times larger. */
    public Region scaled(int factor) {
        return new Region(x * factor, y * factor, width * factor, height * factor);
    }

    public int area() {
        return width * height;
    }

    /** Pixels shared with {@code other}. */
    public int overlap(Region other) {
        int w = Math.min(x + width, other.x + other.width) - Math.max(x, other.x);
        int h = Math.min(y + height, other.y + other.height) - Math.max(y, other.y);
        return w > 0 && h > 0 ? w * h : 0;
    }

    /** Shared pixels over the union's: 1 for the same rectangle, 0 for disjoint ones. */
    public double intersectionOverUnion(Region other) {
        int shared = overlap(other);
        return shared / (double) (area() + other.area() - shared);
    }
}
