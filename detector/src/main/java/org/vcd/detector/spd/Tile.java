package org.vcd.detector.spd;

import java.util.ArrayList;
import java.util.List;

/**
 * A square window of a similarity matrix as the detector sees it: {@code size} pixels a side, pixel (y, x) covering
 * query rows {@code row + y * scale ..} and reference columns {@code column + x * scale ..}, {@code scale} cells a
 * side each (max-pooled, so a copy's bright line survives downscaling).
 */
public record Tile(int row, int column, int scale) {

    /**
     * The tiles that cover a {@code rows x columns} matrix: full-resolution tiles overlapping by half, so every copy no
     * longer than half a tile lies whole inside one; and, when the matrix is larger than a tile, one more pass
     * downscaled until the whole matrix fits, so copies longer than a tile are seen whole too.
     */
    static List<Tile> covering(int rows, int columns, int size) {
        List<Tile> tiles = new ArrayList<>();
        int stride = size / 2;
        for (int row : starts(rows, size, stride)) {
            for (int column : starts(columns, size, stride)) {
                tiles.add(new Tile(row, column, 1));
            }
        }
        int longest = Math.max(rows, columns);
        if (longest > size) {
            tiles.add(new Tile(0, 0, (longest + size - 1) / size));
        }
        return tiles;
    }

    /** Window starts every {@code stride} cells, the last one flush with the end when the length exceeds a window. */
    private static List<Integer> starts(int length, int size, int stride) {
        List<Integer> starts = new ArrayList<>();
        if (length <= size) {
            starts.add(0);
            return starts;
        }
        for (int start = 0; start + size < length; start += stride) {
            starts.add(start);
        }
        starts.add(length - size);
        return starts;
    }
}
