package org.vcd.ingest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Finds where a copy may sit inside a query picture: the content inside a border (letterbox, pillarbox, a coloured
 * canvas, a blurred fill), a picture-in-picture inset, one half of two videos stacked. All of these are bounded by
 * straight lines that stay put while the pictures on either side of them change: two unrelated pictures meet there
 * in every frame. Natural edges of moving footage move, and a single frame's straight edges (a door, a horizon) are
 * seldom closed into a rectangle, so the finder looks for rectangles whose sides are edges in most frames of a few
 * seconds around the frame. A side on the frame's own edge needs no line (an inset in a corner, a stacked half).
 *
 * <p>Works on the square frames ingest samples (the embedder's input); plain functions over pixels, no state.
 */
public final class ContentRegions {

    private ContentRegions() {
    }

    /**
     * How regions are found.
     *
     * @param window      sampled frames an edge is judged over, centred on the frame (odd); an edge counts where it
     *                    is present in most of them
     * @param minEdge     colour difference (0-255, the largest channel's) across a line, between pixels two apart,
     *                    for an edge to be present
     * @param minSupport  share of a side's length that must be edge
     * @param minSide     smallest side of a region, as a share of the frame's side
     * @param maxRegions  regions kept per frame, best first
     * @param maxLines    candidate lines kept per direction, longest first (bounds the rectangles tried)
     */
    public record Config(int window, int minEdge, double minSupport, double minSide, int maxRegions, int maxLines) {

        /** Chosen on the training split's benchmark (see docs/BENCHMARKS.md, "Query regions"). */
        public static final Config DEFAULT = new Config(5, 20, 0.7, 0.2, 2, 8);

        public Config {
            if (window < 1 || window % 2 == 0) {
                throw new IllegalArgumentException("window must be odd and positive: " + window);
            }
            if (maxRegions < 1 || maxLines < 1 || !(minSide > 0 && minSide < 1) || !(minSupport > 0)) {
                throw new IllegalArgumentException("bad region config: " + this);
            }
        }
    }

    /**
     * One frame's edge strengths (0-255, unsigned bytes) across every line between pixels: {@code vertical[y * side
     * + b]} across the line left of column b in row y, {@code horizontal[b * side + x]} across the line above row b
     * in column x. A line is judged between pixels two apart (b - 2 and b + 1), as the scaler spreads a sharp
     * boundary over one pixel. {@code margins} are the frame's uniform margins (top, bottom, left, right): rows or
     * columns of one flat colour from each edge inwards, or -1 for all four when the whole frame is flat (a dark
     * or blank frame says nothing of its borders). {@code fill} is how deep black fill reaches from the top and bottom
     * edges ({@link Tilt#fill}).
     */
    public record EdgeMap(int side, byte[] vertical, byte[] horizontal, int[] margins, byte[] fill) {
    }

    /**
     * The edge strengths of a packed BGR frame of {@code side} x {@code side} pixels: the largest of the three
     * colours' differences, as two pictures meeting at a line may differ in colour more than in brightness.
     */
    public static EdgeMap edges(byte[] bgr, int side) {
        int[] grey = new int[side * side];
        for (int i = 0, p = 0; i < grey.length; i++, p += 3) {
            grey[i] = (29 * (bgr[p] & 0xff) + 150 * (bgr[p + 1] & 0xff) + 77 * (bgr[p + 2] & 0xff)) >> 8;
        }
        byte[] vertical = new byte[side * side];
        byte[] horizontal = new byte[side * side];
        for (int y = 0; y < side; y++) {
            for (int b = 2; b < side - 1; b++) {
                vertical[y * side + b] = (byte) difference(bgr, (y * side + b + 1) * 3, (y * side + b - 2) * 3);
            }
        }
        for (int b = 2; b < side - 1; b++) {
            for (int x = 0; x < side; x++) {
                horizontal[b * side + x] = (byte) difference(bgr, ((b + 1) * side + x) * 3, ((b - 2) * side + x) * 3);
            }
        }
        return new EdgeMap(side, vertical, horizontal, margins(grey, side), Tilt.fill(bgr, side));
    }

    private static int difference(byte[] bgr, int p, int q) {
        return Math.max(Math.abs((bgr[p] & 0xff) - (bgr[q] & 0xff)), Math.max(
                Math.abs((bgr[p + 1] & 0xff) - (bgr[q + 1] & 0xff)), Math.abs((bgr[p + 2] & 0xff) - (bgr[q + 2] & 0xff))));
    }

    /** A border row or column varies by at most this (0-255 grey) and stays this close to the outermost one. */
    private static final int FLAT_RANGE = 16;
    private static final int SAME_COLOUR = 10;

    private static int[] margins(int[] grey, int side) {
        int[] margins = new int[4];
        for (int edge = 0; edge < 4; edge++) {
            int first = -1;
            int depth = 0;
            for (; depth < side; depth++) {
                int min = 255;
                int max = 0;
                int sum = 0;
                for (int k = 0; k < side; k++) {
                    int line = edge % 2 == 0 ? depth : side - 1 - depth;
                    int g = edge < 2 ? grey[line * side + k] : grey[k * side + line];
                    min = Math.min(min, g);
                    max = Math.max(max, g);
                    sum += g;
                }
                int mean = sum / side;
                if (max - min > FLAT_RANGE || (first >= 0 && Math.abs(mean - first) > SAME_COLOUR)) {
                    break;
                }
                if (first < 0) {
                    first = mean;
                }
            }
            if (depth == side) {
                return new int[] {-1, -1, -1, -1};
            }
            margins[edge] = depth;
        }
        return margins;
    }

    /**
     * The regions of the frame at the centre of {@code window} (consecutive sampled frames; fewer than the
     * configured window at a video's ends), best first, at most {@code config.maxRegions()}; none is the whole frame.
     */
    public static List<Region> find(List<EdgeMap> window, Config config) {
        int side = window.get(0).side();
        int minSide = (int) Math.ceil(config.minSide() * side);
        int maxArea = (int) (MAX_AREA * side * side);
        List<Region> kept = new ArrayList<>();
        Region bordered = inBorders(window, side);
        if (bordered != null && bordered.width() >= minSide && bordered.height() >= minSide
                && bordered.area() <= maxArea) {
            kept.add(bordered);
        }
        // Lines are indexed by the boundary before pixel b; b = 0 and b = side are the frame's own edges.
        Lines columns = lines(persistent(window, true), side, config);
        Lines rows = lines(persistent(window, false), side, config);
        List<Integer> lefts = columns.withStart(0);
        List<Integer> rights = columns.withEnd(side);
        List<Integer> tops = rows.withStart(0);
        List<Integer> bottoms = rows.withEnd(side);
        List<Scored> found = new ArrayList<>();
        for (int x0 : lefts) {
            for (int x1 : rights) {
                if (x1 - x0 < minSide) {
                    continue;
                }
                for (int y0 : tops) {
                    for (int y1 : bottoms) {
                        if (y1 - y0 < minSide || (x1 - x0) * (y1 - y0) > maxArea) {
                            continue;
                        }
                        double score = 0;
                        boolean closed = true;
                        for (double support : new double[] {
                                x0 > 0 ? columns.support(x0, y0, y1) : -1, x1 < side ? columns.support(x1, y0, y1) : -1,
                                y0 > 0 ? rows.support(y0, x0, x1) : -1, y1 < side ? rows.support(y1, x0, x1) : -1}) {
                            if (support >= 0) {
                                closed &= support >= config.minSupport();
                                score += support;
                            }
                        }
                        if (closed) {
                            found.add(new Scored(new Region(x0, y0, x1 - x0, y1 - y0), score));
                        }
                    }
                }
            }
        }
        // More sides closed by lines first: an inset over a rectangle that merely touches one of its lines.
        found.sort(Comparator.comparingDouble(Scored::score).reversed()
                .thenComparing(Comparator.comparingInt((Scored s) -> s.region().area()).reversed()));
        for (Scored candidate : found) {
            if (kept.size() == config.maxRegions()) {
                break;
            }
            if (kept.stream().allMatch(r -> r.intersectionOverUnion(candidate.region()) < 0.5)) {
                kept.add(candidate.region());
            }
        }
        return kept;
    }

    /**
     * The region's pixels of a packed BGR frame scaled (bilinearly) back to the whole {@code side} x {@code side}
     * frame, as the embedder takes it.
     */
    public static byte[] crop(byte[] bgr, int side, Region region) {
        byte[] out = new byte[side * side * 3];
        double sx = region.width() / (double) side;
        double sy = region.height() / (double) side;
        for (int v = 0; v < side; v++) {
            double fy = Math.min(Math.max(region.y() + (v + 0.5) * sy - 0.5, region.y()),
                    region.y() + region.height() - 1);
            int y0 = (int) fy;
            int y1 = Math.min(y0 + 1, region.y() + region.height() - 1);
            double wy = fy - y0;
            for (int u = 0; u < side; u++) {
                double fx = Math.min(Math.max(region.x() + (u + 0.5) * sx - 0.5, region.x()),
                        region.x() + region.width() - 1);
                int x0 = (int) fx;
                int x1 = Math.min(x0 + 1, region.x() + region.width() - 1);
                double wx = fx - x0;
                for (int c = 0; c < 3; c++) {
                    double top = (bgr[(y0 * side + x0) * 3 + c] & 0xff) * (1 - wx)
                            + (bgr[(y0 * side + x1) * 3 + c] & 0xff) * wx;
                    double bottom = (bgr[(y1 * side + x0) * 3 + c] & 0xff) * (1 - wx)
                            + (bgr[(y1 * side + x1) * 3 + c] & 0xff) * wx;
                    out[(v * side + u) * 3 + c] = (byte) Math.round(top * (1 - wy) + bottom * wy);
                }
            }
        }
        return out;
    }

    private static final int STEP = 3;
    private static final double STEP_CONTRAST = 3.0;

    /** A region must leave out at least a tenth of the frame: a sliver more of the frame is the frame. */
    private static final double MAX_AREA = 0.9;

    private record Scored(Region region, double score) {
    }

    /**
     * The picture inside uniform borders, each border the median over the window's frames that are not flat; null
     * when there is none.
     */
    private static Region inBorders(List<EdgeMap> window, int side) {
        int[] median = new int[4];
        for (int edge = 0; edge < 4; edge++) {
            List<Integer> depths = new ArrayList<>();
            for (EdgeMap map : window) {
                if (map.margins()[0] >= 0) {
                    depths.add(map.margins()[edge]);
                }
            }
            if (depths.isEmpty()) {
                return null;
            }
            depths.sort(null);
            median[edge] = depths.get(depths.size() / 2);
        }
        int width = side - median[2] - median[3];
        int height = side - median[0] - median[1];
        if (width <= 0 || height <= 0 || (median[0] + median[1] + median[2] + median[3]) == 0) {
            return null;
        }
        return new Region(median[2], median[0], width, height);
    }

    /**
     * Each cell's edge strength in most frames of the window (its median: an edge present in over half of them),
     * laid out as {@code [line * side + position along it]}.
     */
    private static int[] persistent(List<EdgeMap> window, boolean vertical) {
        int side = window.get(0).side();
        int n = window.size();
        int[] median = new int[side * side];
        int[] values = new int[n];
        for (int line = 2; line < side - 1; line++) {
            for (int along = 0; along < side; along++) {
                // vertical: line = column boundary, along = row; stored [row * side + b]
                int cell = vertical ? along * side + line : line * side + along;
                for (int f = 0; f < n; f++) {
                    EdgeMap map = window.get(f);
                    values[f] = (vertical ? map.vertical() : map.horizontal())[cell] & 0xff;
                }
                Arrays.sort(values);
                median[line * side + along] = values[n / 2];
            }
        }
        return median;
    }

    /**
     * The lines of one direction: where along each line it is an edge (present, and at least as strong as the
     * lines beside it, so a textured stretch does not make every line an edge), and the candidates: the lines
     * with the longest runs of edge.
     */
    private static Lines lines(int[] strength, int side, Config config) {
        boolean[] edge = new boolean[side * side];
        for (int line = 2; line < side - 1; line++) {
            for (int along = 0; along < side; along++) {
                int s = strength[line * side + along];
                // A step between two pictures, not a slope within one: stronger than the lines three pixels away.
                // Near the frame's edge only the inner side can be judged.
                int before = line - STEP >= 2 ? strength[(line - STEP) * side + along] : Integer.MAX_VALUE;
                int after = line + STEP < side - 1 ? strength[(line + STEP) * side + along] : Integer.MAX_VALUE;
                edge[line * side + along] = s >= config.minEdge()
                        && s >= strength[(line - 1) * side + along]
                        && (line + 1 >= side - 1 || s >= strength[(line + 1) * side + along])
                        && s >= STEP_CONTRAST * Math.min(before, after);
            }
        }
        // A boundary the scaler spread over two pixels peaks on either; count a line's neighbours as on it.
        int[][] prefix = new int[side + 1][side + 1];
        int[] longest = new int[side + 1];
        for (int line = 2; line < side - 1; line++) {
            int run = 0;
            for (int along = 0; along < side; along++) {
                boolean on = edge[line * side + along] || edge[(line - 1) * side + along]
                        || (line + 1 < side - 1 && edge[(line + 1) * side + along]);
                prefix[line][along + 1] = prefix[line][along] + (on ? 1 : 0);
                run = on ? run + 1 : 0;
                longest[line] = Math.max(longest[line], run);
            }
        }
        int minRun = (int) Math.ceil(config.minSide() * side * config.minSupport());
        List<Integer> candidates = new ArrayList<>();
        for (int line = 2; line < side - 1; line++) {
            if (longest[line] >= minRun && longest[line] >= longest[line - 1] && longest[line] >= longest[line + 1]) {
                candidates.add(line);
            }
        }
        candidates.sort(Comparator.comparingInt((Integer line) -> longest[line]).reversed());
        List<Integer> kept = new ArrayList<>(candidates.subList(0, Math.min(config.maxLines(), candidates.size())));
        kept.sort(null);
        return new Lines(kept, prefix);
    }

    private record Lines(List<Integer> candidates, int[][] prefix) {

        /** Share of {@code [from, to)} along the line that is edge. */
        double support(int line, int from, int to) {
            return (prefix[line][to] - prefix[line][from]) / (double) (to - from);
        }

        List<Integer> withStart(int start) {
            List<Integer> all = new ArrayList<>();
            all.add(start);
            all.addAll(candidates);
            return all;
        }

        List<Integer> withEnd(int end) {
            List<Integer> all = new ArrayList<>(candidates);
            all.add(end);
            return all;
        }
    }
}
