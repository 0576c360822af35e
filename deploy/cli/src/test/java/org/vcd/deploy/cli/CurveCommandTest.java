package org.vcd.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vcd.deploy.cli.CliRun.vcd;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcd.bench.BenchRunner;
import org.vcd.bench.Evaluation;
import org.vcd.bench.Report;
import org.vcd.deploy.Json;
import org.vcd.ingest.ClassicEmbedder;
import org.vcd.domain.VideoFeatures;
import org.vcd.matcher.FrameSpec;
import org.vcd.matcher.LuceneFrameStore;

/** {@code vcd bench curve} on a run folder with a report and a store of synthetic frames (no footage). */
class CurveCommandTest {

    @TempDir
    Path work;

    @Test
    void plotsARunAndRefusesBadRuns() throws Exception {
        Path run = work.resolve("run");
        Files.createDirectories(run);
        Report report = new Report("bench", "vcd-bench-1 seed 1 small eval", "classic-uniform-spd", 1, 10, 0,
                new Evaluation.Metrics(10, 8, 12, 0.5, 0.5, 0.6, 0.5, 0.1, 0.4, 7, 0.5, 0.1), Map.of(),
                new Evaluation.Negatives(2, 0, 0, 0), new Report.Cost(20, 1, 20, 1, 20, 1, 0.1, 0.2, 1000, 1000));
        Files.writeString(run.resolve(BenchRunner.REPORT_JSON), Json.line(report));
        double[] t = new double[10];
        float[][] v = new float[10][ClassicEmbedder.DIMENSION];
        for (int i = 0; i < t.length; i++) {
            t[i] = 2 * i;
            v[i][i] = 1;
        }
        try (var store = LuceneFrameStore.openForWriting(run.resolve(BenchRunner.STORE),
                new FrameSpec(ClassicEmbedder.NAME, ClassicEmbedder.DIMENSION, "uniform"))) {
            store.add("video", new VideoFeatures(20, t, v));
        }

        Path png = work.resolve("curve.png");
        Path table = work.resolve("curve.md");
        CliRun curve = vcd("bench", "curve", "--run", "uniform:t=1=" + run, "--out", png.toString(), "--table",
                table.toString(), "--reference-f1", "0.59", "--reference-label", "uniform 1 fps - 1 point");
        assertEquals(0, curve.exit(), curve.err());
        assertTrue(curve.out().contains("| uniform | t=1 | 0.500 | 0.600 | "), curve.out());
        assertEquals(curve.out(), Files.readString(table));
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(900, image.getWidth());
        assertEquals(600, image.getHeight());

        CliRun malformed = vcd("bench", "curve", "--run", run.toString(), "--out", work.resolve("bad.png").toString());
        assertEquals(Vcd.EXIT_USAGE, malformed.exit());
        assertTrue(malformed.err().contains("expected SERIES:LABEL=DIR"), malformed.err());
        CliRun missing = vcd("bench", "curve", "--run", "uniform:1=" + work.resolve("none"), "--out",
                work.resolve("none.png").toString());
        assertEquals(Vcd.EXIT_BAD_INPUT, missing.exit());
        assertEquals(1, missing.err().lines().count(), missing.err());
        assertTrue(missing.err().startsWith("vcd: error: not a bench run folder"), missing.err());
        assertFalse(Files.exists(work.resolve("bad.png")) || Files.exists(work.resolve("none.png")));
    }
}
