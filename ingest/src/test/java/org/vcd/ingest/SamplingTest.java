package org.vcd.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcd.domain.VideoFeatures;
import org.vcd.testdata.VideoFormats;
import org.vcd.testdata.VideoFormats.Format;

/**
 * Which decoded frame lands on each grid point, read back from barcoded frames: variable frame rate,
 * timestamps starting at 10 s, rotation metadata, and a stream that starts in the middle of a group of
 * pictures. Ingest runs with the barcode embedder at 96 px, the input size a learned embedder will ask for.
 */
class SamplingTest {

    private static final int WIDTH = 160;
    private static final int HEIGHT = 120;
    private static final int INPUT_SIZE = 96;
    private static final double RATE = 4;

    @TempDir
    static Path dir;

    private static VideoIngest ingest() {
        return new VideoIngest(IngestConfig.DEFAULT.withSampleRate(RATE), () -> new Barcode.Embedder(INPUT_SIZE));
    }

    private static Path write(String name, Format format, long[] micros, int rotation) throws Exception {
        return write(name, format, 1000, micros, rotation);
    }

    private static Path write(String name, Format format, double timeBaseRate, long[] micros, int rotation)
            throws Exception {
        Path out = dir.resolve(name + "." + format.extension);
        boolean swapped = rotation % 180 != 0;
        int width = swapped ? HEIGHT : WIDTH;
        int height = swapped ? WIDTH : HEIGHT;
        VideoFormats.write(out, format, width, height, timeBaseRate, micros, rotation,
                (n, bgr) -> Barcode.paint(n, bgr, width, height, rotation));
        return out;
    }

    private static int[] shown(VideoFeatures features) {
        return Arrays.stream(features.vectors()).mapToInt(v -> (int) v[0]).toArray();
    }

    /**
     * Every grid point shows the last frame at or before it (times from the first frame), that frame is
     * within half a sample period of it, and the grid covers the video to its end.
     */
    private static void assertOnGrid(VideoFeatures features, long[] micros) {
        double period = 1 / RATE;
        int[] shown = shown(features);
        for (int k = 0; k < shown.length; k++) {
            double g = features.timestamps()[k];
            assertEquals(k * period, g, 1e-9);
            int expected = 0;
            while (expected + 1 < micros.length && (micros[expected + 1] - micros[0]) / 1e6 <= g + 1e-9) {
                expected++;
            }
            assertEquals(expected, shown[k], "frame shown at " + g + " s");
            double at = (micros[shown[k]] - micros[0]) / 1e6;
            assertTrue(g - at >= 0 && g - at < period / 2, "frame at " + at + " s sampled for " + g + " s");
        }
        double last = (micros[micros.length - 1] - micros[0]) / 1e6;
        assertTrue(shown.length * period > last, shown.length + " grid points for frames up to " + last + " s");
    }

    /** Frame times in whole milliseconds (the files' time base), from {@code start}, {@code gap} apart or random. */
    private static long[] times(long startMillis, int frames, SplittableRandom gaps, int gapMillis) {
        long[] micros = new long[frames];
        long t = startMillis;
        for (int n = 0; n < frames; n++) {
            micros[n] = t * 1000;
            t += gaps == null ? gapMillis : gaps.nextInt(10, 91);
        }
        return micros;
    }

    @Test
    void variableFrameRateIsSampledByTimestamp() throws Exception {
        for (Format format : new Format[] {Format.MP4_H264, Format.MKV_VP9}) {
            long[] micros = times(0, 120, new SplittableRandom(format.ordinal()), 0);
            assertOnGrid(ingest().ingest(write("vfr", format, micros, 0)), micros);
        }
    }

    @Test
    void timestampsStartingAtTenSecondsCountFromTheFirstFrame() throws Exception {
        for (Format format : new Format[] {Format.MKV_VP9, Format.MP4_MPEG4}) {
            long[] micros = times(10_000, 100, null, 40);
            VideoFeatures features = ingest().ingest(write("late", format, micros, 0));
            assertEquals(4.0, features.durationSeconds(), 1e-6);
            assertOnGrid(features, micros);
        }
    }

    @Test
    void rotationMetadataIsHonoured() throws Exception {
        long[] micros = times(0, 50, null, 40);
        for (int rotation : new int[] {0, 90, 180, 270}) {
            VideoFeatures features = ingest().ingest(write("rotated" + rotation, Format.MP4_H264, micros, rotation));
            assertOnGrid(features, micros);
        }
    }

    @Test
    void aStreamCutInTheMiddleOfAGroupOfPicturesStartsAtItsFirstWholePicture() throws Exception {
        long[] micros = times(0, 100, null, 40);
        // FFmpeg's MPEG-4 Part 2 decoder outputs the P-frames before the first keyframe as grey garbage (its
        // H.264 and MPEG-2 decoders drop them themselves).
        Path whole = write("whole", Format.TS_MPEG4, 25, micros, 0);
        byte[] bytes = Files.readAllBytes(whole);
        // MPEG-TS packets are 188 bytes: start at a packet boundary a third of the way in, between keyframes.
        int cut = bytes.length / 3 / 188 * 188;
        Path tail = Files.write(dir.resolve("tail.ts"), Arrays.copyOfRange(bytes, cut, bytes.length));
        int[] shown = shown(ingest().ingest(tail));
        assertTrue(shown.length >= 8, "grid points: " + shown.length);
        for (int k = 0; k < shown.length; k++) {
            assertTrue(shown[k] >= 0, "garbage picture at grid point " + k + ": " + Arrays.toString(shown));
            assertEquals(shown[0] + k * 25 / RATE, shown[k], 1, "grid point " + k + ": " + Arrays.toString(shown));
        }
    }
}
