package org.vcd.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vcd.deploy.cli.CliRun.vcd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcd.deploy.Json;
import org.vcd.keyframe.KeyframeModel;
import org.vcd.keyframe.LearnedKeyframes;
import org.vcd.testdata.BenchmarkGenerator;
import org.vcd.testdata.GroundTruth;
import org.vcd.testdata.Split;
import org.vcd.testdata.SyntheticVideo;

/** {@code vcd train keyframes}: trains through the committed detector on a training-split benchmark only. */
class TrainKeyframesCommandTest {

    @TempDir
    Path work;

    /** A small benchmark of synthetic footage whose sources all fall in {@code split}'s side of the split. */
    private Path benchmark(String name, Split split, Split.Choice choice) throws IOException {
        return benchmark(name, split, choice, 3);
    }

    private Path benchmark(String name, Split split, Split.Choice choice, long seed) throws IOException {
        Path sources = Files.createDirectories(work.resolve(name + "-sources"));
        int written = 0;
        for (int n = 0; written < 4; n++) {
            if (Split.ofName("clip-" + n + ".mp4") == split) {
                SyntheticVideo.write(sources.resolve("clip-" + n + ".mp4"), 100 + n, 16, 320, 240, 25);
                written++;
            }
        }
        Path bench = work.resolve(name);
        BenchmarkGenerator.generate(sources, bench, seed, BenchmarkGenerator.Size.SMALL, choice, line -> { });
        return bench;
    }

    @Test
    void trainsOnATrainingSplitBenchmarkAndWritesACalibratedModel() throws IOException {
        Path bench = benchmark("train", Split.TRAIN, Split.Choice.TRAIN);
        Path out = work.resolve("model");

        CliRun run = vcd("train", "keyframes", "--bench", bench.toString(), "--out", out.toString(), "--steps", "20",
                "--keep-rate", "0.3");

        assertEquals(0, run.exit(), run.err());
        Map<?, ?> result = Json.MAPPER.readValue(run.out(), Map.class);
        assertEquals(20, result.get("steps"));
        assertTrue(((Number) result.get("training_keep_rate")).doubleValue() > 0, run.out());
        double stored = ((Number) result.get("stored_frames_per_second")).doubleValue();
        assertTrue(stored > 0.1 && stored < 0.6, "the calibrated threshold stores about the asked rate: " + stored);
        KeyframeModel model = KeyframeModel.read(out);
        assertEquals("classic-dct-v1", model.embedder(), "the embedder whose vectors it reads");
        assertEquals(2, model.sampleRate());
        assertTrue(Files.isRegularFile(out.resolve("saved_model.pb")));
    }

    @Test
    void trainsOnSeveralBenchmarksWithTheDetectorJointlyAndWritesThatDetector() throws IOException {
        Path one = benchmark("one", Split.TRAIN, Split.Choice.TRAIN, 3);
        Path two = benchmark("two", Split.TRAIN, Split.Choice.TRAIN, 4);
        Path out = work.resolve("joint");

        CliRun run = vcd("train", "keyframes", "--bench", one.toString(), "--bench", two.toString(), "--out",
                out.toString(), "--steps", "10", "--detector-learning-rate", "1e-4");

        assertEquals(0, run.exit(), run.err());
        int pairs = 0;
        for (Path bench : new Path[] {one, two}) {
            GroundTruth truth = GroundTruth.read(bench);
            pairs += truth.queries().size() * truth.references().size();
        }
        assertTrue(run.err().contains(pairs + " training pairs"), "every pair of both benchmarks: " + run.err());
        assertTrue(Files.isRegularFile(out.resolve(LearnedKeyframes.JOINT_DETECTOR).resolve("detector.json")),
                "the jointly trained detector is written with the selector");
        assertTrue(Files.isRegularFile(out.resolve(LearnedKeyframes.JOINT_DETECTOR).resolve("saved_model.pb")));
    }

    @Test
    void anotherSplitOrNoSourceIsRefused() throws IOException {
        Path bench = benchmark("all", Split.EVAL, Split.Choice.ALL);
        CliRun other = vcd("train", "keyframes", "--bench", bench.toString(), "--out", work.resolve("m").toString());
        assertEquals(2, other.exit());
        assertTrue(other.err().contains("train on the training split only"), other.err());

        CliRun neither = vcd("train", "keyframes", "--out", work.resolve("m").toString());
        assertEquals(2, neither.exit());
        assertTrue(neither.err().contains("give exactly one of --videos and --bench"), neither.err());

        CliRun rate = vcd("train", "keyframes", "--bench", bench.toString(), "--out", work.resolve("m").toString(),
                "--keep-rate", "5");
        assertEquals(1, rate.exit());
        assertTrue(rate.err().contains("the keep rate must lie between"), rate.err());
    }
}
