package org.vcd.testdata;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Sources whose every frame shows its source number and frame number as a grid of black and white cells (which
 * survive mild transformations), so a generated query frame says which source frame it shows.
 */
final class Barcodes {

    static final double FPS = 25;
    /** 4 x 4 cells: a white and a black cell to threshold against, 11 bits of frame number, 3 of source number. */
    private static final int GRID = 4;
    private static final int FRAME_BITS = 11;
    /** Luma is also kept as a coarse grid, to compare frames that carry no barcode (title cards). */
    private static final int LUMA_COLUMNS = 16;
    private static final int LUMA_ROWS = 9;

    private Barcodes() {
    }

    /**
     * What one decoded frame shows.
     *
     * @param luma mean B+G+R of each cell of a 16 x 9 grid
     */
    record Shown(int source, int frame, double[] luma) {

        /** Pearson correlation of the two frames' coarse luma: near 1 when they show the same picture. */
        double likeness(Shown other) {
            double ma = mean(luma);
            double mb = mean(other.luma);
            double ab = 0;
            double aa = 0;
            double bb = 0;
            for (int i = 0; i < luma.length; i++) {
                ab += (luma[i] - ma) * (other.luma[i] - mb);
                aa += (luma[i] - ma) * (luma[i] - ma);
                bb += (other.luma[i] - mb) * (other.luma[i] - mb);
            }
            return aa == 0 || bb == 0 ? (aa == bb ? 1 : 0) : ab / Math.sqrt(aa * bb);
        }

        /** Largest difference of a luma cell between the two frames, in B+G+R units (0 to 765). */
        double largestDifference(Shown other) {
            double largest = 0;
            for (int i = 0; i < luma.length; i++) {
                largest = Math.max(largest, Math.abs(luma[i] - other.luma[i]));
            }
            return largest;
        }

        private static double mean(double[] values) {
            double sum = 0;
            for (double v : values) {
                sum += v;
            }
            return sum / values.length;
        }
    }

    /** The copies of {@code query} covering its frame {@code j} (of {@code fps}). */
    static List<GroundTruth.Copy> covering(GroundTruth.Query query, int j, double fps) {
        double t = j / fps;
        return query.copies().stream().filter(c -> t >= c.queryStart() - 1e-9 && t < c.queryEnd() - 1e-9).toList();
    }

    /**
     * The reference frame (of a reference at {@link #FPS}) that the ground truth says query frame {@code j} shows:
     * the one shown at {@code referenceStart + u * speed}, u counted forwards or, reversed, backwards through the copy.
     */
    static int referenceFrame(GroundTruth.Copy copy, int j, double fps) {
        int k = (int) Math.round((j / fps - copy.queryStart()) * fps);
        int n = (int) Math.round((copy.queryEnd() - copy.queryStart()) * fps);
        int forward = copy.reversed() ? n - 1 - k : k;
        return (int) Math.floor((copy.referenceStart() + forward * copy.speed() / fps) * FPS + 1e-6);
    }

    /**
     * A folder {@code sources} in {@code dir} holding {@code count} barcode sources, {@code source0.mp4} onwards: what a
     * benchmark generator test generates from.
     */
    static Path writeSources(Path dir, int count, int width, int height, double seconds) throws IOException {
        Path sources = Files.createDirectories(dir.resolve("sources"));
        for (int s = 0; s < count; s++) {
            write(sources.resolve("source" + s + ".mp4"), s, width, height, seconds);
        }
        return sources;
    }

    static void write(Path out, int source, int width, int height, double seconds) throws IOException {
        FFmpegFrameRecorder recorder = SyntheticVideo.startRecorder(out, width, height, FPS, 3);
        try {
            byte[] bgr = new byte[width * height * 3];
            Frame frame = SyntheticVideo.newFrame(width, height);
            for (int i = 0; i < seconds * FPS; i++) {
                int code = i | source << FRAME_BITS;
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        int cell = y * GRID / height * GRID + x * GRID / width;
                        boolean white = cell == 0 || cell >= 2 && (code >> (cell - 2) & 1) == 1;
                        byte v = (byte) (white ? 220 : 30);
                        int p = (y * width + x) * 3;
                        bgr[p] = v;
                        bgr[p + 1] = v;
                        bgr[p + 2] = v;
                    }
                }
                SyntheticVideo.fill(frame, bgr);
                recorder.record(frame, avutil.AV_PIX_FMT_BGR24);
            }
            recorder.stop();
        } finally {
            recorder.release();
        }
    }

    /** Each frame's source and frame number, read from the middle of each cell, and its coarse luma. */
    static List<Shown> decode(Path video) throws IOException {
        return decode(video, Transformation.Region.WHOLE);
    }

    /** As {@link #decode(Path)}, in {@code region} of each frame (where a query shows a source in part of it). */
    static List<Shown> decode(Path video, Transformation.Region region) throws IOException {
        List<Shown> shown = new ArrayList<>();
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile());
        grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
        try {
            grabber.start();
            for (Frame frame; (frame = grabber.grabImage()) != null; ) {
                double[] cells = new double[GRID * GRID];
                for (int c = 0; c < cells.length; c++) {
                    cells[c] = mean(frame, region, c % GRID, c / GRID, GRID, GRID, 0.35, 0.65);
                }
                double threshold = (cells[0] + cells[1]) / 2;
                int code = 0;
                for (int c = 2; c < cells.length; c++) {
                    code |= (cells[c] > threshold ? 1 : 0) << (c - 2);
                }
                double[] luma = new double[LUMA_COLUMNS * LUMA_ROWS];
                for (int c = 0; c < luma.length; c++) {
                    luma[c] = mean(frame, region, c % LUMA_COLUMNS, c / LUMA_COLUMNS, LUMA_COLUMNS, LUMA_ROWS, 0, 1);
                }
                shown.add(new Shown(code >> FRAME_BITS, code & ((1 << FRAME_BITS) - 1), luma));
            }
        } finally {
            grabber.release();
        }
        return shown;
    }

    /**
     * Mean B+G+R over the part {@code from}..{@code to} (fractions) of cell (cx, cy) of a columns x rows grid laid over
     * {@code region} of the frame.
     */
    private static double mean(Frame frame, Transformation.Region region, int cx, int cy, int columns, int rows,
            double from, double to) {
        ByteBuffer pixels = (ByteBuffer) frame.image[0];
        double w = frame.imageWidth * region.width();
        double h = frame.imageHeight * region.height();
        double x0 = frame.imageWidth * region.x();
        double y0 = frame.imageHeight * region.y();
        double sum = 0;
        int count = 0;
        for (int y = (int) (y0 + (cy + from) * h / rows); y < (int) (y0 + (cy + to) * h / rows); y++) {
            for (int x = (int) (x0 + (cx + from) * w / columns); x < (int) (x0 + (cx + to) * w / columns); x++) {
                int p = y * frame.imageStride + x * 3;
                sum += (pixels.get(p) & 0xff) + (pixels.get(p + 1) & 0xff) + (pixels.get(p + 2) & 0xff);
                count++;
            }
        }
        return sum / count;
    }
}
