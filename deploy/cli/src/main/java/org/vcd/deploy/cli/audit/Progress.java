package org.vcd.deploy.cli.audit;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * What a running audit has done: inputs finished, video hours checked, inputs with matches, errors, and an
 * estimate of the time left (from the bytes still to read at the rate read so far). On a terminal it redraws
 * one bar line in place; otherwise it logs a line every so often, so logs of long runs stay readable.
 */
public final class Progress {

    private static final int BAR_WIDTH = 24;
    private static final Duration REDRAW = Duration.ofMillis(500);

    private final int total;
    private final long totalBytes;
    private final Filters filters;
    private final PrintWriter err;
    private final boolean terminal;
    private final Duration logEvery;
    private final LongSupplier nanos;
    private final long startNanos;
    private ScheduledExecutorService ticker;
    private int done;
    private int failed;
    private int matched;
    private long bytesDone;
    private double videoSeconds;
    private int drawn;

    /**
     * @param total      inputs to check in this run
     * @param totalBytes their bytes (unknown sizes count 0)
     * @param terminal   stderr is a terminal: redraw a bar instead of logging lines
     */
    public Progress(int total, long totalBytes, Filters filters, PrintWriter err, boolean terminal, Duration logEvery,
                    LongSupplier nanos) {
        this.total = total;
        this.totalBytes = totalBytes;
        this.filters = filters;
        this.err = err;
        this.terminal = terminal;
        this.logEvery = logEvery;
        this.nanos = nanos;
        this.startNanos = nanos.getAsLong();
    }

    /** Starts redrawing (terminal) or logging (otherwise) on a background thread. */
    public synchronized void start() {
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "audit-progress");
            thread.setDaemon(true);
            return thread;
        });
        long period = (terminal ? REDRAW : logEvery).toMillis();
        ticker.scheduleAtFixedRate(this::report, terminal ? 0 : period, period, TimeUnit.MILLISECONDS);
    }

    /** Stops the background thread and shows the final state on its own line. */
    public synchronized void stop() {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
        report();
        if (terminal) {
            err.println();
            drawn = 0;
        }
        err.flush();
    }

    public synchronized void finished(JournalEntry entry, long bytes) {
        done++;
        bytesDone += Math.max(0, bytes);
        if (entry.failed()) {
            failed++;
        } else {
            videoSeconds += entry.durationSeconds() == null ? 0 : entry.durationSeconds();
            if (!filters.apply(entry.matches()).isEmpty()) {
                matched++;
            }
        }
    }

    /** A message on its own line; on a terminal the bar is cleared first and redrawn after. */
    public synchronized void message(Runnable print) {
        if (terminal && drawn > 0) {
            err.print("\r" + " ".repeat(drawn) + "\r");
            err.flush();
            drawn = 0;
        }
        print.run();
        err.flush();
    }

    public synchronized double videoSeconds() {
        return videoSeconds;
    }

    public synchronized int done() {
        return done;
    }

    /** Seconds since this progress started. */
    public double elapsedSeconds() {
        return (nanos.getAsLong() - startNanos) / 1e9;
    }

    private synchronized void report() {
        String line = line();
        if (terminal) {
            String bar = bar() + " " + line;
            err.print("\r" + bar + (drawn > bar.length() ? " ".repeat(drawn - bar.length()) : ""));
            drawn = bar.length();
        } else {
            err.println("audit: " + line);
        }
        err.flush();
    }

    /** For example {@code 120/3000 files, 4.20 h of video, 17 with matches, 3 errors, 2.1 video h/h, ETA 1h 12m}. */
    public synchronized String line() {
        double elapsed = elapsedSeconds();
        return String.format(Locale.ROOT, "%d/%d files, %.2f h of video, %d with matches, %d error%s, %.1f video h/h, ETA %s",
                done, total, videoSeconds / 3600, matched, failed, failed == 1 ? "" : "s",
                elapsed > 0 ? videoSeconds / elapsed : 0, eta(elapsed));
    }

    private String bar() {
        int filled = total == 0 ? BAR_WIDTH : (int) ((long) BAR_WIDTH * done / total);
        return "[" + "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "]";
    }

    /** Time left from the share of bytes (or, without sizes, of files) done so far; "--" before anything is done. */
    private String eta(double elapsed) {
        if (done >= total) {
            return "0s";
        }
        double share = totalBytes > 0 && bytesDone > 0 ? (double) bytesDone / totalBytes
                : total > 0 ? (double) done / total : 0;
        if (share <= 0) {
            return "--";
        }
        return duration((long) (elapsed / share - elapsed));
    }

    static String duration(long seconds) {
        if (seconds >= 3600) {
            return seconds / 3600 + "h " + (seconds % 3600) / 60 + "m";
        }
        if (seconds >= 60) {
            return seconds / 60 + "m " + seconds % 60 + "s";
        }
        return seconds + "s";
    }
}
