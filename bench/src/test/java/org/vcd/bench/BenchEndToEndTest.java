package org.vcd.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcd.deploy.CopyDetector;
import org.vcd.deploy.Json;
import org.vcd.deploy.PipelineConfig;
import org.vcd.deploy.PipelineModels;
import org.vcd.testdata.BenchmarkGenerator;
import org.vcd.testdata.GroundTruth;
import org.vcd.testdata.Split;
import org.vcd.testdata.SyntheticVideo;

/** A small benchmark generated from synthetic footage, run through the default pipeline and scored. */
class BenchEndToEndTest {

    @TempDir
    static Path dir;

    private static Path bench;
    private static Path run;
    private static Report report;
    private static final PipelineModels MODELS = new PipelineModels();

    @BeforeAll
    static void generateAndRun() throws IOException {
        Path sources = dir.resolve("sources");
        Files.createDirectories(sources);
        for (int s = 0; s < 4; s++) {
            SyntheticVideo.write(sources.resolve("synthetic" + s + ".mp4"), 100 + s, 16, 320, 240, 25);
        }
        bench = dir.resolve("bench");
        BenchmarkGenerator.generate(sources, bench, 3, BenchmarkGenerator.Size.SMALL, Split.Choice.ALL, line -> { });
        run = dir.resolve("run");
        // TN, not the default: the tests below compare the run with TN's segments and scores.
        report = BenchRunner.run(bench, run,
                CopyDetector.of(new PipelineConfig("classic", "uniform", "tn", false, false), MODELS), line -> { });
    }

    @AfterAll
    static void closeModels() {
        MODELS.close();
    }

    @Test
    void writesResultsAndReports() throws IOException {
        GroundTruth truth = GroundTruth.read(bench);
        List<String> lines = Files.readAllLines(run.resolve(BenchRunner.RESULTS));
        assertEquals(truth.queries().size(), lines.size());
        for (int i = 0; i < lines.size(); i++) {
            assertTrue(lines.get(i).startsWith("{\"query\":\"" + truth.queries().get(i).id() + "\",\"matches\":["),
                    lines.get(i));
        }
        assertEquals(report, BenchRunner.readReport(run.resolve(BenchRunner.REPORT_JSON)));
        String markdown = Files.readString(run.resolve(BenchRunner.REPORT_MARKDOWN));
        assertTrue(markdown.contains("| all | 7 |"), markdown);
        assertEquals("classic-uniform-tn-audio-auto", report.pipeline());
        assertEquals(0, report.failures());
    }

    @Test
    void findsTheEasyCopiesAndNothingInTheNegatives() {
        assertTrue(report.byKind().get("brightness_contrast").recall() > 0.3, report.byKind().toString());
        assertTrue(report.overall().recall() > 0.2, report.overall().toString());
        assertTrue(report.overall().segmentAp() > 0, report.overall().toString());
        assertEquals(2, report.negatives().fillerQueries());
        assertEquals(0, report.negatives().fillerFalseAlarms());
    }

    @Test
    void measuresCost() {
        Report.Cost cost = report.cost();
        assertTrue(cost.ingestSpeed() > 0 && cost.plainDecodeSpeed() > 0, cost.toString());
        assertTrue(cost.ingestToDecodeRatio() > 0 && Double.isFinite(cost.ingestToDecodeRatio()), cost.toString());
        assertTrue(cost.queryLatencyP50() > 0 && cost.queryLatencyP50() <= cost.queryLatencyP95(), cost.toString());
        assertTrue(cost.storeBytes() > 0, cost.toString());
        assertEquals(cost.storeBytes() / (cost.referenceSeconds() / 3600), cost.storedBytesPerVideoHour(), 1e-6);
    }

