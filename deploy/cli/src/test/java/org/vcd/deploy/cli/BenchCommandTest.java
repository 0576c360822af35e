package org.vcd.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vcd.deploy.cli.CliRun.vcd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcd.bench.Evaluation;
import org.vcd.bench.Report;
import org.vcd.deploy.Json;
import org.vcd.testdata.GroundTruth;
import org.vcd.testdata.SoundRecipe;
import org.vcd.testdata.SyntheticSound;
import org.vcd.testdata.SyntheticVideo;
import org.vcd.testdata.VideoFormats;

/** The pipeline options every command shares, and the bench commands' usage and errors (the runs are tested in bench). */
class BenchCommandTest {

    @TempDir
    Path work;

    @Test
    void pipelineOptionsAreValidatedWithTheAllowedValues() throws IOException {
        Path video = work.resolve("v.mp4");
        SyntheticVideo.write(video, 1, 3, 64, 48, 10);
        Path store = work.resolve("store");
        CliRun unknown = vcd("index", "--store", store.toString(), "--localizer", "dtw", video.toString());
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("unknown localizer 'dtw'; allowed: tn, dp, hv, spd"), unknown.err());
        assertFalse(Files.exists(store), "a usage error creates no store");

        CliRun indexed = vcd("index", "--store", store.toString(), "--embedder", "classic", "--keyframes", "uniform",
                "--localizer", "hv", video.toString());
        assertEquals(0, indexed.exit(), indexed.err());
        CliRun check = vcd("check", "--store", store.toString(), "--embedder", "sscd", video.toString());
        assertEquals(2, check.exit());
        assertTrue(check.err().contains("unknown embedder 'sscd'; allowed: classic, cnn"), check.err());
        CliRun run = vcd("bench", "run", "--bench", work.toString(), "--keyframes", "best");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("unknown keyframe selector 'best'; allowed: uniform, change, learned"),
                run.err());
        CliRun stride = vcd("bench", "run", "--bench", work.toString(), "--keyframes", "uniform:0");
        assertEquals(2, stride.exit());
        assertTrue(stride.err().contains("the stride must be a whole number of at least 1"), stride.err());
        CliRun localize = vcd("bench", "localize", "--bench", work.toString(), "--localizers", "tn,dtw");
        assertEquals(2, localize.exit());
        assertTrue(localize.err().contains("unknown localizer 'dtw'; allowed: tn, dp, hv, spd"), localize.err());
    }

    @Test
    void localizerHelpListsEveryLocalizer() {
        CliRun help = vcd("bench", "run", "--help");
        assertEquals(0, help.exit(), help.err());
        // picocli wraps the description wherever the line fills up
        assertTrue(help.out().replaceAll("\\s+", " ").contains("Localizer: tn, dp, hv, spd, spd+tn (default: spd+tn)."),
                help.out());
    }

    @Test
    void generateWithSoundWritesQueriesWithSound() throws IOException {
        Path sources = work.resolve("sources");
        Files.createDirectories(sources);
        for (int s = 0; s < 3; s++) {
            VideoFormats.writeWithSound(sources.resolve("s" + s + ".mp4"), s, 10, 160, 120, 25,
                    SyntheticSound.music(s, 10, SoundRecipe.RATE), SoundRecipe.RATE, 64_000);
        }
        Path out = work.resolve("bench");
        CliRun run = vcd("bench", "generate", "--sources", sources.toString(), "--out", out.toString(), "--size",
                "small", "--split", "all", "--sound");
        assertEquals(0, run.exit(), run.err());
        GroundTruth truth = GroundTruth.read(out);
        assertTrue(truth.sound());
        assertTrue(truth.queries().stream().anyMatch(q -> "music_only".equals(q.negative())), "music-only negatives");
        assertTrue(truth.queries().stream().flatMap(q -> q.copies().stream()).allMatch(c -> c.audio() != null));
    }

    @Test
    void benchCommandsRefuseBadInputWithOneLine() {
        CliRun notABenchmark = vcd("bench", "run", "--bench", work.toString());
        assertEquals(1, notABenchmark.exit());
        assertTrue(notABenchmark.err().startsWith("vcd: error: not a benchmark folder"), notABenchmark.err());
        CliRun notABenchmarkToTime = vcd("bench", "localize", "--bench", work.toString());
        assertEquals(1, notABenchmarkToTime.exit());
        assertTrue(notABenchmarkToTime.err().startsWith("vcd: error: not a benchmark folder"),
                notABenchmarkToTime.err());

        CliRun badSize = vcd("bench", "generate", "--sources", work.toString(), "--out", work.resolve("b").toString(),
                "--size", "huge");
        assertEquals(2, badSize.exit());

        CliRun noSources = vcd("bench", "generate", "--sources", work.resolve("missing").toString(), "--out",
                work.resolve("b").toString());
        assertEquals(1, noSources.exit());
        assertTrue(noSources.err().contains("no such folder"), noSources.err());

        CliRun missing = vcd("bench", "compare", work.resolve("a.json").toString(), work.resolve("b.json").toString());
        assertEquals(1, missing.exit());
        assertEquals(1, missing.err().lines().count(), missing.err());
    }

    @Test
    void comparePrintsTwoReportsSideBySide() throws IOException {
        Evaluation.Metrics metrics = new Evaluation.Metrics(10, 8, 12, 0.5, 0.75, 0.6, 0.25, 0.1, 0.4, 7, 0.5, 0.1);
        Report.Cost cost = new Report.Cost(100, 10, 10, 5, 20, 0.5, 0.3, 0.9, 1000, 36000);
        Report a = new Report("bench", "vcd-bench-1 seed 1 small eval", "classic-uniform-tn", 2, 10, 0, metrics,
                Map.of("hflip", metrics), new Evaluation.Negatives(2, 0, 0, 0), cost);
        Report b = new Report("bench", "vcd-bench-1 seed 1 small eval", "classic-uniform-tn", 2, 10, 0,
                new Evaluation.Metrics(10, 8, 12, 0.5, 0.75, 0.7, 0.25, 0.1, 0.4, 7, 0.5, 0.1),
                Map.of("hflip", metrics),
                new Evaluation.Negatives(2, 1, 0, 0), cost);
        Path aFile = work.resolve("a.json");
        Path bFile = work.resolve("b.json");
        Files.writeString(aFile, Json.line(a));
        Files.writeString(bFile, Json.line(b));
        CliRun compare = vcd("bench", "compare", aFile.toString(), bFile.toString());
        assertEquals(0, compare.exit(), compare.err());
        assertTrue(compare.out().contains("| F1 | 0.600 | 0.700 | +0.100 |"), compare.out());
        assertTrue(compare.out().contains("| filler-only queries matched | 0.000 | 1.000 | +1.000 |"), compare.out());
        assertTrue(compare.out().contains("| hflip: segment AP | 0.400 | 0.400 | +0.000 |"), compare.out());
    }
}
