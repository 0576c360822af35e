package org.vcd.testdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kinds that put the copy in part of the frame (picture-in-picture, stacking, padding onto a colour, blurred
 * fill), one query each on barcoded sources: the part of each query frame that the ground truth's transformations
 * name shows the whole reference frame the ground truth implies, frame by frame, and the rest of the frame shows what
 * the kind puts there (filler footage, one solid colour, a blur).
 */
class CompositeKindsTest {

    private static final int WIDTH = 320;
    private static final int HEIGHT = 240;
    private static final int SOURCES = 4;
    private static final double SOURCE_SECONDS = 8;
    private static final long SEED = 11;
    private static final BenchmarkGenerator.Shape SHAPE = new BenchmarkGenerator.Shape(2, 0, 4, 0, 0, 3, 5, 1, 2, 1,
            List.of(Transformation.Kind.PIP, Transformation.Kind.STACK, Transformation.Kind.PAD,
                    Transformation.Kind.BLUR_FILL), null, 0);

    @TempDir
    static Path dir;

    private static GroundTruth truth;
    private static final Map<String, List<Barcodes.Shown>> REFERENCE_FRAMES = new HashMap<>();

    @BeforeAll
    static void generate() throws IOException {
        Path sources = Barcodes.writeSources(dir, SOURCES, WIDTH, HEIGHT, SOURCE_SECONDS);
        truth = BenchmarkGenerator.generate(sources, dir.resolve("bench"), SEED, BenchmarkGenerator.Size.STANDARD,
                SHAPE, Split.Choice.ALL, false, line -> { });
    }

    @Test
    void pipShowsTheCopyInAWindowOfAQuarterToHalfTheFrame() throws IOException {
        GroundTruth.Query query = query("pip");
        Matcher pip = step(query, "pip=x:([0-9.]+),y:([0-9.]+),width:([0-9.]+)");
        double share = Double.parseDouble(pip.group(3));
        assertTrue(share >= 0.25 && share <= 0.5, "window " + share + " of the frame");
        assertCopiesShowTheirReferenceIn(query, new Transformation.Region(Double.parseDouble(pip.group(1)),
                Double.parseDouble(pip.group(2)), share, share));
    }

    @Test
    void stackShowsTheCopySqueezedIntoOneHalfAndFillerFootageInTheOther() throws IOException {
        GroundTruth.Query query = query("stack");
        Matcher stack = step(query, "stack=(h|v)stack,copy:(left|right|top|bottom)");
        Transformation.Stack layout = new Transformation.Stack(stack.group(1).equals("h"),
                Set.of("left", "top").contains(stack.group(2)));
        assertCopiesShowTheirReferenceIn(query, layout.copyHalf());
        List<Barcodes.Shown> other = Barcodes.decode(file(query), layout.fillerHalf());
        Set<Integer> references = Set.of(sourceNumber(truth.references().get(0).id()),
                sourceNumber(truth.references().get(1).id()));
        double fps = other.size() / query.durationSeconds();
        int fillers = 0;
        for (int j = 0; j < other.size(); j++) {
            if (!Barcodes.covering(query, j, fps).isEmpty()) {
                int source = other.get(j).source();
                assertTrue(source < SOURCES && !references.contains(source), "frame " + j + ": the other half shows "
                        + "source " + source);
                fillers++;
            }
        }
        assertTrue(fillers >= 3 * Barcodes.FPS, fillers + " frames");
    }

