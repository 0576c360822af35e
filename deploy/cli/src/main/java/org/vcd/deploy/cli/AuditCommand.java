package org.vcd.deploy.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.vcd.deploy.CopyDetector;
import org.vcd.deploy.PipelineModels;
import org.vcd.deploy.StoreLocation;
import org.vcd.deploy.cli.audit.Audit;
import org.vcd.deploy.cli.audit.AuditConfig;
import org.vcd.deploy.cli.audit.AuditInput;
import org.vcd.deploy.cli.audit.AuditOutputs;
import org.vcd.deploy.cli.audit.Filters;
import org.vcd.deploy.cli.audit.InputExpander;
import org.vcd.deploy.cli.audit.Journal;
import org.vcd.deploy.cli.audit.Progress;
import org.vcd.ingest.HttpDownload;
import org.vcd.matcher.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "audit", sortOptions = false, description = {
        "Checks many videos against the store in parallel and writes results.jsonl,",
        "results.csv, summary.json and report.html into the output folder.",
        "Resumable: a rerun with the same --out skips finished inputs; Ctrl-C stops",
        "and keeps everything finished. See docs/AUDIT.md.",
        "Exit codes: 0 the audit ran (inputs that failed are recorded, not fatal);",
        "2 wrong usage; 3 store unusable; 4 output folder unusable; 130 interrupted."})
final class AuditCommand implements Callable<Integer> {

    /** The output folder cannot be created, written or locked. */
    static final int EXIT_OUTPUT = 4;

    @Spec
    CommandSpec spec;

    @Option(names = "--store", required = true, paramLabel = "STORE",
            description = "Store made by 'vcd index': a folder or a Milvus URI.")
    String store;

    @Mixin
    PipelineOptions pipeline;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder: journal, results and report (created if missing).")
    Path out;

