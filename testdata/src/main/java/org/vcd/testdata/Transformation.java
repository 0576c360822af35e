package org.vcd.testdata;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * What the benchmark generator does to a query: the kinds of transformation, and one query's recipe drawn
 * from them. Spatial kinds are FFmpeg filters (JavaCV's LGPL build: no {@code eq}, no {@code boxblur});
 * overlays are drawn by {@link Overlays} (no font file is needed); kinds that put filler footage beside or
 * under the copy (picture-in-picture, stacking) are composed in Java, region by region; time kinds (speed, reversed
 * playback, frame rate) are done by choosing which reference frame each query frame shows, so the ground truth is
 * exact to the frame.
 */
public final class Transformation {

    private Transformation() {
    }

    /** The kinds, easiest first (the small benchmark uses the first few alone). */
    public enum Kind {
        BRIGHTNESS_CONTRAST, REENCODE, SCALE, BLUR, NOISE, CROP, BORDER, SATURATION, HUE, GRAYSCALE, TEXT, LOGO,
        FPS, SPEED, ROTATE, HFLIP, REVERSED, PIP, STACK, PAD, BLUR_FILL;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One query's transformations, applied to all its copies (an upload is transformed as a whole).
     *
     * @param kinds       what was drawn
     * @param filters     FFmpeg filters applied to each copied frame, before scaling it to the canvas; sizes are
     *                    resolved per reference ({@link #filters(int, int)}), as copies may come from references of
     *                    different sizes
     * @param canvasScale the query's frame size relative to the base size (SCALE)
     * @param fps         the query's frame rate
     * @param qscale      the MPEG-4 quantiser the query is encoded with (2 best .. 31 worst)
     * @param speed       playback speed of the copies
     * @param reversed    copies play backwards
     * @param pip         copies shrunk into this window over filler footage (of the copy's half, when stacked); null
     *                    if not
     * @param stack       copies squeezed into one half of the canvas, filler footage into the other; null if not
     * @param text        a caption overlaid on the whole query: its seed; 0 if none
     * @param logo        a logo overlaid on the whole query: its seed; 0 if none
     */
    public record Recipe(List<Kind> kinds, List<Filter> filters, double canvasScale, double fps, int qscale,
            double speed, boolean reversed, Region pip, Stack stack, long text, long logo) {

        public static final double BASE_FPS = 25;
        public static final int BASE_QSCALE = 5;

        /** The filter expressions for copied frames of {@code width} x {@code height}. */
        public List<String> filters(int width, int height) {
            return filters.stream().map(f -> f.at(width, height)).toList();
        }

        /**
         * The transformations of a copy from a {@code width} x {@code height} reference, as recorded in the ground
         * truth, in the order they were applied.
         */
        public List<String> describe(int width, int height) {
            List<String> steps = new ArrayList<>();
            if (speed != 1) {
                steps.add("speed=" + speed);
            }
            if (reversed) {
                steps.add("reversed");
            }
            steps.addAll(filters(width, height));
            if (pip != null) {
                steps.add(String.format(Locale.ROOT, "pip=x:%.3f,y:%.3f,width:%.3f", pip.x(), pip.y(), pip.width()));
            }
            if (stack != null) {
                steps.add("stack=" + stack.describe());
            }
            if (text != 0) {
                steps.add("text_overlay=seed:" + text);
            }
            if (logo != 0) {
                steps.add("logo_overlay=seed:" + logo);
            }
            if (canvasScale != 1) {
                steps.add("canvas_scale=" + canvasScale);
            }
            steps.add("fps=" + fps);
            steps.add("reencode=mpeg4:qscale=" + qscale);
            return steps;
        }

        public List<String> labels() {
            return kinds.stream().map(Kind::label).toList();
        }

        /**
         * Where the copies go on the canvas: all of it, a stacked half, and within that the picture-in-picture window
         * (a picture-in-picture query stacked beside other footage).
         */
        public Region copyRegion() {
            Region region = stack != null ? stack.copyHalf() : Region.WHOLE;
            return pip != null ? pip.within(region) : region;
        }

        /**
         * Where filler footage shows while a copy plays, each region from its own filler: the stack's other half,
         * then the picture-in-picture background (the copy's half). Together they cover the canvas; empty when the
         * copies fill it.
         */
        public List<Region> fillerRegions() {
            List<Region> regions = new ArrayList<>();
            if (stack != null) {
                regions.add(stack.fillerHalf());
            }
            if (pip != null) {
                regions.add(stack != null ? stack.copyHalf() : Region.WHOLE);
            }
            return regions;
        }
    }

    /** A rectangle of the canvas, as fractions of its width and height. */
    public record Region(double x, double y, double width, double height) {

        public static final Region WHOLE = new Region(0, 0, 1, 1);

        /** This region of {@code outer}, as a region of the canvas. */
        Region within(Region outer) {
            return new Region(outer.x + x * outer.width, outer.y + y * outer.height, width * outer.width,
                    height * outer.height);
        }
    }

    /**
     * Two videos side by side ({@code horizontal}, as FFmpeg's {@code hstack}) or one above the other ({@code vstack}),
     * scaled back to the canvas, so each is squeezed into its half: the copy in the left or top half when
     * {@code copyFirst}, filler footage in the other.
     */
    public record Stack(boolean horizontal, boolean copyFirst) {

        public Region copyHalf() {
            return half(copyFirst);
        }

        public Region fillerHalf() {
            return half(!copyFirst);
        }

        private Region half(boolean first) {
            double offset = first ? 0 : 0.5;
            return horizontal ? new Region(offset, 0, 0.5, 1) : new Region(0, offset, 1, 0.5);
        }

        String describe() {
            String side = horizontal ? (copyFirst ? "left" : "right") : (copyFirst ? "top" : "bottom");
            return (horizontal ? "hstack" : "vstack") + ",copy:" + side;
        }
    }

    /**
     * One FFmpeg filter. Crop, border, pad and blurred fill are drawn as fractions and resolved to whole pixels of
     * each copied frame size; the others are fixed expressions.
     */
    public record Filter(Kind kind, String expression, double[] fractions) {

        static Filter fixed(Kind kind, String expression) {
            return new Filter(kind, expression, new double[0]);
        }

        public String at(int width, int height) {
            return switch (kind) {
                case CROP -> crop(width, height, fractions);
                case BORDER -> border(width, height, fractions);
                case PAD -> pad(width, height, fractions);
                case BLUR_FILL -> blurFill(width, height, fractions);
                default -> expression;
            };
        }
    }

    /** Draws a recipe of the given kinds. */
    public static Recipe recipe(List<Kind> kinds, SplittableRandom random) {
        List<Filter> filters = new ArrayList<>();
        double canvasScale = 1;
        double fps = Recipe.BASE_FPS;
        int qscale = Recipe.BASE_QSCALE;
        double speed = 1;
        boolean reversed = false;
        Region pip = null;
        Stack stack = null;
        long text = 0;
        long logo = 0;
        for (Kind kind : kinds) {
            switch (kind) {
                case BRIGHTNESS_CONTRAST -> {
                    double contrast = random.nextDouble(0.7, 1.4);
                    int brightness = random.nextInt(-40, 41);
                    // lut clips its result to the legal range, so no clip() is needed.
                    filters.add(Filter.fixed(kind,
                            String.format(Locale.ROOT, "lutyuv=y=(val-128)*%.2f+128+%d", contrast, brightness)));
                }
                case REENCODE -> qscale = random.nextInt(18, 32);
                case SCALE -> canvasScale = List.of(0.5, 0.75, 1.5).get(random.nextInt(3));
                case BLUR -> filters.add(Filter.fixed(kind,
                        String.format(Locale.ROOT, "gblur=sigma=%.1f", random.nextDouble(1.5, 4))));
                case NOISE -> filters.add(Filter.fixed(kind, String.format(Locale.ROOT,
                        "noise=alls=%d:allf=t+u:all_seed=%d", random.nextInt(12, 30), random.nextInt(1, 1 << 20))));
                case CROP -> filters.add(new Filter(kind, "crop", drawCrop(random)));
                case BORDER -> filters.add(new Filter(kind, "border", drawBorder(random)));
                case SATURATION -> filters.add(Filter.fixed(kind, String.format(Locale.ROOT, "hue=s=%.2f",
                        random.nextBoolean() ? random.nextDouble(0.3, 0.7) : random.nextDouble(1.4, 2.0))));
                case HUE -> filters.add(Filter.fixed(kind, String.format(Locale.ROOT, "hue=h=%d",
                        (random.nextBoolean() ? 1 : -1) * random.nextInt(30, 121))));
                case GRAYSCALE -> filters.add(Filter.fixed(kind, "hue=s=0"));
                case TEXT -> text = random.nextLong(1, Long.MAX_VALUE);
                case LOGO -> logo = random.nextLong(1, Long.MAX_VALUE);
                case FPS -> fps = List.of(12.0, 15.0, 30.0).get(random.nextInt(3));
                case SPEED -> speed = List.of(0.5, 0.75, 1.25, 1.5, 2.0).get(random.nextInt(5));
                case ROTATE -> filters.add(Filter.fixed(kind, String.format(Locale.ROOT, "rotate=%.4f:fillcolor=black",
                        (random.nextBoolean() ? 1 : -1) * Math.toRadians(random.nextDouble(2, 8)))));
                case HFLIP -> filters.add(Filter.fixed(kind, "hflip"));
                case REVERSED -> reversed = true;
                case PIP -> {
                    double w = random.nextDouble(0.25, 0.5);
                    pip = new Region(random.nextDouble(0, 1 - w), random.nextDouble(0, 1 - w), w, w);
                }
                case STACK -> stack = new Stack(random.nextBoolean(), random.nextBoolean());
                case PAD -> filters.add(new Filter(kind, "pad", new double[] {random.nextDouble(0.55, 0.85),
                        random.nextDouble(), random.nextDouble(), random.nextInt(1 << 24)}));
                case BLUR_FILL -> filters.add(new Filter(kind, "blur_fill", new double[] {random.nextDouble(0.55, 0.8),
                        random.nextDouble(1.1, 1.5), random.nextDouble(0.05, 0.1)}));
                default -> throw new IllegalStateException(kind.name());
            }
        }
        return new Recipe(List.copyOf(kinds), List.copyOf(filters), canvasScale, fps, qscale, speed, reversed, pip,
                stack, text, logo);
    }

    /**
     * Removes 10% to 40% of the area, not necessarily centred: {kept width, kept height, left share of the cut
     * width, top share of the cut height}.
     */
    private static double[] drawCrop(SplittableRandom random) {
        double keep = 1 - random.nextDouble(0.1, 0.4);
        double keepWidth = random.nextDouble(Math.max(keep, Math.sqrt(keep) * 0.85),
                Math.min(1, Math.sqrt(keep) / 0.85));
        return new double[] {keepWidth, Math.min(1, keep / keepWidth), random.nextDouble(), random.nextDouble()};
    }

    private static String crop(int width, int height, double[] f) {
        int w = share(width, f[0]);
        int h = share(height, f[1]);
        return "crop=" + w + ":" + h + ":" + (int) ((width - w) * f[2]) + ":" + (int) ((height - h) * f[3]);
    }

    /**
     * Letterbox (bars above and below), pillarbox (bars left and right) or a coloured frame all round: {style,
     * share of the side kept, colour}.
     */
    private static double[] drawBorder(SplittableRandom random) {
        return new double[] {random.nextInt(3), random.nextDouble(0.7, 0.88), random.nextInt(1 << 24)};
    }

    private static String border(int width, int height, double[] f) {
        int style = (int) f[0];
        int w = style == 0 ? width : share(width, f[1]);
        int h = style == 1 ? height : share(height, f[1]);
        String colour = style == 2 ? String.format("0x%06X", (int) f[2]) : "black";
        return "scale=" + w + ":" + h + ",pad=" + width + ":" + height + ":" + (width - w) / 2 + ":" + (height - h) / 2
                + ":color=" + colour;
    }

    /**
     * The frame shrunk (aspect kept) onto a canvas of one solid colour at a random place: {share of each side kept,
     * left share of the free width, top share of the free height, colour}. Offsets are even: {@code pad} rounds them
     * down to the chroma grid otherwise, and the ground truth would name the wrong pixel.
     */
    private static String pad(int width, int height, double[] f) {
        int w = share(width, f[0]);
        int h = share(height, f[0]);
        return "scale=" + w + ":" + h + ",pad=" + width + ":" + height + ":" + ((int) ((width - w) * f[1]) & ~1) + ":"
                + ((int) ((height - h) * f[2]) & ~1) + ":color=" + String.format("0x%06X", (int) f[3]);
    }

    /**
     * Blurred-fill framing, as vertical videos are put on a landscape canvas: the frame shrunk (aspect kept) and
     * centred over a blurred copy of itself enlarged to more than fill the canvas: {share of each side kept, zoom of
     * the fill, blur sigma as a share of the height}. Offsets are even, as {@code overlay} rounds them on the chroma
     * grid. The labels are the graph's own: a recipe holds one such filter.
     */
    private static String blurFill(int width, int height, double[] f) {
        int w = share(width, f[0]);
        int h = share(height, f[0]);
        return "split[fill][front];[fill]scale=" + share(width, f[1]) + ":" + share(height, f[1]) + ",crop=" + width
                + ":" + height + String.format(Locale.ROOT, ",gblur=sigma=%.1f", height * f[2])
                + "[blurred];[front]scale=" + w + ":" + h + "[inset];[blurred][inset]overlay=" + ((width - w) / 2 & ~1)
                + ":" + ((height - h) / 2 & ~1);
    }

    /** {@code share} of a side in whole pixels, even (for the encoder's chroma grid) and at least 16. */
    private static int share(int side, double share) {
        return Math.max(16, (int) Math.round(side * share) & ~1);
    }
}
