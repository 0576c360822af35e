package org.vcd.deploy.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.vcd.bench.DetectorTrainingData;
import org.vcd.deploy.CopyDetector;
import org.vcd.deploy.PipelineConfig;
import org.vcd.detector.spd.DetectorTrainer;
import org.vcd.detector.spd.DetectorTrainingConfig;
import org.vcd.ingest.cnn.EmbedderTrainer;
import org.vcd.ingest.cnn.EmbedderTrainingConfig;
import org.vcd.testdata.BenchmarkGenerator;
import org.vcd.testdata.GroundTruth;
import org.vcd.testdata.Split;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vcd train ...}: rebuilds a learned model from videos on disk, training split only. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Trains a learned part of the pipeline.",
        subcommands = {TrainCommand.Detector.class, TrainCommand.Embedder.class})
final class TrainCommand {

    /** The options every train command takes: where the model goes, its seed and its training budget. */
    static final class Budget {

        @Option(names = "--out", required = true, description = "Folder for the trained model.")
        Path out;

        @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--minutes", description = "Training time budget in minutes (default: the config's).")
        Double minutes;

        @Option(names = "--steps", description = "Most optimiser steps (default: the config's).")
        Integer steps;

        int steps(int configured) {
            return steps != null ? steps : configured;
        }

        double minutes(double configured) {
            return minutes != null ? minutes : configured;
        }
    }

    // One string per paragraph: picocli wraps it to the terminal.
    @Command(name = "detector", mixinStandardHelpOptions = true, description =
            "Trains the segment pattern detector (spd): generates copies from the training split of --videos (or "
            + "reuses --bench, a benchmark generated with --split train --size training), computes their similarity "
            + "matrices with the default embedder, trains on them plus synthetic matrices, calibrates its scores on "
            + "held-out queries and writes a SavedModel, detector.json (config, seed, validation) and "
            + "training-log.csv to --out.")
    static final class Detector implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--videos", description = "Folder of source videos; only its training split is used.")
        Path videos;

        @Option(names = "--bench", description = "An existing training-split benchmark to use instead of --videos.")
        Path bench;

        @Mixin
        Budget budget;

        @Override
        public Integer call() throws IOException {
            if ((videos == null) == (bench == null)) {
                Vcd.error(spec, "give exactly one of --videos and --bench");
                return Vcd.EXIT_USAGE;
            }
            DetectorTrainingConfig config = DetectorTrainingConfig.DEFAULT.withSeed(budget.seed);
            config = config.withBudget(budget.steps(config.steps()), budget.minutes(config.minutes()));
            var err = spec.commandLine().getErr();
            Path benchmark = bench;
            try {
                if (benchmark == null) {
                    benchmark = budget.out.resolve("training-benchmark");
                    BenchmarkGenerator.generate(videos, benchmark, budget.seed, BenchmarkGenerator.Size.TRAINING,
                            Split.Choice.TRAIN, err::println);
                } else if (!Files.isRegularFile(benchmark.resolve(GroundTruth.FILE))) {
                    Vcd.error(spec, "not a benchmark folder (no " + GroundTruth.FILE + "): " + benchmark);
                    return Vcd.EXIT_BAD_INPUT;
                } else if (!"train".equals(GroundTruth.read(benchmark).split())) {
                    Vcd.error(spec, "the detector trains on the training split only; " + benchmark
                            + " was generated from another split");
                    return Vcd.EXIT_USAGE;
                }
                DetectorTrainingData.Matrices matrices = DetectorTrainingData.of(benchmark,
                        CopyDetector.of(PipelineConfig.DEFAULT), err::println);
                err.printf(Locale.ROOT, "%d training and %d held-out matrices%n", matrices.training().size(),
                        matrices.validation().size());
                DetectorTrainer.Outcome outcome = DetectorTrainer.train(matrices.training(), matrices.validation(),
                        config, budget.out, err::println);
                Vcd.out(spec).printf(Locale.ROOT,
                        "{\"model\": \"%s\", \"steps\": %d, \"seconds\": %.0f, \"held_out_precision\": %.4f, "
                                + "\"held_out_recall\": %.4f}%n",
                        budget.out, outcome.steps(), outcome.seconds(), outcome.validation().precision(),
                        outcome.validation().recall());
                return 0;
            } catch (IllegalArgumentException e) {
                Vcd.error(spec, e.getMessage());
                return Vcd.EXIT_BAD_INPUT;
            }
        }
    }

    @Command(name = "embedder", mixinStandardHelpOptions = true, description =
            "Trains the learned frame embedder (cnn) self-supervised on frames of the training split of --videos: "
            + "two copy-style augmented views of each frame (crop, flip, rotation, colour, grayscale, blur, noise, "
            + "JPEG, captions, logos, borders, picture-in-picture), InfoNCE against the other videos' frames; writes "
            + "a SavedModel, embedder.json (config, seed, steps, final loss) and training-log.csv (loss per step) to "
            + "--out.")
    static final class Embedder implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--videos", required = true, description = "Folder of source videos; only its training "
                + "split is used.")
        Path videos;

        @Mixin
        Budget budget;

        @Override
        public Integer call() throws IOException {
            EmbedderTrainingConfig config = EmbedderTrainingConfig.DEFAULT.withSeed(budget.seed);
            config = config.withBudget(budget.steps(config.steps()), budget.minutes(config.minutes()));
            if (!Files.isDirectory(videos)) {
                Vcd.error(spec, "not a folder: " + videos);
                return Vcd.EXIT_BAD_INPUT;
            }
            List<Path> files = BenchmarkGenerator.sourceVideos(videos, Split.Choice.TRAIN);
            var err = spec.commandLine().getErr();
            err.printf(Locale.ROOT, "%d training-split videos in %s%n", files.size(), videos);
            try {
                EmbedderTrainer.Outcome outcome = EmbedderTrainer.train(files, config, budget.out, err::println);
                Vcd.out(spec).printf(Locale.ROOT,
                        "{\"model\": \"%s\", \"videos\": %d, \"frames\": %d, \"steps\": %d, \"seconds\": %.0f, "
                                + "\"final_loss\": %.4f, \"final_batch_accuracy\": %.4f}%n",
                        budget.out, outcome.videos(), outcome.frames(), outcome.steps(), outcome.seconds(),
                        outcome.finalLoss(), outcome.finalAccuracy());
                return 0;
            } catch (IllegalArgumentException e) {
                Vcd.error(spec, e.getMessage());
                return Vcd.EXIT_BAD_INPUT;
            }
        }
    }
}
