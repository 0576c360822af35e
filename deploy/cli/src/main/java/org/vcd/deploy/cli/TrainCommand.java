package org.vcd.deploy.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.vcd.deploy.CopyDetector;
import org.vcd.deploy.PipelineConfig;
import org.vcd.deploy.PipelineModels;
import org.vcd.detector.spd.SegmentDetector;
import org.vcd.testdata.BenchmarkGenerator;
import org.vcd.testdata.GroundTruth;
import org.vcd.testdata.Split;
import org.vcd.train.TrainingRun;
import org.vcd.train.backbone.BackboneEmbedder;
import org.vcd.train.backbone.BackboneEmbedderConfig;
import org.vcd.train.backbone.HeadTrainingConfig;
import org.vcd.train.detector.DetectorTrainer;
import org.vcd.train.detector.DetectorTrainingConfig;
import org.vcd.train.detector.DetectorTrainingData;
import org.vcd.train.embedder.EmbedderTrainer;
import org.vcd.train.embedder.EmbedderTrainingConfig;
import org.vcd.train.embedder.TrainingFrames;
import org.vcd.train.keyframe.KeyframeExample;
import org.vcd.train.keyframe.KeyframeTrainer;
import org.vcd.train.keyframe.KeyframeTrainingConfig;
import org.vcd.train.keyframe.KeyframeTrainingData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vcd train ...}: rebuilds a learned model from videos on disk, training split only. */
@Command(name = "train", description = "Trains a learned part of the pipeline.",
        subcommands = {TrainCommand.Detector.class, TrainCommand.Embedder.class, TrainCommand.Keyframes.class})
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

        /** The {@code configured} run with this command's seed, and its steps and minutes where given. */
        TrainingRun applyTo(TrainingRun configured) {
            return configured.withSeed(seed).withBudget(steps != null ? steps : configured.steps(),
                    minutes != null ? minutes : configured.minutes());
        }
    }

    /** A training run that may be refused before or while it runs. */
    interface Training {
        int run() throws IOException, TrainingCopies.Refused;
    }

    /** Runs {@code training}; a refusal or bad input becomes a one-line error and its exit code. */
    static int refusing(CommandSpec spec, Training training) throws IOException {
        try {
            return training.run();
        } catch (TrainingCopies.Refused e) {
            Vcd.error(spec, e.getMessage());
            return e.exit;
        } catch (IllegalArgumentException e) {
            Vcd.error(spec, e.getMessage());
            return Vcd.EXIT_BAD_INPUT;
        }
    }

    // One string per paragraph: picocli wraps it to the terminal.
    /**
     * Where a model trained on generated copies gets them: a benchmark generated here from the training split of
     * {@code --videos}, or existing training-split benchmarks given as {@code --bench} (one or more).
     */
    static final class TrainingCopies {

        @Option(names = "--videos", description = "Folder of source videos; only its training split is used.")
        Path videos;

        @Option(names = "--bench", description = "An existing training-split benchmark to use instead of --videos; "
                + "repeat it to train on several (generated with different seeds).")
        List<Path> benches;

        /** A refusal: its message for stderr and the exit code. */
        static final class Refused extends Exception {
            final int exit;

            Refused(String message, int exit) {
                super(message);
                this.exit = exit;
            }
        }

        /** The benchmarks to train on: one generated into {@code out} when built from {@code --videos}. */
        List<Path> benchmarks(Path out, long seed, PrintWriter err) throws IOException, Refused {
            if ((videos == null) == (benches == null)) {
                throw new Refused("give exactly one of --videos and --bench", Vcd.EXIT_USAGE);
            }
            if (benches == null) {
                Path generated = out.resolve("training-benchmark");
                BenchmarkGenerator.generate(videos, generated, seed, BenchmarkGenerator.Size.TRAINING,
                        Split.Choice.TRAIN, err::println);
                return List.of(generated);
            }
            for (Path bench : benches) {
                if (!Files.isRegularFile(bench.resolve(GroundTruth.FILE))) {
                    throw new Refused("not a benchmark folder (no " + GroundTruth.FILE + "): " + bench,
                            Vcd.EXIT_BAD_INPUT);
                }
                if (!"train".equals(GroundTruth.read(bench).split())) {
                    throw new Refused("models train on the training split only; " + bench
                            + " was generated from another split", Vcd.EXIT_USAGE);
                }
            }
            return benches;
        }
    }

    @Command(name = "detector", description =
            "Trains the segment pattern detector (spd): generates copies from the training split of --videos (or "
            + "reuses --bench, a benchmark generated with --split train --size training), computes their similarity "
            + "matrices with --embedder and the default query views, trains on them plus synthetic matrices, "
            + "calibrates its scores on held-out queries and writes a SavedModel, detector.json (config, seed, "
            + "validation) and training-log.csv to --out.")
    static final class Detector implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        TrainingCopies copies;

        @Mixin
        Budget budget;

        @Option(names = "--embedder", paramLabel = "NAME", defaultValue = PipelineConfig.DEFAULT_EMBEDDER,
                description = "Frame embedder whose matrices the detector learns: ${COMPLETION-CANDIDATES} "
                        + "(default: ${DEFAULT-VALUE}).", completionCandidates = PipelineOptions.Embedders.class)
        String embedder;

        @Override
        public Integer call() throws IOException {
            DetectorTrainingConfig defaults = DetectorTrainingConfig.DEFAULT;
            DetectorTrainingConfig config = defaults.withRun(budget.applyTo(defaults.run()));
            var err = spec.commandLine().getErr();
            return refusing(spec, () -> {
                DetectorTrainingData.Matrices matrices;
                try (PipelineModels models = new PipelineModels()) {
                    matrices = DetectorTrainingData.of(copies.benchmarks(budget.out, budget.seed, err),
                            CopyDetector.of(PipelineConfig.DEFAULT.withEmbedder(embedder), models), err::println);
                }
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
            });
        }
    }

    @Command(name = "keyframes", description =
            "Trains the learned keyframe selector through the segment pattern detector: generates copies from the "
            + "training split of --videos (or reuses --bench), samples the references densely, and trains a temporal "
            + "CNN whose kept frames (plus one every max gap), held as a store holds them, let the detector (starting "
            + "from the committed one, or --detector, and trained with the selector) find the copies, at a keep rate "
            + "near --keep-rate. Writes a SavedModel, keyframes.json (config, seed, stored frames per second), "
            + "training-log.csv and the detector trained with it (detector/) to --out.")
    static final class Keyframes implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        TrainingCopies copies;

        @Mixin
        Budget budget;

        @Option(names = "--keep-rate", description = "Target of stored frames per video second (default: "
                + "0.3).")
        Double keepRate;

        @Option(names = "--max-gap", description = "Longest a kept frame may stand for, in seconds; one frame every "
                + "max gap is always kept (default: 4).")
        Double maxGap;

        @Option(names = "--detector", description = "Folder of the detector to train through (default: the "
                + "committed one).")
        Path detector;

        @Option(names = "--detector-learning-rate", description = "Step size of the detector, trained jointly with "
                + "the selector and written to --out/detector (default: 1e-4; 0 keeps the detector frozen and writes "
                + "none).")
        Float detectorLearningRate;

        @Override
        public Integer call() throws IOException {
            var err = spec.commandLine().getErr();
            return refusing(spec, () -> {
                KeyframeTrainingConfig defaults = KeyframeTrainingConfig.DEFAULT;
                KeyframeTrainingConfig config = defaults.withRun(budget.applyTo(defaults.run()));
                config = config.withKeyframes(keepRate != null ? keepRate : config.keepRate(),
                        maxGap != null ? maxGap : config.maxGapSeconds());
                if (detectorLearningRate != null) {
                    config = config.withDetectorLearningRate(detectorLearningRate);
                }
                List<KeyframeExample> examples;
                String embedder;
                try (PipelineModels models = new PipelineModels()) {
                    CopyDetector pipeline = CopyDetector.of(PipelineConfig.DEFAULT, models);
                    examples = KeyframeTrainingData.of(copies.benchmarks(budget.out, budget.seed, err), pipeline,
                            config.sampleRate(), err::println);
                    embedder = pipeline.frameSpec().embedder();
                }
                err.printf(Locale.ROOT, "%d training pairs%n", examples.size());
                Path through = detector != null ? detector : SegmentDetector.unpackDefault();
                KeyframeTrainer.Outcome outcome = KeyframeTrainer.train(examples, through, embedder, config,
                        budget.out, err::println);
                Vcd.out(spec).printf(Locale.ROOT,
                        "{\"model\": \"%s\", \"steps\": %d, \"seconds\": %.0f, \"final_loss\": %.4f, "
                                + "\"training_keep_rate\": %.4f, \"stored_frames_per_second\": %.4f}%n",
                        budget.out, outcome.steps(), outcome.seconds(), outcome.finalLoss(),
                        outcome.trainingKeepRate(), outcome.storedFramesPerSecond());
                return 0;
            });
        }
    }

    @Command(name = "embedder", description =
            "Trains the learned frame embedder (cnn) self-supervised on frames of the training split of --videos: "
            + "two copy-style augmented views of each frame (crop, flip, rotation, colour, grayscale, blur, noise, "
            + "JPEG, captions, logos, borders, picture-in-picture), InfoNCE against the other videos' frames; writes "
            + "a SavedModel, embedder.json (config, seed, steps, final loss) and training-log.csv (loss per step) to "
            + "--out. With --backbone, builds the pretrained embedder instead: MobileNetV2's ImageNet layers imported "
            + "frozen from the npm package, generalised-mean pooled, and a head (centring, partial PCA whitening) "
            + "fitted on the training frames; embedder.json records the package, version, licence and files' SHA-256.")
    static final class Embedder implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--videos", required = true, description = "Folder of source videos; only its training "
                + "split is used.")
        Path videos;

        @Option(names = "--backbone", paramLabel = "PACKAGE", description = "Unpacked npm package nsfwjs 4.4.0 "
                + "(npm pack nsfwjs@4.4.0 && tar xzf nsfwjs-4.4.0.tgz gives the folder package): build the "
                + "pretrained embedder on its trunk.")
        Path backbone;

        @Option(names = "--input-size", description = "With --backbone: side of the frames the trunk takes "
                + "(default: the config's).")
        Integer inputSize;

        @Option(names = "--input-range", description = "With --backbone: pixel range fed to the trunk, unit or "
                + "symmetric (default: the config's).")
        String inputRange;

        @Option(names = "--dimension", description = "With --backbone: principal components kept (default: the "
                + "config's).")
        Integer dimension;

        @Option(names = "--whitening", description = "With --backbone: eigenvalue exponent of the head, 0 (centre "
                + "only) to 0.5 (whiten) (default: the config's).")
        Double whitening;

        @Option(names = "--trained-head", description = "With --backbone: train the head (a projection, InfoNCE on "
                + "copy-style views of the frames and images; --seed, --steps and --minutes apply to it) instead of "
                + "fitting the principal-component head.")
        boolean trainedHead;

        @Option(names = "--hidden", description = "With --trained-head: width of the projection's hidden layer, 0 for "
                + "a linear one (default: the config's).")
        Integer hidden;

        @Option(names = "--images", paramLabel = "DIR", description = "With --backbone: a folder of still images "
                + "(JPEG, PNG, searched recursively; train/scripts/fetch-images.sh makes one) the head also learns "
                + "from; repeat it for several.")
        List<Path> imageFolders = List.of();

        @Mixin
        Budget budget;

        @Override
        public Integer call() throws IOException {
            if (!Files.isDirectory(videos)) {
                Vcd.error(spec, "not a folder: " + videos);
                return Vcd.EXIT_BAD_INPUT;
            }
            List<Path> files = BenchmarkGenerator.sourceVideos(videos, Split.Choice.TRAIN);
            var err = spec.commandLine().getErr();
            err.printf(Locale.ROOT, "%d training-split videos in %s%n", files.size(), videos);
            if (backbone != null) {
                return refusing(spec, () -> {
                    BackboneEmbedderConfig defaults = BackboneEmbedderConfig.DEFAULT;
                    HeadTrainingConfig head = trainedHead ? HeadTrainingConfig.DEFAULT : defaults.head();
                    if (head == null && hidden != null) {
                        throw new IllegalArgumentException("--hidden is for a trained head (--trained-head)");
                    }
                    if (head != null) {
                        head = head.withRun(budget.applyTo(head.run()));
                        head = hidden != null ? head.withHidden(hidden) : head;
                    }
                    BackboneEmbedderConfig config = new BackboneEmbedderConfig(defaults.model(), defaults.layer(),
                            inputSize != null ? inputSize : defaults.inputSize(),
                            inputRange != null ? inputRange : defaults.inputRange(), defaults.gemPower(),
                            dimension != null ? dimension : defaults.dimension(),
                            whitening != null ? whitening : defaults.whitening(), defaults.sampleRate(), head);
                    List<Path> images = new ArrayList<>();
                    for (Path folder : imageFolders) {
                        images.addAll(TrainingFrames.imageFiles(folder));
                    }
                    err.printf(Locale.ROOT, "%d images in %s%n", images.size(), imageFolders);
                    BackboneEmbedder.Outcome outcome = BackboneEmbedder.build(backbone, files, images, config,
                            budget.out, err::println);
                    // A trained head keeps no principal components: its kept variance is null, not NaN.
                    Vcd.out(spec).printf(Locale.ROOT, "{\"model\": \"%s\", \"videos\": %d, \"frames\": %d, "
                                    + "\"images\": %d, \"kept_variance\": %s, \"seconds\": %.0f}%n", budget.out,
                            outcome.videos(), outcome.frames(), outcome.images(),
                            Double.isNaN(outcome.keptVariance()) ? "null"
                                    : String.format(Locale.ROOT, "%.4f", outcome.keptVariance()),
                            outcome.seconds());
                    return 0;
                });
            }
            EmbedderTrainingConfig defaults = EmbedderTrainingConfig.DEFAULT;
            EmbedderTrainingConfig config = defaults.withRun(budget.applyTo(defaults.run()));
            return refusing(spec, () -> {
                EmbedderTrainer.Outcome outcome = EmbedderTrainer.train(files, config, budget.out, err::println);
                Vcd.out(spec).printf(Locale.ROOT,
                        "{\"model\": \"%s\", \"videos\": %d, \"frames\": %d, \"steps\": %d, \"seconds\": %.0f, "
                                + "\"final_loss\": %.4f, \"final_batch_accuracy\": %.4f}%n",
                        budget.out, outcome.videos(), outcome.frames(), outcome.steps(), outcome.seconds(),
                        outcome.finalLoss(), outcome.finalAccuracy());
                return 0;
            });
        }
    }
}
