package org.vcd.deploy.cli.audit;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.vcd.deploy.CheckResult;
import org.vcd.deploy.Match;
import org.vcd.ingest.HttpDownload;
import org.vcd.ingest.IngestException;

/**
 * Checks inputs on a pool of workers that share one open store, and records each finished input in the journal
 * before counting it. A failing input becomes a journal line with its error; nothing an input does stops the
 * others. {@link #stop()} (Ctrl-C) starts no further inputs and closes nothing: the caller closes the journal, so
 * a worker finishing afterwards records nothing rather than half a line.
 */
public final class Audit {

    /**
     * Checks one video against the open store. The store behind it is an embedded Lucene index or Milvus; the
     * audit neither knows nor cares.
     */
    @FunctionalInterface
    public interface Checker {
        CheckResult check(Path file, String queryName) throws IngestException;
    }

    /** Recorded when the pipeline itself failed on an input (a bug or a decoder crash), not the input's fault. */
    static final String INTERNAL = "INTERNAL";

    private final Checker checker;
    private final HttpDownload.Limits downloads;
    private final EvidenceWriter evidence;
    private final Journal journal;
    private final int workers;
    private final Progress progress;
    private final Consumer<String> errorLine;
    private volatile boolean stopping;
    private volatile String journalFailure;
    private volatile ExecutorService pool;

    /**
     * @param downloads       limits on the download of an input named by URL
     * @param referenceSource a reference id's source file, as the store recorded it, for thumbnails
     * @param errorLine       where one line per failed input goes (stderr)
     */
    public Audit(Checker checker, HttpDownload.Limits downloads, Function<String, Optional<String>> referenceSource,
                 Path out, Journal journal, int workers, Progress progress, Consumer<String> errorLine) {
        this.checker = checker;
        this.downloads = downloads;
        this.evidence = new EvidenceWriter(out, referenceSource);
        this.journal = journal;
        this.workers = workers;
        this.progress = progress;
        this.errorLine = errorLine;
    }

    /** Checks every input, {@code workers} at a time; returns when all are recorded or after {@link #stop()}. */
    public void run(List<AuditInput> inputs) throws InterruptedException {
        AtomicInteger threads = new AtomicInteger();
        pool = Executors.newFixedThreadPool(workers, r -> {
            Thread thread = new Thread(r, "audit-worker-" + threads.incrementAndGet());
            thread.setDaemon(true); // never holds the JVM open after Ctrl-C
            return thread;
        });
        for (AuditInput input : inputs) {
            pool.execute(() -> {
                if (!stopping) {
                    record(input, audit(input));
                }
            });
        }
        pool.shutdown();
        while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
            if (stopping) {
                return; // workers still decoding will find the journal closed
            }
        }
    }

    /** Starts no further inputs. Those being checked finish and are recorded if the journal is still open. */
    public void stop() {
        stopping = true;
        ExecutorService running = pool;
        if (running != null) {
            running.shutdown();
        }
    }

    public boolean stopped() {
        return stopping;
    }

    /**
     * Counts the input once its line is on disk. A journal that cannot be written (a full disk) stops the audit:
     * hours of checks that cannot be recorded would be lost anyway.
     */
    private void record(AuditInput input, JournalEntry entry) {
        try {
            if (!journal.append(entry)) {
                return; // stopping: the journal is closed, the input is checked again next run
            }
        } catch (IOException e) {
            journalFailure = "cannot write the journal " + journal + ": " + e.getMessage();
            stop();
            return;
        }
        progress.finished(entry, input.bytes());
        if (entry.failed()) {
            progress.message(() -> errorLine.accept("failed " + input.name() + ": " + entry.error()));
        }
    }

    /** Why the audit stopped on its own (the journal could not be written), or null. */
    public String journalFailure() {
        return journalFailure;
    }

    /** Checks one input and draws its evidence; never throws: a failure is an entry with an error. */
    JournalEntry audit(AuditInput input) {
        long start = System.nanoTime();
        try {
            if (input.file() != null) {
                return checked(input, input.file(), start);
            }
            // Downloaded once: the check and the evidence read the same file, deleted when both are done.
            try (HttpDownload download = HttpDownload.fetch(url(input.name()), downloads)) {
                return checked(input, download.file(), start);
            }
        } catch (IngestException e) {
            return JournalEntry.failure(input.name(), e.reason().name(), e.getMessage(), seconds(start));
        } catch (IOException | RuntimeException e) {
            return JournalEntry.failure(input.name(), INTERNAL,
                    "internal error on " + input.name() + ": " + e, seconds(start));
        }
    }

    private JournalEntry checked(AuditInput input, Path file, long start) throws IngestException, IOException {
        CheckResult result = checker.check(file, input.name());
        List<Match> matches = result.matches();
        List<MatchEvidence> drawn = evidence.draw(input.name(), file, matches);
        return new JournalEntry(input.name(), declaredSeconds(file), null, null,
                matches.stream().map(AuditedMatch::of).toList(), drawn, seconds(start));
    }

    private static URI url(String name) throws IngestException {
        try {
            return new URI(name);
        } catch (URISyntaxException e) {
            throw new IngestException(IngestException.Reason.DOWNLOAD_FAILED, "not a valid URL: " + name
                    + ": " + e.getReason());
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /**
     * The container's declared duration, for the hours-checked count. A header read (milliseconds), because the
     * check's result does not carry the duration it decoded.
     */
    static Double declaredSeconds(Path file) {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.start();
            long micros = grabber.getLengthInTime();
            return micros > 0 ? micros / 1e6 : null;
        } catch (Exception e) {
            return null; // it decoded a moment ago; a duration is only a statistic
        }
    }
}
