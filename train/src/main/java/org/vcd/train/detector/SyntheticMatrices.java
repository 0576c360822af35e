package org.vcd.train.detector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.vcd.detector.spd.GridCopy;
import org.vcd.domain.SimilarityMatrix;

/**
 * Similarity matrices drawn at random with copies planted in them, for training: noisy lines of random slope
 * (speed 0.5x to 2x), direction, length and gaps, several per matrix, on structured backgrounds that imitate real
 * footage: scenes (blocks of rows and columns more or less alike), repeated scenes that look like a copy but are
 * not one (bright blocks and short off-diagonal runs), and frames alike to everything (black screens, titles).
 * Optionally a share of the copies are of near-static footage (title cards, slides, menus, slow pans, loops),
 * lighting a block or a band rather than a line; their look-alikes (another card of the same style) light dimmer
 * blocks.
 */
public final class SyntheticMatrices {

    /** How a planted copy shows in the matrix. */
    enum Shape {
        /** Moving footage: a thin line. */
        LINE,
        /** A still stretch (a card, a slide, a menu), maybe with moving footage on the copy's line around it. */
        BLOCK,
        /** A slow pan: every frame alike to its neighbours, a wide band along the copy's line. */
        PAN,
        /** Footage that repeats inside the copied stretch: lines parallel to the copy's, cut to its span. */
        LOOP
    }

    /** A drawn matrix and the shape of each of its copies, in the order of {@code matrix.copies()}. */
    record Drawn(TrainingMatrix matrix, List<Shape> shapes) {
    }

    /** Widest half-band of a slow pan, in cells: how far off its line a pan's copy lights the matrix. */
    static final double MAX_PAN_HALF_WIDTH = 6;

    private SyntheticMatrices() {
    }

    /** A matrix whose copies are near-static with chance {@code staticShare} each (else lines). */
    public static TrainingMatrix draw(Random random, double staticShare) {
        return drawShapes(random, staticShare).matrix();
    }

    static Drawn drawShapes(Random random, double staticShare) {
        int rows = 6 + random.nextInt(random.nextDouble() < 0.7 ? 70 : 130);
        int columns = 6 + random.nextInt(random.nextDouble() < 0.7 ? 70 : 130);
        float[] values = background(rows, columns, random);
        // A still look-alike anywhere (a query's slide alike to a reference's card, not a copy of it), as often as a
        // copy is still. Drawn only with a share above 0, so that 0 draws the matrices the committed model saw.
        if (staticShare > 0 && random.nextDouble() < staticShare) {
            lookAlikeBlock(values, rows, columns, 0, rows, null, base(values) + 0.1 + 0.3 * random.nextDouble(),
                    random);
        }
        List<GridCopy> copies = new ArrayList<>();
        List<Shape> shapes = new ArrayList<>();
        int copyCount = pick(random, 0.25, 0.45, 0.2);
        // Copies follow each other on the query axis: one query moment shows one reference moment.
        int row = random.nextInt(Math.max(1, rows / 4));
        for (int c = 0; c < copyCount && row < rows - 3; c++) {
            Shape shape = staticShare > 0 && random.nextDouble() < staticShare ? staticShape(random) : Shape.LINE;
            GridCopy copy = plant(values, rows, columns, row, shape, random);
            if (copy != null && shape != Shape.LINE && random.nextBoolean()) {
                // Half the time a look-alike (another card of the same style) in the copy's rows, away from it and
                // dimmer than it: copied frames are more alike than a look-alike, the cue that tells the two apart.
                int from = (int) copy.queryStart();
                int to = (int) copy.queryEnd();
                lookAlikeBlock(values, rows, columns, from, to, copy,
                        brightest(values, columns, from, to) - 0.1 - 0.25 * random.nextDouble(), random);
            }
            if (copy != null) {
                copies.add(copy);
                shapes.add(shape);
                row = (int) Math.ceil(copy.queryEnd()) + random.nextInt(8);
            }
        }
        return new Drawn(new TrainingMatrix(new SimilarityMatrix(rows, columns, values, 1.0, 1.0), copies), shapes);
    }

