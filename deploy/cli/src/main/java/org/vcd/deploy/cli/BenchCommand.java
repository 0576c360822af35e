package org.vcd.deploy.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.vcd.bench.BenchRunner;
import org.vcd.bench.LocalizeBench;
import org.vcd.bench.LongPairBench;
import org.vcd.bench.ReportMarkdown;
import org.vcd.bench.ThresholdSweep;
import org.vcd.deploy.CopyDetector;
import org.vcd.deploy.PipelineConfig;
import org.vcd.deploy.PipelineModels;
import org.vcd.deploy.Localizers;
import org.vcd.detector.Localizer;
import org.vcd.matcher.StoreException;
import org.vcd.testdata.BenchmarkGenerator;
import org.vcd.testdata.GroundTruth;
import org.vcd.testdata.Split;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "bench", description = "Generates the copy-detection benchmark, runs the pipeline on it, compares and plots runs.",
        subcommands = {BenchCommand.Generate.class, BenchCommand.Run.class, BenchCommand.Compare.class,
                BenchCommand.Localize.class, BenchCommand.LongPair.class, IngestBenchCommand.class, BenchCommand.Thresholds.class,
                CurveCommand.class})
final class BenchCommand {

    @Command(name = "generate", description = {
            "Builds a benchmark from a folder of source videos: references (a subset of the sources, unchanged),",
            "queries splicing transformed segments of references between the other sources' footage, negatives,",
            "and ground-truth.json. Progress goes to stderr. The output folder must be missing or empty."})
    static final class Generate implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--sources", required = true, description = "Folder of source videos (searched recursively).")
        Path sources;

        @Option(names = "--out", required = true, description = "Folder to write the benchmark into.")
        Path out;