    @Test
    void padPutsTheShrunkCopyAnywhereOnOneSolidColour() throws IOException {
        GroundTruth.Query query = query("pad");
        Matcher pad = step(query, "scale=(\\d+):(\\d+),pad=(\\d+):(\\d+):(\\d+):(\\d+):color=0x([0-9A-F]{6})");
        int w = Integer.parseInt(pad.group(1));
        int h = Integer.parseInt(pad.group(2));
        int canvasWidth = Integer.parseInt(pad.group(3));
        int canvasHeight = Integer.parseInt(pad.group(4));
        int x = Integer.parseInt(pad.group(5));
        int y = Integer.parseInt(pad.group(6));
        int rgb = Integer.parseInt(pad.group(7), 16);
        double share = (double) w / canvasWidth;
        assertTrue(share >= 0.55 && share <= 0.85, "shrunk to " + share);
        assertEquals(share, (double) h / canvasHeight, 0.02, "aspect kept");
        assertCopiesShowTheirReferenceIn(query, new Transformation.Region((double) x / canvasWidth,
                (double) y / canvasHeight, share, (double) h / canvasHeight));

        Picture frame = Picture.read(file(query), middleFrame(query));
        assertEquals(canvasWidth, frame.width);
        // The widest margin, less a few pixels next to the copy (where the encoder blurs the edge).
        int[][] margins = {{0, 0, x - 4, canvasHeight}, {x + w + 4, 0, canvasWidth, canvasHeight},
                {0, 0, canvasWidth, y - 4}, {0, y + h + 4, canvasWidth, canvasHeight}};
        int[] widest = margins[0];
        for (int[] margin : margins) {
            if (Math.min(margin[2] - margin[0], margin[3] - margin[1])
                    > Math.min(widest[2] - widest[0], widest[3] - widest[1])) {
                widest = margin;
            }
        }
        assertTrue(Math.min(widest[2] - widest[0], widest[3] - widest[1]) >= 8, "a margin to look at");
        int[] colour = {rgb & 0xff, rgb >> 8 & 0xff, rgb >> 16 & 0xff};
        for (int py = widest[1]; py < widest[3]; py++) {
            for (int px = widest[0]; px < widest[2]; px++) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(colour[c], frame.value(px, py, c), 16, "pixel " + px + "," + py + " channel " + c);
                }
            }
        }
    }

    @Test
    void blurFillCentresTheShrunkCopyOverABlurredEnlargementOfItself() throws IOException {
        GroundTruth.Query query = query("blur_fill");
        Matcher fill = step(query, "split\\[fill]\\[front];\\[fill]scale=\\d+:\\d+,crop=(\\d+):(\\d+),"
                + "gblur=sigma=([0-9.]+)\\[blurred];\\[front]scale=(\\d+):(\\d+)\\[inset];\\[blurred]\\[inset]"
                + "overlay=(\\d+):(\\d+)");
        int canvasWidth = Integer.parseInt(fill.group(1));
        int canvasHeight = Integer.parseInt(fill.group(2));
        int w = Integer.parseInt(fill.group(4));
        int h = Integer.parseInt(fill.group(5));
        int x = Integer.parseInt(fill.group(6));
        int y = Integer.parseInt(fill.group(7));
        double share = (double) h / canvasHeight;
        assertTrue(share >= 0.55 && share <= 0.8, "shrunk to " + share);
        assertEquals(share, (double) w / canvasWidth, 0.02, "aspect kept");
        assertEquals((canvasWidth - w) / 2.0, x, 1, "centred");
        assertEquals((canvasHeight - h) / 2.0, y, 1, "centred");
        assertTrue(Double.parseDouble(fill.group(3)) >= 0.05 * canvasHeight, "a strong blur: " + fill.group(3));
        assertCopiesShowTheirReferenceIn(query, new Transformation.Region((double) x / canvasWidth,
                (double) y / canvasHeight, (double) w / canvasWidth, share));

        Picture frame = Picture.read(file(query), middleFrame(query));
        // The band above the copy is blurred footage: it varies (the barcode's white and black cells, enlarged) but
        // smoothly, while the copy's cell edges are sharp.
        int[] band = {0, 0, canvasWidth, y - 4};
        int[] copy = {x, y, x + w, y + h};
        assertTrue(frame.range(band) > 40, "the fill shows the picture, not one colour: range " + frame.range(band));
        assertTrue(frame.steepest(band) < 20, "the fill is blurred: steepest step " + frame.steepest(band));
        assertTrue(frame.steepest(copy) > 60, "the copy is sharp: steepest step " + frame.steepest(copy));
    }

    @Test
    void sameSeedSameFiles() throws IOException {
        Path again = dir.resolve("again");
        assertEquals(truth, BenchmarkGenerator.generate(dir.resolve("sources"), again, SEED,
                BenchmarkGenerator.Size.STANDARD, SHAPE, Split.Choice.ALL, false, line -> { }));
        for (GroundTruth.Query query : truth.queries()) {
            assertEquals(-1, Files.mismatch(file(query), again.resolve(query.file())), query.file() + " differs");
        }
    }

    /**
     * Every copied frame of {@code query} shows, in {@code region}, the reference frame the ground truth implies: its
     * barcode says so, and its coarse luma is the reference frame's (the whole frame, scaled into the region: a region
     * a few pixels off puts cells across the barcode's edges).
     */
    private static void assertCopiesShowTheirReferenceIn(GroundTruth.Query query, Transformation.Region region)
            throws IOException {
        List<Barcodes.Shown> frames = Barcodes.decode(file(query), region);
        double fps = frames.size() / query.durationSeconds();
        int checked = 0;
        double largest = 0;
        for (int j = 0; j < frames.size(); j++) {
            for (GroundTruth.Copy copy : Barcodes.covering(query, j, fps)) {
                Barcodes.Shown shown = frames.get(j);
                int expected = Barcodes.referenceFrame(copy, j, fps);
                assertEquals(sourceNumber(copy.reference()), shown.source(), query.id() + " frame " + j + ": source");
                assertEquals(expected, shown.frame(), query.id() + " frame " + j);
                largest = Math.max(largest, shown.largestDifference(referenceFrames(copy.reference()).get(expected)));
                checked++;
            }
        }
        assertTrue(checked >= 3 * Barcodes.FPS, "checked " + checked + " copied frames");
        // Measured: 18 to 76 (of 765) when the region is right, 269 and 445 with the copy pasted 4 px to the right.
        assertTrue(largest < 150, query.id() + ": a luma cell differs from the reference frame by " + largest);
    }

    private static List<Barcodes.Shown> referenceFrames(String id) throws IOException {
        List<Barcodes.Shown> frames = REFERENCE_FRAMES.get(id);
        if (frames == null) {
            frames = Barcodes.decode(dir.resolve("bench").resolve("references").resolve(id + ".mp4"));
            REFERENCE_FRAMES.put(id, frames);
        }
        return frames;
    }

    /** The query that takes {@code kind} alone, with its one copy. */
    private static GroundTruth.Query query(String kind) {
        GroundTruth.Query query = truth.queries().stream().filter(q -> q.kinds().equals(Set.of(kind))).findFirst()
                .orElseThrow();
        assertEquals(1, query.copies().size());
        return query;
    }

    /** The copy's transformation step matching {@code pattern} (the ground truth says where the copy went). */
    private static Matcher step(GroundTruth.Query query, String pattern) {
        List<String> steps = query.copies().get(0).transformations();
        for (String step : steps) {
            Matcher matcher = Pattern.compile(pattern).matcher(step);
            if (matcher.matches()) {
                return matcher;
            }
        }
        throw new AssertionError("no step like " + pattern + " in " + steps);
    }

    private static int middleFrame(GroundTruth.Query query) {
        GroundTruth.Copy copy = query.copies().get(0);
        return (int) Math.round((copy.queryStart() + copy.queryEnd()) / 2 * Transformation.Recipe.BASE_FPS);
    }

    private static Path file(GroundTruth.Query query) {
        return dir.resolve("bench").resolve(query.file());
    }

    private static int sourceNumber(String referenceId) {
        return Integer.parseInt(referenceId.substring("source".length()));
    }

    /** One decoded frame's packed BGR pixels. */
    private record Picture(int width, int height, byte[] bgr) {

        static Picture read(Path video, int index) throws IOException {
            FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile());
            grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
            try {
                grabber.start();
                Frame frame = grabber.grabImage();
                for (int i = 0; i < index; i++) {
                    frame = grabber.grabImage();
                }
                byte[] bgr = new byte[frame.imageWidth * frame.imageHeight * 3];
                ByteBuffer pixels = (ByteBuffer) frame.image[0];
                for (int y = 0; y < frame.imageHeight; y++) {
                    pixels.get(y * frame.imageStride, bgr, y * frame.imageWidth * 3, frame.imageWidth * 3);
                }
                return new Picture(frame.imageWidth, frame.imageHeight, bgr);
            } finally {
                grabber.release();
            }
        }

        int value(int x, int y, int channel) {
            return bgr[(y * width + x) * 3 + channel] & 0xff;
        }

        int luma(int x, int y) {
            return (value(x, y, 0) + value(x, y, 1) + value(x, y, 2)) / 3;
        }

        /** Largest luma minus smallest in the rectangle {x0, y0, x1, y1} (ends exclusive). */
        int range(int[] r) {
            int low = 255;
            int high = 0;
            for (int y = r[1]; y < r[3]; y++) {
                for (int x = r[0]; x < r[2]; x++) {
                    low = Math.min(low, luma(x, y));
                    high = Math.max(high, luma(x, y));
                }
            }
            return high - low;
        }

        /** Largest luma difference between neighbouring pixels (across or down) in the rectangle. */
        int steepest(int[] r) {
            int steepest = 0;
            for (int y = r[1]; y < r[3] - 1; y++) {
                for (int x = r[0]; x < r[2] - 1; x++) {
                    steepest = Math.max(steepest, Math.max(Math.abs(luma(x + 1, y) - luma(x, y)),
                            Math.abs(luma(x, y + 1) - luma(x, y))));
                }
            }
            return steepest;
        }
    }
}
