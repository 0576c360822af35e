package org.vcd.train;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The loop every trainer runs: optimiser steps until its run's step count or time budget is spent (whichever comes
 * first), the model folder's CSV log of the steps' metrics (a line every {@code every} steps, with their means over
 * those steps), progress on the console, and each metric's mean over the last steps. The clock starts when the loop
 * is made: the trainer makes it as it starts, so the budget covers building the graph too.
 */
public final class TrainingLoop {

    /** The log every trainer writes into its model folder. */
    public static final String LOG = "training-log.csv";

    /** Steps per log line for a trainer that logs means rather than every step. */
    public static final int STEPS_PER_LINE = 50;
    /** Steps the final metrics are averaged over: single batches are noisy. */
    public static final int FINAL_STEPS = 50;
    /** Progress goes to the console, and the log to disk, at most this often (in steps). */
    private static final int PROGRESS_EVERY = 25;

    /** One column of the log: its header and the decimals it is written with. */
    public record Metric(String name, int decimals) {
    }

    /** One optimiser step; returns its metrics in the order of the loop's columns. */
    @FunctionalInterface
    public interface Step {
        double[] run();
    }

    /**
     * How a loop ended: the steps it took and each metric's mean over the last {@value #FINAL_STEPS} of them (all of
     * them when fewer ran).
     */
    public record Result(int steps, double[] finalMeans) {
    }

    private final long began = System.nanoTime();
    private final TrainingRun run;
    private final int every;
    private final List<Metric> metrics;

    public TrainingLoop(TrainingRun run, int every, List<Metric> metrics) {
        if (every < 1 || metrics.isEmpty()) {
            throw new IllegalArgumentException("a log line every step or more, and at least one metric");
        }
        this.run = run;
        this.every = every;
        this.metrics = List.copyOf(metrics);
    }

    /** Seconds since the loop was made. */
    public double seconds() {
        return (System.nanoTime() - began) / 1e9;
    }

    /** Runs {@code step} until the budget is spent, writing {@value #LOG} into {@code folder}. */
    public Result run(Path folder, Consumer<String> progress, Step step) throws IOException {
        int columns = metrics.size();
        double[][] recent = new double[FINAL_STEPS][];
        double[] sums = new double[columns];
        long deadline = began + (long) (run.minutes() * 60e9);
        int steps = 0;
        try (PrintWriter log = new PrintWriter(Files.newBufferedWriter(folder.resolve(LOG),
                StandardCharsets.UTF_8))) {
            log.println(metrics.stream().map(Metric::name).collect(Collectors.joining(",", "step,seconds,", "")));
            while (steps < run.steps() && System.nanoTime() < deadline) {
                double[] values = step.run();
                recent[steps % FINAL_STEPS] = values;
                for (int k = 0; k < columns; k++) {
                    sums[k] += values[k];
                }
                steps++;
                if (steps % every == 0) {
                    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%d,%.1f", steps, seconds()));
                    for (int k = 0; k < columns; k++) {
                        line.append(String.format(Locale.ROOT, ",%." + metrics.get(k).decimals() + "f",
                                sums[k] / every));
                        sums[k] = 0;
                    }
                    log.println(line);
                    if (steps % PROGRESS_EVERY == 0) {
                        log.flush();
                        progress.accept("step " + line);
                    }
                }
            }
        }
        int last = Math.min(steps, FINAL_STEPS);
        double[] means = new double[columns];
        for (int k = 0; k < columns; k++) {
            double sum = 0;
            for (int s = 0; s < last; s++) {
                sum += recent[s][k];
            }
            means[k] = sum / last;
        }
        return new Result(steps, means);
    }
}