    /** Half the near-static copies are still stretches (what a line detector misses most), a quarter pans, loops. */
    private static Shape staticShape(Random random) {
        double u = random.nextDouble();
        return u < 0.5 ? Shape.BLOCK : u < 0.75 ? Shape.PAN : Shape.LOOP;
    }

    /** 0, 1, 2 or 3 with the given probabilities of the first three. */
    private static int pick(Random random, double zero, double one, double two) {
        double u = random.nextDouble();
        return u < zero ? 0 : u < zero + one ? 1 : u < zero + one + two ? 2 : 3;
    }

    private static float[] background(int rows, int columns, Random random) {
        double base = -0.1 + 0.45 * random.nextDouble();
        double noise = 0.02 + 0.1 * random.nextDouble();
        double sceneSpread = 0.02 + 0.12 * random.nextDouble();
        int[] rowScene = scenes(rows, random);
        int[] columnScene = scenes(columns, random);
        int rowScenes = rowScene[rows - 1] + 1;
        int columnScenes = columnScene[columns - 1] + 1;
        double[] sceneOffset = new double[rowScenes * columnScenes];
        double repeated = random.nextDouble() * 0.08;
        for (int k = 0; k < sceneOffset.length; k++) {
            sceneOffset[k] = random.nextGaussian() * sceneSpread
                    + (random.nextDouble() < repeated ? 0.15 + 0.35 * random.nextDouble() : 0);
        }
        double[] rowOffset = lineOffsets(rows, random);
        double[] columnOffset = lineOffsets(columns, random);
        float[] values = new float[rows * columns];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) {
                double s = base + sceneOffset[rowScene[i] * columnScenes + columnScene[j]] + rowOffset[i]
                        + columnOffset[j] + random.nextGaussian() * noise;
                values[i * columns + j] = (float) clamp(s);
            }
        }
        // Short runs of alike frames off any copy: repeated shots, a look-alike but not a copy.
        int runs = random.nextInt(4);
        for (int r = 0; r < runs; r++) {
            int length = 2 + random.nextInt(3);
            int i0 = random.nextInt(rows);
            int j0 = random.nextInt(columns);
            double level = base + 0.2 + 0.4 * random.nextDouble();
            for (int k = 0; k < length && i0 + k < rows && j0 + k < columns; k++) {
                int at = (i0 + k) * columns + j0 + k;
                values[at] = (float) Math.max(values[at], clamp(level + random.nextGaussian() * 0.05));
            }
        }
        return values;
    }

    /** Scene index of each of {@code length} seconds: scenes of 1 to 12 s. */
    private static int[] scenes(int length, Random random) {
        int[] scene = new int[length];
        int current = 0;
        int left = 1 + random.nextInt(12);
        for (int k = 0; k < length; k++) {
            if (left-- == 0) {
                current++;
                left = random.nextInt(12);
            }
            scene[k] = current;
        }
        return scene;
    }

    /** A few frames alike to everything on the other axis (dark or title frames), most none. */
    private static double[] lineOffsets(int length, Random random) {
        double[] offsets = new double[length];
        double rate = random.nextDouble() < 0.5 ? 0 : 0.05 * random.nextDouble();
        for (int k = 0; k < length; k++) {
            if (random.nextDouble() < rate) {
                offsets[k] = 0.2 + 0.4 * random.nextDouble();
            }
        }
        return offsets;
    }

    /** Where a copy lies: query rows {@code [fromRow, fromRow + length)}, reference columns from {@code fromColumn}. */
    private record Span(int fromRow, int length, double fromColumn, double referenceLength, boolean reversed,
                        double speed) {

        /** The reference column (not rounded) shown at {@code k} rows into the copy. */
        double column(double k) {
            double u = k / length;
            return reversed ? fromColumn + referenceLength * (1 - u) : fromColumn + referenceLength * u;
        }

        GridCopy copy() {
            return new GridCopy(fromRow, fromRow + length, fromColumn, fromColumn + referenceLength, reversed);
        }
    }

    /** How a copy's line is drawn: its brightness, noise, share of unseen rows and how fast it fades sideways. */
    private record Ink(double level, double spread, double gapRate, double side) {
    }

    /** Plants a copy of {@code shape} starting at query row {@code fromRow}; null when it does not fit. */
    static GridCopy plant(float[] values, int rows, int columns, int fromRow, Shape shape, Random random) {
        double speed = random.nextDouble() < 0.5 ? 1.0 : Math.exp((random.nextDouble() * 2 - 1) * Math.log(2));
        boolean reversed = random.nextDouble() < 0.2;
        int maxRows = Math.min(rows - fromRow, (int) Math.floor(columns / speed));
        if (maxRows < 3) {
            return null;
        }
        int length = 3 + (int) Math.floor(Math.pow(random.nextDouble(), 1.5) * (Math.min(maxRows, 80) - 3));
        double referenceLength = length * speed;
        double fromColumn = random.nextDouble() * (columns - referenceLength);
        Span span = new Span(fromRow, length, fromColumn, referenceLength, reversed, speed);
        double median = base(values);
        double level = Math.min(1, Math.max(0.35 + 0.6 * random.nextDouble(), median + 0.15));
        Ink ink = new Ink(level, 0.03 + 0.1 * random.nextDouble(),
                random.nextDouble() < 0.5 ? 0 : 0.3 * random.nextDouble(), 0.1 + 0.3 * random.nextDouble());
        if (shape == Shape.LINE) {
            line(values, columns, span, 0, length, ink, random);
            return span.copy();
        }
        // Near-static footage copied is as alike as any copy, and more alike than anything else its rows show (a
        // repeated scene, frames alike to everything): what tells it from a look-alike block.
        double still = Math.min(0.97, Math.max(Math.max(0.5 + 0.45 * random.nextDouble(), median + 0.25),
                brightest(values, columns, fromRow, fromRow + length) + 0.05));
        Ink stillInk = new Ink(still, 0.02 + 0.05 * random.nextDouble(), 0, ink.side());
        switch (shape) {
            case BLOCK -> block(values, columns, span, stillInk, ink, random);
            case PAN -> pan(values, columns, span, stillInk, random);
            case LOOP -> loop(values, columns, span, stillInk, random);
            case LINE -> { } // drawn above
        }
        return span.copy();
    }

    /** The copy's line over rows {@code [from, to)} of it, with its altered (unseen) rows and its sideways fade. */
    private static void line(float[] values, int columns, Span span, int from, int to, Ink ink, Random random) {
        for (int k = from; k < to; k++) {
            if (random.nextDouble() < ink.gapRate()) {
                continue; // an altered frame: the copy is not seen here
            }
            int j = Math.min(columns - 1, (int) Math.floor(span.column(k + 0.5)));
            int i = span.fromRow() + k;
            raise(values, i * columns + j, ink.level() + random.nextGaussian() * ink.spread());
            // Neighbouring seconds of the same shot look alike too, more so at high speed (the line skips cells).
            int reach = Math.max(1, (int) Math.ceil(span.speed() / 2));
            for (int d = 1; d <= reach; d++) {
                double nearby = ink.level() - ink.side() * d + random.nextGaussian() * ink.spread();
                if (j - d >= 0) {
                    raise(values, i * columns + j - d, nearby);
                }
                if (j + d < columns) {
                    raise(values, i * columns + j + d, nearby);
                }
            }
        }
    }

    /**
     * A still stretch: the whole copy, or (half the time) part of it with moving footage on the copy's line before
     * and after it (a copy of a programme that shows a card between two shots). Every row of the still part matches
     * every column of it alike, give or take noise; sometimes the diagonal is a little brighter (the card's encoding
     * noise, a slow fade).
     */
    private static void block(float[] values, int columns, Span span, Ink still, Ink moving, Random random) {
        int length = span.length();
        int from = 0;
        int to = length;
        if (random.nextBoolean() && length >= 6) {
            from = random.nextInt(length - 2);
            to = from + 3 + random.nextInt(length - from - 2);
        }
        line(values, columns, span, 0, from, moving, random);
        line(values, columns, span, to, length, moving, random);
        double a = span.column(from);
        double b = span.column(to);
        int j0 = Math.max(0, (int) Math.floor(Math.min(a, b)));
        int j1 = Math.min(columns, (int) Math.ceil(Math.max(a, b)));
        double diagonal = random.nextBoolean() ? 0.02 + 0.06 * random.nextDouble() : 0;
        for (int k = from; k < to; k++) {
            int i = span.fromRow() + k;
            int onLine = (int) Math.floor(span.column(k + 0.5));
            for (int j = j0; j < j1; j++) {
                raise(values, i * columns + j, still.level() - (j == onLine ? 0 : diagonal)
                        + random.nextGaussian() * still.spread());
            }
        }
    }

    /** A slow pan: cells fade with their distance from the copy's line over a half-width of 1.5 to 6 cells. */
    private static void pan(float[] values, int columns, Span span, Ink still, Random random) {
        double halfWidth = 1.5 + (MAX_PAN_HALF_WIDTH - 1.5) * random.nextDouble();
        double drop = 0.1 + 0.25 * random.nextDouble();
        for (int k = 0; k < span.length(); k++) {
            int i = span.fromRow() + k;
            double centre = span.column(k + 0.5);
            for (int j = Math.max(0, (int) Math.floor(centre - halfWidth));
                 j < Math.min(columns, (int) Math.ceil(centre + halfWidth)); j++) {
                double distance = Math.abs(j + 0.5 - centre);
                if (distance <= halfWidth) {
                    raise(values, i * columns + j, still.level() - drop * distance / halfWidth
                            + random.nextGaussian() * still.spread());
                }
            }
        }
    }

    /**
     * Footage that loops inside the copied stretch with a period of 2 cells to half the stretch: the copy's line and
     * its shifts by whole periods, each cut to the copy's columns (the loop's other repeats lie outside the copy),
     * the shifted ones a little dimmer or not at all (the same frames, encoded again).
     */
    private static void loop(float[] values, int columns, Span span, Ink still, Random random) {
        double period = 2 + Math.max(0, span.referenceLength() / 2 - 2) * random.nextDouble();
        double from = span.fromColumn();
        double to = from + span.referenceLength();
        for (int k = 0; k < span.length(); k++) {
            int i = span.fromRow() + k;
            double centre = span.column(k + 0.5);
            int repeats = (int) Math.floor(span.referenceLength() / period);
            for (int m = -repeats; m <= repeats; m++) {
                double column = centre + m * period;
                if (column < from || column >= to) {
                    continue;
                }
                int j = Math.min(columns - 1, (int) Math.floor(column));
                double dimmer = m == 0 ? 0 : 0.05 * random.nextDouble();
                raise(values, i * columns + j, still.level() - dimmer + random.nextGaussian() * still.spread());
            }
        }
    }

    /**
     * A still look-alike that is not a copy (a card or slide of the same style, a menu of another game): a block of
     * 3-20 x 3-20 cells in rows {@code [fromRow, toRow)} at {@code level}, clear of {@code copy}'s columns if any.
     */
    private static void lookAlikeBlock(float[] values, int rows, int columns, int fromRow, int toRow, GridCopy copy,
                                       double level, Random random) {
        int height = Math.min(toRow - fromRow, 3 + random.nextInt(18));
        int width = Math.min(columns, 3 + random.nextInt(18));
        int i0 = fromRow + random.nextInt(toRow - fromRow - height + 1);
        int j0 = random.nextInt(columns - width + 1);
        if (copy != null) {
            if (j0 + width > copy.referenceStart() - 1 && j0 < copy.referenceEnd() + 1) {
                return; // no room drawn beside the copy: no look-alike this time
            }
        }
        double spread = 0.02 + 0.05 * random.nextDouble();
        for (int i = i0; i < Math.min(rows, i0 + height); i++) {
            for (int j = j0; j < j0 + width; j++) {
                raise(values, i * columns + j, level + random.nextGaussian() * spread);
            }
        }
    }

    /** The brightest cell of rows {@code [fromRow, toRow)}. */
    private static double brightest(float[] values, int columns, int fromRow, int toRow) {
        double brightest = -1;
        for (int k = fromRow * columns; k < toRow * columns; k++) {
            brightest = Math.max(brightest, values[k]);
        }
        return brightest;
    }

    /** The matrix's median similarity: a copy must stand out from its background to be a copy at all. */
    private static double base(float[] values) {
        float[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void raise(float[] values, int at, double level) {
        values[at] = (float) Math.max(values[at], clamp(level));
    }

    private static double clamp(double s) {
        return Math.max(-1, Math.min(1, s));
    }
}