    @Parameters(arity = "0..*", paramLabel = "INPUT",
            description = "Video files, folders (searched recursively), quoted glob patterns ('archive/**/*.mp4') or http(s) URLs.")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--list", paramLabel = "FILE",
            description = "A file with one INPUT per line ('#' comments); repeatable. Relative paths are read against its folder.")
    List<Path> lists = new ArrayList<>();

    @Option(names = "--workers", paramLabel = "N", description = "Inputs checked at once (default: the number of cores, ${DEFAULT-VALUE}).")
    int workers = AuditConfig.DEFAULT.workers();

    @Option(names = "--retry-failed", description = "Check again the inputs an earlier run recorded as failed.")
    boolean retryFailed;

    @Option(names = "--min-score", paramLabel = "X", description = "Keep segments scoring at least X, 0..1 (default: ${DEFAULT-VALUE}).")
    double minScore = Filters.NONE.minSegmentScore();

    @Option(names = "--min-duration", paramLabel = "SECONDS", description = "Keep segments at least this long on the query (default: ${DEFAULT-VALUE}).")
    double minDuration = Filters.NONE.minSegmentSeconds();

    @Option(names = "--top", paramLabel = "N", description = "Keep the best N references per input; 0 keeps all (default: ${DEFAULT-VALUE}).")
    int top = Filters.NONE.topReferences();

    @Option(names = "--extensions", paramLabel = "LIST", split = ",",
            description = "Extensions taken from folders, comma-separated; '*' takes every file (default: mp4, mkv, webm, mov, avi, ...).")
    List<String> extensions;

    @Option(names = "--log-every", paramLabel = "SECONDS", description = "Progress log interval when stderr is not a terminal (default: ${DEFAULT-VALUE}).")
    long logEverySeconds = AuditConfig.DEFAULT.logEvery().toSeconds();

    @Override
    public Integer call() {
        AuditConfig config;
        try {
            config = AuditConfig.DEFAULT.withWorkers(workers).withRetryFailed(retryFailed)
                    .withFilters(new Filters(minScore, minDuration, top))
                    .withLogEvery(Duration.ofSeconds(logEverySeconds))
                    .withExtensions(extensions == null ? AuditConfig.VIDEO_EXTENSIONS
                            : extensions.contains("*") ? Set.of() : Set.copyOf(extensions));
        } catch (IllegalArgumentException e) {
            Vcd.error(spec, e.getMessage());
            return Vcd.EXIT_USAGE;
        }
        if (inputs.isEmpty() && lists.isEmpty()) {
            Vcd.error(spec, "name at least one INPUT or --list FILE");
            return Vcd.EXIT_USAGE;
        }
        InputExpander.Expansion expansion;
        try {
            expansion = InputExpander.expand(inputs, lists, config.extensions());
        } catch (IOException e) {
            Vcd.error(spec, "cannot read the inputs: " + e.getMessage());
            return Vcd.EXIT_USAGE;
        }
        expansion.warnings().forEach(w -> warn("warning: " + w));

        try (PipelineModels models = new PipelineModels()) {
            CopyDetector detector = CopyDetector.of(pipeline.config(spec), models);
            try (var opened = detector.openStoreForReading(store)) {
                // The journal names the store it audits against: a folder by its absolute path, so `--store x` and
                // `--store ./x` are the same audit.
                StoreLocation location = StoreLocation.parse(store);
                String storeName = location.folder() != null
                        ? location.folder().toAbsolutePath().normalize().toString() : location.toString();
                Journal journal;
                try {
                    journal = Journal.open(out, storeName);
                } catch (IOException e) {
                    Vcd.error(spec, "cannot use output folder " + out + ": " + e.getMessage());
                    return EXIT_OUTPUT;
                }
                if (!journal.store().equals(storeName)) {
                    closeQuietly(journal);
                    Vcd.error(spec, "output folder " + out + " holds an audit against another store ("
                            + journal.store() + "); use another --out");
                    return Vcd.EXIT_USAGE;
                }
                if (journal.unreadableLines() > 0) {
                    warn("warning: " + journal.unreadableLines() + " damaged journal lines ignored; their inputs are"
                            + " checked again");
                }
                Audit.Checker checker = (file, name) -> detector.check(opened, file, name);
                return run(config, expansion.inputs(), journal, storeName, checker, detector.downloadLimits(),
                        id -> opened.metadata(id).map(m -> m.get(CopyDetector.SOURCE)));
            } catch (StoreException e) {
                Vcd.error(spec, e.getMessage());
                return Vcd.EXIT_STORE;
            }
        }
    }

    /** Checks what the journal does not hold yet, then writes the outputs; Ctrl-C writes them too, and exits. */
    private int run(AuditConfig config, List<AuditInput> all, Journal journal, String storeName,
                    Audit.Checker checker, HttpDownload.Limits downloads,
                    Function<String, Optional<String>> referenceSource) {
        List<AuditInput> pending = journal.pending(all, config.retryFailed());
        long bytes = pending.stream().mapToLong(input -> Math.max(0, input.bytes())).sum();
        PrintWriter err = spec.commandLine().getErr();
        err.printf("vcd: audit: %d inputs, %d already finished, %d to check with %d workers; output in %s%n",
                all.size(), all.size() - pending.size(), pending.size(), config.workers(), out);
        Progress progress = new Progress(pending.size(), bytes, config.filters(), err, System.console() != null,
                config.logEvery(), System::nanoTime);
        Audit audit = new Audit(checker, downloads, referenceSource, out, journal, config.workers(), progress,
                message -> Vcd.error(spec, message));
        Finish finish = new Finish(config, all, journal, storeName, progress);
        Thread onInterrupt = new Thread(() -> {
            audit.stop();
            finish.run(true);
        }, "audit-interrupt");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        progress.start();
        try {
            audit.run(pending);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            audit.stop();
        }
        int exit = finish.run(audit.stopped());
        if (audit.journalFailure() != null) {
            Vcd.error(spec, audit.journalFailure());
            exit = EXIT_OUTPUT;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(onInterrupt);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running: it has written (or is writing) the same outputs.
        }
        return exit;
    }

    /** Ends the audit once, from the main thread or the Ctrl-C hook, whichever comes first. */
    private final class Finish {
        private final AuditConfig config;
        private final List<AuditInput> all;
        private final Journal journal;
        private final String storeName;
        private final Progress progress;
        private Integer exit;

        Finish(AuditConfig config, List<AuditInput> all, Journal journal, String storeName, Progress progress) {
            this.config = config;
            this.all = all;
            this.journal = journal;
            this.storeName = storeName;
            this.progress = progress;
        }

        synchronized int run(boolean interrupted) {
            if (exit != null) {
                return exit;
            }
            progress.stop();
            try {
                journal.close(); // from here a worker still decoding records nothing
            } catch (IOException e) {
                Vcd.error(spec, "cannot close the journal " + journal + ": " + e.getMessage());
            }
            boolean complete = !interrupted && all.stream().allMatch(input -> journal.entry(input.name()) != null);
            AuditOutputs.RunStats stats = new AuditOutputs.RunStats(config.workers(), progress.done(),
                    progress.elapsedSeconds(), progress.videoSeconds() / 3600, interrupted);
            PrintWriter err = spec.commandLine().getErr();
            try {
                AuditOutputs.write(out, journal.entries(), storeName, config.filters(), stats, complete);
            } catch (IOException e) {
                Vcd.error(spec, "cannot write the audit's results into " + out + ": " + e.getMessage());
                err.flush();
                return exit = EXIT_OUTPUT;
            }
            if (interrupted) {
                err.printf("vcd: audit: interrupted; %d inputs finished this run are kept. Rerun the same command"
                        + " to continue.%n", progress.done());
            }
            Vcd.out(spec).printf("%s audit of %d inputs: %s%n", complete ? "Finished" : "Partial", all.size(),
                    out.resolve(AuditOutputs.REPORT_HTML));
            Vcd.out(spec).flush();
            err.flush();
            return exit = 0;
        }
    }

    private void warn(String line) {
        spec.commandLine().getErr().println("vcd: " + line);
    }

    private static void closeQuietly(Journal journal) {
        try {
            journal.close();
        } catch (IOException ignored) {
            // refusing anyway
        }
    }
}