        @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--size", defaultValue = "standard", paramLabel = "small|compact|standard|training|long",
                description = "small (seconds, for tests), compact (8 references plus 1 deck, 48 queries: every kind "
                        + "once), standard (>= 12 references plus 2 near-static decks of "
                        + "title cards and slides, >= 150 queries; default: ${DEFAULT-VALUE}), training (6 references "
                        + "plus 1 deck, 200 queries: for the training split) "
                        + "or long (6 programmes of 4-10 min joining sources with title cards, slides and freeze "
                        + "frames; 50 queries with copies of 20-120 s).")
        String size;

        @Option(names = "--split", defaultValue = "eval", paramLabel = "eval|train|all",
                description = "Which part of the sources to use (split by a hash of the file name; default: "
                        + "${DEFAULT-VALUE}).")
        String split;

        @Option(names = "--sound", description = "Queries carry sound: each copy keeps its reference's sound (changed "
                + "as an upload would be), is muted or has it replaced; sources with sound are references first; "
                + "adds music-only negatives. Without it, the silent benchmark as before.")
        boolean sound;

        @Override
        public Integer call() throws IOException {
            BenchmarkGenerator.Size chosenSize;
            Split.Choice chosenSplit;
            try {
                chosenSize = BenchmarkGenerator.Size.valueOf(size.toUpperCase(Locale.ROOT));
                chosenSplit = Split.Choice.valueOf(split.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                Vcd.error(spec, "--size must be small, compact, standard, training or long and --split eval, train "
                        + "or all");
                return Vcd.EXIT_USAGE;
            }
            GroundTruth truth;
            try {
                truth = BenchmarkGenerator.generate(sources, out, seed, chosenSize, chosenSplit, sound,
                        line -> spec.commandLine().getErr().println(line));
            } catch (IllegalArgumentException e) {
                Vcd.error(spec, e.getMessage());
                return Vcd.EXIT_BAD_INPUT;
            }
            long negatives = truth.queries().stream().filter(q -> q.negative() != null).count();
            Vcd.out(spec).printf(Locale.ROOT, "wrote %s: %d references, %d queries (%d without copies)%n",
                    out.resolve(GroundTruth.FILE), truth.references().size(), truth.queries().size(), negatives);
            return 0;
        }
    }

    @Command(name = "run", description = {
            "Indexes the benchmark's references into a fresh store, checks every query and scores the answers.",
            "Writes store/, results.jsonl (one check JSON per query), report.json and report.md into --out,",
            "and prints report.md."})
    static final class Run implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--bench", required = true, description = "Benchmark folder made by 'vcd bench generate'.")
        Path bench;

        @Option(names = "--out", description = "Folder for this run (default: BENCH/runs/PIPELINE).")
        Path out;

        @Mixin
        PipelineOptions pipeline;

        @Override
        public Integer call() throws IOException {
            try (PipelineModels models = new PipelineModels()) {
                CopyDetector detector = CopyDetector.of(pipeline.config(spec), models);
                Path folder = out != null ? out : bench.resolve("runs").resolve(detector.pipeline().label());
                return onBenchmark(spec, bench,
                        log -> ReportMarkdown.render(BenchRunner.run(bench, folder, detector, log)));
            }
        }
    }

    @Command(name = "compare", description = "Prints two reports (report.json of two runs) side by side, as Markdown.")
    static final class Compare implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "A.json")
        Path a;

        @Parameters(index = "1", paramLabel = "B.json")
        Path b;

        @Override
        public Integer call() {
            try {
                Vcd.out(spec).print(ReportMarkdown.compare(a.toString(), BenchRunner.readReport(a), b.toString(),
                        BenchRunner.readReport(b)));
                Vcd.out(spec).flush();
                return 0;
            } catch (IOException e) {
                Vcd.error(spec, "cannot read a report: " + e.getMessage());
                return Vcd.EXIT_BAD_INPUT;
            }
        }
    }

    @Command(name = "localize", description = {
            "Times localizers on the same similarity matrices: builds every query's candidate matrices once (against",
            "--store, or a store of the references indexed into OUT/store), then runs each localizer over all of",
            "them, --warmup untimed and --passes timed passes. Writes localize.json and localize.md into --out",
            "and prints localize.md."})
    static final class Localize implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        CandidateSource source;

        @Option(names = "--out", description = "Folder for the results (default: BENCH/runs/localize).")
        Path out;

        @Option(names = "--localizers", split = ",", paramLabel = "NAME[,NAME...]", defaultValue = "tn,dp,hv",
                description = "Localizers to time, the first being the ratios' base; of ${COMPLETION-CANDIDATES} "
                        + "(default: ${DEFAULT-VALUE}).", completionCandidates = PipelineOptions.Localizers.class)
        List<String> localizers;

        @Mixin
        Passes timing;

        @Override
        public Integer call() throws IOException {
            timing.check(spec, localizers);
            Path folder = out != null ? out : source.bench.resolve("runs").resolve("localize");
            try (PipelineModels models = new PipelineModels()) {
                return onBenchmark(spec, source.bench, log -> LocalizeBench.markdown(LocalizeBench.run(source.bench,
                        source.store, folder, CopyDetector.withDefaults(models), localizers, timing.warmups,
                        timing.passes, log)));
            }
        }
    }

    /** The timed commands' passes. */
    static final class Passes {

        @Option(names = "--warmup", defaultValue = "3",
                description = "Untimed passes first, for the JIT (default: ${DEFAULT-VALUE}).")
        int warmups;

        @Option(names = "--passes", defaultValue = "10", description = "Timed passes (default: ${DEFAULT-VALUE}).")
        int passes;

        /** Refuses unknown localizers, a negative warm-up and fewer than one timed pass. */
        void check(CommandSpec spec, List<String> localizers) {
            try {
                localizers.forEach(Localizers::requireValid);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            if (warmups < 0 || passes < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--warmup must be at least 0 and --passes at least 1");
            }
        }
    }

    @Command(name = "long-pair", description = {
            "Times localizers on one long pair: a generated similarity matrix of a query against a long reference on",
            "1 s grids (default: 10 minutes against one hour), holding a copy of 40% of the query beside two stretches",
            "of the reference its frames only look like. Reports each localizer's segments, the worst end error of the",
            "copy's segment, wall time, Java heap allocated and the process's peak resident memory (run one localizer",
            "per process to read its own peak). Writes long-pair.json and long-pair.md into --out and prints the latter."})
    static final class LongPair implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--out", required = true, description = "Folder for the results.")
        Path out;

        @Option(names = "--query-seconds", defaultValue = "600",
                description = "Query length (default: ${DEFAULT-VALUE}).")
        int querySeconds;

        @Option(names = "--reference-seconds", defaultValue = "3600",
                description = "Reference length (default: ${DEFAULT-VALUE}).")
        int referenceSeconds;

        @Option(names = "--seed", defaultValue = "1", description = "Seed of the generated matrix (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--localizers", split = ",", paramLabel = "NAME[,NAME...]", defaultValue = "tn,spd",
                description = "Localizers to time, of ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
                completionCandidates = PipelineOptions.Localizers.class)
        List<String> localizers;

        @Mixin
        Passes timing;

        @Override
        public Integer call() throws IOException {
            timing.check(spec, localizers);
            try (PipelineModels models = new PipelineModels()) {
                Vcd.out(spec).print(LongPairBench.markdown(LongPairBench.run(querySeconds, referenceSeconds, seed,
                        CopyDetector.withDefaults(models), localizers, timing.warmups, timing.passes, out,
                        line -> spec.commandLine().getErr().println(line))));
                Vcd.out(spec).flush();
                return 0;
            } catch (IllegalArgumentException e) {
                Vcd.error(spec, e.getMessage());
                return Vcd.EXIT_BAD_INPUT;
            }
        }
    }

    @Command(name = "thresholds", description = {
            "Scores one localizer at several score thresholds from one run: builds every query's candidate matrices",
            "once (against --store, or a store of the references indexed into OUT/store), localizes them keeping every",
            "segment, then scores the segments at or above each threshold. Writes thresholds.json and thresholds.md",
            "into --out and prints thresholds.md. Choose a threshold on a benchmark of the training split, not on the",
            "one you report."})
    static final class Thresholds implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        CandidateSource source;

        @Option(names = "--out", description = "Folder for the results (default: BENCH/runs/thresholds-LOCALIZER).")
        Path out;

        @Option(names = "--localizer", defaultValue = PipelineConfig.DEFAULT_LOCALIZER, description = "One of ${COMPLETION-CANDIDATES} "
                + "(default: ${DEFAULT-VALUE}).", completionCandidates = PipelineOptions.Localizers.class)
        String localizer;

        @Option(names = "--embedder", paramLabel = "NAME", defaultValue = PipelineConfig.DEFAULT_EMBEDDER,
                description = "Frame embedder of the candidate matrices: ${COMPLETION-CANDIDATES} "
                        + "(default: ${DEFAULT-VALUE}).", completionCandidates = PipelineOptions.Embedders.class)
        String embedder;

        @Option(names = "--keyframes", paramLabel = "NAME", defaultValue = PipelineConfig.DEFAULT_KEYFRAMES,
                description = "Keyframe selector the store's references are (or are to be) stored with: "
                        + "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); a learned selector's stores are "
                        + "localized by the detector trained with it.",
                completionCandidates = PipelineOptions.Keyframes.class)
        String keyframes;

        @Option(names = "--thresholds", split = ",", paramLabel = "S[,S...]",
                defaultValue = "0,0.05,0.1,0.15,0.2,0.3,0.4,0.5,0.6,0.7",
                description = "Least segment scores to try (default: ${DEFAULT-VALUE}).")
        List<Double> thresholds;

        @Override
        public Integer call() throws IOException {
            try (PipelineModels models = new PipelineModels()) {
                Localizer unfiltered;
                CopyDetector detector;
                try {
                    PipelineConfig defaults = PipelineConfig.DEFAULT;
                    detector = CopyDetector.of(new PipelineConfig(embedder, keyframes, defaults.localizer(),
                            defaults.mirror(), defaults.regions()), models);
                    unfiltered = detector.unfilteredLocalizer(localizer);
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
                }
                Path folder = out != null ? out : source.bench.resolve("runs").resolve("thresholds-" + localizer);
                return onBenchmark(spec, source.bench, log -> ThresholdSweep.markdown(ThresholdSweep.run(
                        source.bench, source.store, folder, detector, localizer, unfiltered, thresholds, log)));
            }
        }
    }

    /** Where the commands that build every query's candidate matrices once get them from. */
    static final class CandidateSource {

        @Option(names = "--bench", required = true, description = "Benchmark folder made by 'vcd bench generate'.")
        Path bench;

        @Option(names = "--store", description = "Existing store of the benchmark's references, e.g. a 'bench run' "
                + "folder's store/ (default: index them into OUT/store).")
        Path store;
    }

    /** Work on a benchmark folder that logs progress and returns its report as Markdown. */
    @FunctionalInterface
    private interface BenchmarkWork {
        String markdown(Consumer<String> log) throws IOException;
    }

    /**
     * Runs {@code work} on {@code bench} with progress on stderr and prints its report: a folder that is no
     * benchmark, an input refused and a store failing are one error line each, with their exit codes.
     */
    private static int onBenchmark(CommandSpec spec, Path bench, BenchmarkWork work) throws IOException {
        if (!Files.isRegularFile(bench.resolve(GroundTruth.FILE))) {
            Vcd.error(spec, "not a benchmark folder (no " + GroundTruth.FILE + "): " + bench);
            return Vcd.EXIT_BAD_INPUT;
        }
        try {
            Vcd.out(spec).print(work.markdown(line -> spec.commandLine().getErr().println(line)));
            Vcd.out(spec).flush();
            return 0;
        } catch (IllegalArgumentException e) {
            Vcd.error(spec, e.getMessage());
            return Vcd.EXIT_BAD_INPUT;
        } catch (StoreException e) {
            Vcd.error(spec, e.getMessage());
            return Vcd.EXIT_STORE;
        }
    }
}