    @Test
    void timesEveryLocalizerOnTheSameMatrices() throws IOException {
        Path out = dir.resolve("localize");
        LocalizeBench.Report timed = LocalizeBench.run(bench, run.resolve("store"), out, CopyDetector.withDefaults(MODELS),
                List.of("tn", "dp", "hv"), 1, 2, line -> { });
        assertEquals(List.of("tn", "dp", "hv"), timed.localizers().stream().map(LocalizeBench.Timing::localizer)
                .toList());
        assertEquals(7, timed.queries());
        assertEquals(0, timed.refused());
        // Every query has at most its two references as candidates, and some query copies one.
        assertTrue(timed.pairs() > 0 && timed.pairs() <= 2 * timed.queries(), timed.toString());
        assertTrue(timed.cells() >= timed.pairs(), timed.toString());
        // The same matrices as the run's checks: TN finds exactly the segments the run's results hold.
        long segmentsInRun = 0;
        for (String line : Files.readAllLines(run.resolve(BenchRunner.RESULTS))) {
            for (var match : Json.MAPPER.readTree(line).get("matches")) {
                segmentsInRun += match.get("segments").size();
            }
        }
        assertEquals(segmentsInRun, timed.localizers().get(0).segments());
        assertEquals(1.0, timed.localizers().get(0).ratio());
        for (LocalizeBench.Timing t : timed.localizers()) {
            assertTrue(t.msPerPair() > 0 && t.fastestMsPerPair() <= t.msPerPair() && t.cpuMsPerPair() >= 0,
                    t.toString());
            assertEquals(t.msPerPair() / timed.localizers().get(0).msPerPair(), t.ratio(), 1e-9);
        }
        assertEquals(timed, LocalizeBench.read(out.resolve(LocalizeBench.REPORT_JSON)));
        String markdown = Files.readString(out.resolve(LocalizeBench.REPORT_MARKDOWN));
        assertTrue(markdown.contains("| dp | " + timed.localizers().get(1).segments() + " | "), markdown);
        assertThrows(IllegalArgumentException.class, () -> LocalizeBench.run(bench, run.resolve("store"), out,
                CopyDetector.withDefaults(MODELS), List.of("tn", "dtw"), 0, 1, line -> { }));
    }

    @Test
    void indexesTheReferencesWhenGivenNoStore() throws IOException {
        Path out = dir.resolve("localize-fresh");
        LocalizeBench.Report timed = LocalizeBench.run(bench, null, out, CopyDetector.withDefaults(MODELS), List.of("hv"),
                0, 1, line -> { });
        assertEquals(out.resolve("store").toAbsolutePath().normalize().toString(), timed.store());
        assertEquals(7, timed.queries());
        assertThrows(IllegalArgumentException.class, () -> LocalizeBench.run(bench, null, out,
                CopyDetector.withDefaults(MODELS), List.of("hv"), 0, 1, line -> { }));
    }

    @Test
    void scoresOneRunAtSeveralThresholds() throws IOException {
        Path out = dir.resolve("thresholds");
        CopyDetector detector = CopyDetector.withDefaults(MODELS);
        ThresholdSweep.Report sweep = ThresholdSweep.run(bench, run.resolve("store"), out, detector,
                "tn", detector.unfilteredLocalizer("tn"), List.of(0.0, 0.8, 1.01), line -> { });
        assertEquals(3, sweep.points().size());
        // Keeping everything scores exactly as the run did; past every score nothing is found.
        assertEquals(report.overall(), sweep.points().get(0).overall());
        assertTrue(sweep.points().get(1).overall().recall() <= report.overall().recall(), sweep.toString());
        assertEquals(0, sweep.points().get(2).overall().recall());
        assertEquals(1, sweep.points().get(2).overall().falseRejection());
        assertTrue(Files.readString(out.resolve(ThresholdSweep.REPORT_MARKDOWN)).contains("| 0.80 | "));
    }

    @Test
    void neverMixesARunIntoAnEarlierOne() {
        assertThrows(IllegalArgumentException.class,
                () -> BenchRunner.run(bench, run, CopyDetector.withDefaults(MODELS), line -> { }));
    }

    @Test
    void comparesTwoReportsSideBySide() {
        String table = ReportMarkdown.compare("a.json", report, "b.json", report);
        assertTrue(table.contains("| metric | A: a.json | B: b.json | B - A |"), table);
        assertTrue(table.contains("| F1 | "), table);
        assertTrue(table.contains("+0.000"), table);
    }
}
