package org.vcd.testdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator's ground truth is exact: sources whose every frame shows its source number and frame number as a
 * grid of black and white cells (which survive the small size's transformations) let each query frame say which
 * source frame it shows; it must be the one the ground truth implies, frame for frame, including speed changes and
 * reversed playback, and every frame outside the copies must come from a filler.
 */
class BenchmarkGeneratorTest {

    private static final int WIDTH = 320;
    private static final int HEIGHT = 240;
    private static final double FPS = 25;
    private static final int SOURCES = 4;
    private static final double SOURCE_SECONDS = 14;
    /** 4 x 4 cells: a white and a black cell to threshold against, 11 bits of frame number, 3 of source number. */
    private static final int GRID = 4;
    private static final int FRAME_BITS = 11;

    @TempDir
    static Path dir;

    private static GroundTruth truth;

    @BeforeAll
    static void generate() throws IOException {
        Path sources = dir.resolve("sources");
        Files.createDirectories(sources.resolve("nested"));
        for (int s = 0; s < SOURCES; s++) {
            writeBarcodeVideo((s % 2 == 0 ? sources : sources.resolve("nested")).resolve("source" + s + ".mp4"), s);
        }
        Files.writeString(sources.resolve("notes.txt"), "not a video");
        truth = BenchmarkGenerator.generate(sources, dir.resolve("bench"), 7, BenchmarkGenerator.Size.SMALL,
                Split.Choice.ALL, line -> { });
    }

    @Test
    void writesTheFilesTheGroundTruthNames() throws IOException {
        assertEquals(truth, GroundTruth.read(dir.resolve("bench")));
        assertEquals(2, truth.references().size());
        assertEquals(7, truth.queries().size());
        assertEquals(2, truth.queries().stream().filter(q -> "filler".equals(q.negative())).count());
        for (GroundTruth.Reference reference : truth.references()) {
            assertTrue(Files.isRegularFile(dir.resolve("bench").resolve(reference.file())));
        }
        for (GroundTruth.Query query : truth.queries()) {
            assertTrue(Files.isRegularFile(dir.resolve("bench").resolve(query.file())));
            assertEquals(query.negative() == null, !query.copies().isEmpty());
        }
        assertTrue(truth.queries().stream().anyMatch(q -> q.kinds().contains("speed")));
        assertTrue(truth.queries().stream().anyMatch(q -> q.kinds().contains("reversed")));
        assertTrue(Files.notExists(dir.resolve("bench").resolve(".work")), "intermediates are removed");
    }

    @Test
    void everyQueryFrameShowsTheSourceFrameTheGroundTruthImplies() throws IOException {
        Set<Integer> references = Set.of(sourceNumber(truth.references().get(0).id()),
                sourceNumber(truth.references().get(1).id()));
        int checked = 0;
        for (GroundTruth.Query query : truth.queries()) {
            List<int[]> frames = decodeBarcodes(dir.resolve("bench").resolve(query.file()));
            double fps = frames.size() / query.durationSeconds();
            for (int j = 0; j < frames.size(); j++) {
                double t = j / fps;
                GroundTruth.Copy copy = query.copies().stream()
                        .filter(c -> t >= c.queryStart() - 1e-9 && t < c.queryEnd() - 1e-9).findFirst().orElse(null);
                int[] shown = frames.get(j);
                if (copy == null) {
                    assertTrue(!references.contains(shown[0]), query.id() + " frame " + j + " outside the copies shows"
                            + " reference footage");
                    continue;
                }
                int k = (int) Math.round((t - copy.queryStart()) * fps);
                int n = (int) Math.round((copy.queryEnd() - copy.queryStart()) * fps);
                int forward = copy.reversed() ? n - 1 - k : k;
                int expected = (int) Math.floor((copy.referenceStart() + forward * copy.speed() / fps) * FPS + 1e-6);
                assertEquals(sourceNumber(copy.reference()), shown[0], query.id() + " frame " + j + ": source");
                assertEquals(expected, shown[1], query.id() + " frame " + j + " (" + copy.kinds() + "): source frame");
                checked++;
            }
            if (!query.copies().isEmpty()) {
                GroundTruth.Copy last = query.copies().get(query.copies().size() - 1);
                assertEquals(last.referenceEnd() - last.referenceStart(),
                        (last.queryEnd() - last.queryStart()) * last.speed(), 1e-9, "spans agree through the speed");
            }
        }
        assertTrue(checked > 5 * 4 * FPS, "checked " + checked + " copied frames");
    }

    @Test
    void sameSeedSameBenchmark() throws IOException {
        Path again = dir.resolve("again");
        GroundTruth second = BenchmarkGenerator.generate(dir.resolve("sources"), again, 7,
                BenchmarkGenerator.Size.SMALL, Split.Choice.ALL, line -> { });
        assertEquals(truth, second);
        for (GroundTruth.Query query : truth.queries()) {
            assertEquals(-1, Files.mismatch(dir.resolve("bench").resolve(query.file()), again.resolve(query.file())),
                    query.file() + " differs");
        }
    }

    @Test
    void refusesANonEmptyOutputFolderAndTooFewSources() throws IOException {
        assertThrows(IllegalArgumentException.class, () -> BenchmarkGenerator.generate(dir.resolve("sources"),
                dir.resolve("bench"), 7, BenchmarkGenerator.Size.SMALL, Split.Choice.ALL, line -> { }));
        Path one = dir.resolve("one-source");
        Files.createDirectories(one);
        Files.copy(dir.resolve("sources").resolve("source0.mp4"), one.resolve("source0.mp4"));
        IllegalArgumentException tooFew = assertThrows(IllegalArgumentException.class, () ->
                BenchmarkGenerator.generate(one, dir.resolve("from-one"), 7, BenchmarkGenerator.Size.SMALL,
                        Split.Choice.ALL, line -> { }));
        assertTrue(tooFew.getMessage().contains("too few"), tooFew.getMessage());
    }

    @Test
    void splitIsByFileNameAndKeepsRelatedFootageTogether() {
        assertEquals(Split.of(Path.of("a/b/clip.mp4")), Split.ofName("clip.mp4"));
        for (Split.RelatedGroup group : Split.relatedGroups()) {
            Split first = Split.ofName(group.fileNames().get(0));
            group.fileNames().forEach(name -> assertEquals(first, Split.ofName(name), name));
        }
        List<Split> parts = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            parts.add(Split.ofName("video" + i + ".mp4"));
        }
        long train = parts.stream().filter(p -> p == Split.TRAIN).count();
        assertTrue(train > 40 && train < 100, "about 35% train: " + train);
        assertNotEquals(Split.Choice.EVAL.includes(Path.of("video1.mp4")),
                Split.Choice.TRAIN.includes(Path.of("video1.mp4")));
    }

    private static int sourceNumber(String referenceId) {
        return Integer.parseInt(referenceId.substring("source".length()));
    }

    private static void writeBarcodeVideo(Path out, int source) throws IOException {
        FFmpegFrameRecorder recorder = SyntheticVideo.startRecorder(out, WIDTH, HEIGHT, FPS, 3);
        try {
            byte[] bgr = new byte[WIDTH * HEIGHT * 3];
            Frame frame = SyntheticVideo.newFrame(WIDTH, HEIGHT);
            for (int i = 0; i < SOURCE_SECONDS * FPS; i++) {
                int code = i | source << FRAME_BITS;
                for (int y = 0; y < HEIGHT; y++) {
                    for (int x = 0; x < WIDTH; x++) {
                        int cell = y * GRID / HEIGHT * GRID + x * GRID / WIDTH;
                        boolean white = cell == 0 || cell >= 2 && (code >> (cell - 2) & 1) == 1;
                        byte v = (byte) (white ? 220 : 30);
                        int p = (y * WIDTH + x) * 3;
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

    /** Each frame's {source number, frame number}, read from the middle of each cell. */
    private static List<int[]> decodeBarcodes(Path video) throws IOException {
        List<int[]> codes = new ArrayList<>();
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile());
        grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
        try {
            grabber.start();
            for (Frame frame; (frame = grabber.grabImage()) != null; ) {
                double[] cells = new double[GRID * GRID];
                for (int c = 0; c < cells.length; c++) {
                    cells[c] = cellMean(frame, c % GRID, c / GRID);
                }
                double threshold = (cells[0] + cells[1]) / 2;
                int code = 0;
                for (int c = 2; c < cells.length; c++) {
                    code |= (cells[c] > threshold ? 1 : 0) << (c - 2);
                }
                codes.add(new int[] {code >> FRAME_BITS, code & ((1 << FRAME_BITS) - 1)});
            }
        } finally {
            grabber.release();
        }
        return codes;
    }

    private static double cellMean(Frame frame, int cx, int cy) {
        ByteBuffer pixels = (ByteBuffer) frame.image[0];
        int w = frame.imageWidth;
        int h = frame.imageHeight;
        double sum = 0;
        int count = 0;
        for (int y = (int) ((cy + 0.35) * h / GRID); y < (int) ((cy + 0.65) * h / GRID); y++) {
            for (int x = (int) ((cx + 0.35) * w / GRID); x < (int) ((cx + 0.65) * w / GRID); x++) {
                int p = y * frame.imageStride + x * 3;
                sum += (pixels.get(p) & 0xff) + (pixels.get(p + 1) & 0xff) + (pixels.get(p + 2) & 0xff);
                count++;
            }
        }
        return sum / count;
    }
}
