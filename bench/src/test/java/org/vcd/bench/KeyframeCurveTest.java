package org.vcd.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcd.deploy.Json;
import org.vcd.ingest.ClassicEmbedder;
import org.vcd.domain.VideoFeatures;
import org.vcd.matcher.FrameSpec;
import org.vcd.matcher.LuceneFrameStore;

/** The keyframe curve from run folders holding a report and a real store of synthetic frames. */
class KeyframeCurveTest {

    private static final double EPS = 1e-9;

    @TempDir
    Path work;

    /** A run folder: report.json with {@code f1} overall; a store of one 10 s video per entry of {@code frames}. */
    private Path run(String name, double f1, int... frames) throws IOException {
        Path run = work.resolve(name);
        Files.createDirectories(run);
        Evaluation.Metrics metrics = new Evaluation.Metrics(10, 8, 12, 0.5, 0.5, f1, 0.5, 0.1, 0.4, 7, 0.5, 0.1);
        Report report = new Report("bench", "vcd-bench-1 seed 1 small eval", "classic-" + name + "-spd", 2, 10, 0,
                metrics, Map.of(), new Evaluation.Negatives(2, 0, 0, 0),
                new Report.Cost(20, 1, 20, 1, 20, 1, 0.1, 0.2, 1000, 1000));
        Files.writeString(run.resolve(BenchRunner.REPORT_JSON), Json.line(report));
        try (var store = LuceneFrameStore.openForWriting(run.resolve(BenchRunner.STORE),
                new FrameSpec(ClassicEmbedder.NAME, ClassicEmbedder.DIMENSION, name))) {
            for (int v = 0; v < frames.length; v++) {
                store.add("video" + v, video(frames[v], 10));
            }
        }
        return run;
    }

    /** {@code frames} frames spread over {@code seconds}, each a different unit vector. */
    private static VideoFeatures video(int frames, double seconds) {
        double[] t = new double[frames];
        float[][] v = new float[frames][ClassicEmbedder.DIMENSION];
        for (int i = 0; i < frames; i++) {
            t[i] = i * seconds / frames;
            v[i][i] = 1;
        }
        return new VideoFeatures(seconds, t, v);
    }

    @Test
    void pointsComeFromTheReportAndTheStore() throws IOException {
        // uniform: 20 frames over 20 s; stride 2: 10 over 20 s; change: 6 over 20 s.
        List<KeyframeCurve.Point> points = List.of(
                KeyframeCurve.read("uniform", "stride 1", run("uniform", 0.6, 10, 10)),
                KeyframeCurve.read("uniform", "stride 2", run("stride2", 0.55, 5, 5)),
                KeyframeCurve.read("change", "0.1", run("change", 0.5, 4, 2)));
        KeyframeCurve.Point stride2 = points.get(1);
        assertEquals(0.5, stride2.framesPerSecond(), EPS);
        assertEquals(0.55, stride2.f1(), EPS);
        assertEquals("int8", stride2.encoding());
        try (var store = LuceneFrameStore.openForReading(work.resolve("stride2").resolve(BenchRunner.STORE))) {
            assertEquals(store.stats().bytes() / (20.0 / 3600), stride2.bytesPerVideoHour(), 1e-6);
        }
        assertEquals(1.0, points.get(0).framesPerSecond(), EPS);
        assertEquals(0.3, points.get(2).framesPerSecond(), EPS);

        List<String> rows = KeyframeCurve.markdown(points).lines().skip(2).toList();
        assertEquals(3, rows.size(), rows.toString());
        assertTrue(rows.get(0).startsWith("| change | 0.1 | 0.300 | 0.500 | "), rows.get(0));
        assertTrue(rows.get(1).startsWith("| uniform | stride 2 | 0.500 | 0.550 | "), rows.get(1));
        assertTrue(rows.get(2).startsWith("| uniform | stride 1 | 1.000 | 0.600 | "), rows.get(2));
        assertTrue(rows.get(1).endsWith(String.format(Locale.ROOT, "| %.2f | int8 |",
                stride2.bytesPerVideoHour() / 1e6)), rows.get(1));

        assertTrue(GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames().length > 0,
                "the plot's text needs a font installed (Debian: fonts-dejavu-core)");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(KeyframeCurve.png(points, "F1 against frames",
                new KeyframeCurve.Reference(0.59, "uniform 1 fps - 1 point"))));
        assertEquals(900, image.getWidth());
        assertEquals(600, image.getHeight());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                colours.add(image.getRGB(x, y) & 0xFFFFFF);
            }
        }
        // Series in name order: change first, uniform second.
        assertTrue(colours.contains(KeyframeCurve.colour(0).getRGB() & 0xFFFFFF), "the change series is drawn");
        assertTrue(colours.contains(KeyframeCurve.colour(1).getRGB() & 0xFFFFFF), "the uniform series is drawn");
        assertTrue(colours.size() > 10, "more than a blank picture: " + colours.size() + " colours");
    }

    @Test
    void aFolderWithoutReportOrStoreIsRefusedByName() throws IOException {
        Path run = run("uniform", 0.6, 10);
        Files.delete(run.resolve(BenchRunner.REPORT_JSON));
        IllegalArgumentException noReport = assertThrows(IllegalArgumentException.class,
                () -> KeyframeCurve.read("uniform", "1 fps", run));
        assertTrue(noReport.getMessage().contains("report.json") && noReport.getMessage().contains(run.toString()),
                noReport.getMessage());
        Path empty = Files.createDirectories(work.resolve("empty"));
        Files.writeString(empty.resolve(BenchRunner.REPORT_JSON), Files.readString(
                run("other", 0.5, 10).resolve(BenchRunner.REPORT_JSON)));
        IllegalArgumentException noStore = assertThrows(IllegalArgumentException.class,
                () -> KeyframeCurve.read("uniform", "1 fps", empty));
        assertTrue(noStore.getMessage().contains("store") && noStore.getMessage().contains(empty.toString()),
                noStore.getMessage());
    }
}
