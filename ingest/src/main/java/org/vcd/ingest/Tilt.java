package org.vcd.ingest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds a copy turned by a few degrees and turns it back. FFmpeg's {@code rotate} (and most editors) keep the canvas
 * and fill what the turned picture leaves uncovered with black: four thin wedges along the frame's edges, each as
 * deep at one end as the turn is steep. The wedges along the top and bottom are the longest and grow in opposite
 * directions at the same slope; fitting a line to each, over the sampled frames around the frame, gives the angle. A
 * dark scene can fake one wedge, seldom two that agree.
 *
 * <p>Works on the square frames ingest samples; {@code aspect} is the video's width over its height, since the
 * square frame stretches the picture and a turn is a turn of the picture as shown.
 */
public final class Tilt {

    private Tilt() {
    }

    /** A fill pixel: no colour above this (0-255); the fill is black, compression lifts it a little. */
    private static final int BLACK = 40;
    /** Positions at each end of an edge left out of the fit: a wedge meets the corner's other wedge there. */
    private static final int CORNER = 3;
    /** Turns the finder looks for, in degrees: smaller ones the descriptor tolerates, larger ones are not tilts. */
    private static final double MIN_DEGREES = 1.5;
    private static final double MAX_DEGREES = 15;
    /** Largest root mean square distance, in pixels, of a wedge's depths from its fitted line. */
    private static final double MAX_FIT_ERROR = 1.0;
    /** The two wedges' slopes may differ by this share of their mean. */
    private static final double AGREEMENT = 0.35;

    /**
     * How deep the black fill reaches from the top edge (positions {@code [0, side)}) and from the bottom edge
     * ({@code [side, 2 side)}) at each column of a packed BGR frame, at most a quarter of the side.
     */
    public static byte[] fill(byte[] bgr, int side) {
        byte[] depths = new byte[2 * side];
        int limit = side / 4;
        for (int x = 0; x < side; x++) {
            int top = 0;
            while (top < limit && black(bgr, (top * side + x) * 3)) {
                top++;
            }
            int bottom = 0;
            while (bottom < limit && black(bgr, ((side - 1 - bottom) * side + x) * 3)) {
                bottom++;
            }
            depths[x] = (byte) top;
            depths[side + x] = (byte) bottom;
        }
        return depths;
    }

    private static boolean black(byte[] bgr, int p) {
        return (bgr[p] & 0xff) <= BLACK && (bgr[p + 1] & 0xff) <= BLACK && (bgr[p + 2] & 0xff) <= BLACK;
    }

    /**
     * The angle in radians that {@link #level} turns the frame at the centre of {@code fills} (the {@link #fill} of
     * consecutive sampled frames) by to undo a tilt, or NaN when it shows none.
     */
    public static double angle(List<byte[]> fills, int side, double aspect) {
        double[] top = median(fills, 0, side);
        double[] bottom = median(fills, side, side);
        double topSlope = wedgeSlope(top);
        double bottomSlope = wedgeSlope(bottom);
        if (Double.isNaN(topSlope) || Double.isNaN(bottomSlope)) {
            return Double.NaN;
        }
        // Parallel edges: the top wedge deepens one way, the bottom one the other, at the same slope.
        double slope = (topSlope - bottomSlope) / 2;
        if (Math.abs(topSlope + bottomSlope) > AGREEMENT * Math.abs(slope)) {
            return Double.NaN;
        }
        // The square frame shrinks the picture's width by aspect more than its height.
        double angle = Math.atan(slope / aspect);
        double degrees = Math.abs(Math.toDegrees(angle));
        return degrees >= MIN_DEGREES && degrees <= MAX_DEGREES ? angle : Double.NaN;
    }

    /**
     * The frame turned by {@code angle} radians about its centre, as the picture is shown (width {@code aspect} times
     * its height), bilinearly; what comes from outside the frame is black.
     */
    public static byte[] level(byte[] bgr, int side, double angle, double aspect) {
        byte[] out = new byte[bgr.length];
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double centre = side / 2.0;
        for (int v = 0; v < side; v++) {
            for (int u = 0; u < side; u++) {
                double x = (u + 0.5 - centre) * aspect;
                double y = v + 0.5 - centre;
                double fx = (x * cos - y * sin) / aspect + centre - 0.5;
                double fy = x * sin + y * cos + centre - 0.5;
                int x0 = (int) Math.floor(fx);
                int y0 = (int) Math.floor(fy);
                double wx = fx - x0;
                double wy = fy - y0;
                for (int c = 0; c < 3; c++) {
                    double value = (1 - wy) * ((1 - wx) * at(bgr, side, x0, y0, c) + wx * at(bgr, side, x0 + 1, y0, c))
                            + wy * ((1 - wx) * at(bgr, side, x0, y0 + 1, c) + wx * at(bgr, side, x0 + 1, y0 + 1, c));
                    out[(v * side + u) * 3 + c] = (byte) Math.round(value);
                }
            }
        }
        return out;
    }

    private static int at(byte[] bgr, int side, int x, int y, int c) {
        return x < 0 || y < 0 || x >= side || y >= side ? 0 : bgr[(y * side + x) * 3 + c] & 0xff;
    }

    /** Each position's median depth over the frames. */
    private static double[] median(List<byte[]> fills, int offset, int side) {
        double[] median = new double[side];
        int[] values = new int[fills.size()];
        for (int x = 0; x < side; x++) {
            for (int f = 0; f < fills.size(); f++) {
                values[f] = fills.get(f)[offset + x];
            }
            Arrays.sort(values);
            median[x] = values[values.length / 2];
        }
        return median;
    }

    /**
     * The slope of a wedge's depth along an edge (pixels of depth per pixel along), fitted to the positions it
     * covers; NaN when it covers too few, or when its depths do not lie on a line.
     */
    private static double wedgeSlope(double[] depths) {
        int side = depths.length;
        List<double[]> points = new ArrayList<>();
        for (int x = CORNER; x < side - CORNER; x++) {
            if (depths[x] > 0 && depths[x] < side / 4) {
                points.add(new double[] {x, depths[x]});
            }
        }
        if (points.size() < side / 4) {
            return Double.NaN;
        }
        double mx = 0;
        double my = 0;
        for (double[] p : points) {
            mx += p[0];
            my += p[1];
        }
        mx /= points.size();
        my /= points.size();
        double sxy = 0;
        double sxx = 0;
        for (double[] p : points) {
            sxy += (p[0] - mx) * (p[1] - my);
            sxx += (p[0] - mx) * (p[0] - mx);
        }
        double slope = sxy / sxx;
        double error = 0;
        for (double[] p : points) {
            double d = p[1] - (my + slope * (p[0] - mx));
            error += d * d;
        }
        return Math.sqrt(error / points.size()) <= MAX_FIT_ERROR ? slope : Double.NaN;
    }
}
