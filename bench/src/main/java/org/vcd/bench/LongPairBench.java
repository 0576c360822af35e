package org.vcd.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;
import org.vcd.deploy.CopyDetector;
import org.vcd.deploy.Json;
import org.vcd.detector.Localizer;
import org.vcd.domain.Segment;
import org.vcd.domain.SimilarityMatrix;

/**
 * Localization time and memory for one long pair (the library-scale case: a 10-minute query against a
 * one-hour reference), on a generated similarity matrix on 1 s grids: unrelated frames' noise, a copy of
 * {@link #COPY_SHARE} of the query on a line through the middle of the reference, and two stretches of the reference
 * that its copied frames only look like (bright blocks dimmer than the copy, as the same still scene at other times).
 * Each localizer localizes the matrix in untimed warm-up passes, then timed ones.
 */
public final class LongPairBench {

    public static final String REPORT_JSON = "long-pair.json";
    public static final String REPORT_MARKDOWN = "long-pair.md";

    /** Share of the query copied, from a sixth of the way in. */
    static final double COPY_SHARE = 0.4;

    private LongPairBench() {
    }

    /**
     * One localizer on the pair.
     *
     * @param segments           segments found
     * @param endError           largest error of the best-overlapping segment's four ends against the planted copy,
     *                           seconds (NaN when no segment overlaps it)
     * @param msPerPair          mean wall time of a timed pass, ms
     * @param fastestMs          the fastest timed pass, ms
     * @param allocatedMbPerPair Java heap the localizing thread allocated per pass, MB (native memory, TensorFlow's,
     *                           is not in it)
     * @param residentMb         the process's resident memory before this localizer's first pass (models loaded, the
     *                           matrix generated), MB
     * @param peakResidentMb     the process's peak resident memory after this localizer's passes, MB (all memory,
     *                           native included, but a peak over the whole process so far: run one localizer per
     *                           process to read its own)
     */
    public record Timing(String localizer, int segments, double endError, double msPerPair, double fastestMs,
                         double allocatedMbPerPair, double residentMb, double peakResidentMb) {
    }

    public record Report(int querySeconds, int referenceSeconds, long seed, double[] copy, int warmups, int passes,
                         List<Timing> localizers) {
    }

    /** The generated pair: {@code copy} is its planted copy as {queryStart, queryEnd, referenceStart, referenceEnd}. */
    record Pair(SimilarityMatrix matrix, double[] copy) {
    }

    static Pair generate(int querySeconds, int referenceSeconds, long seed) {
        if (querySeconds < 10 || referenceSeconds < 2 * querySeconds) {
            throw new IllegalArgumentException("needs a query of at least 10 s and a reference twice as long");
        }
        Random random = new Random(seed);
        float[] values = new float[querySeconds * referenceSeconds];
        for (int k = 0; k < values.length; k++) {
            values[k] = -0.2f + 0.5f * random.nextFloat();
        }
        int from = querySeconds / 6;
        int length = (int) (querySeconds * COPY_SHARE);
        int at = (referenceSeconds - length) / 2;
        for (int lookAlike : new int[] {referenceSeconds / 8, referenceSeconds * 7 / 8 - length}) {
            for (int i = from; i < from + length; i++) {
                for (int j = lookAlike; j < lookAlike + length; j++) {
                    values[i * referenceSeconds + j] = 0.55f + 0.15f * random.nextFloat();
                }
            }
        }
        for (int k = 0; k < length; k++) {
            values[(from + k) * referenceSeconds + at + k] = 0.75f + 0.2f * random.nextFloat();
        }
        SimilarityMatrix matrix = new SimilarityMatrix(querySeconds, referenceSeconds, values, 1, 1);
        // Cells i..k cover [i - 0.5, k + 0.5] seconds (SimilarityMatrix.segment).
        return new Pair(matrix, new double[] {from - 0.5, from + length - 0.5, at - 0.5, at + length - 0.5});
    }

    public static Report run(int querySeconds, int referenceSeconds, long seed, CopyDetector detector,
                             List<String> names, int warmups, int passes, Path out, Consumer<String> log)
            throws IOException {
        if (passes < 1 || warmups < 0 || names.isEmpty()) {
            throw new IllegalArgumentException("needs at least one localizer, no negative warm-up and one timed pass");
        }
        List<Localizer> localizers = names.stream().map(detector::localizer).toList();
        Pair pair = generate(querySeconds, referenceSeconds, seed);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        List<Timing> timings = new ArrayList<>();
        for (int l = 0; l < localizers.size(); l++) {
            Localizer localizer = localizers.get(l);
            List<Segment> found = List.of();
            double resident = residentMb("VmRSS:");
            for (int pass = 0; pass < warmups; pass++) {
                found = localizer.localize(pair.matrix());
            }
            long wall = 0;
            long fastest = Long.MAX_VALUE;
            long allocated = 0;
            for (int pass = 0; pass < passes; pass++) {
                long bytes = threads.getThreadAllocatedBytes(thread);
                long began = System.nanoTime();
                found = localizer.localize(pair.matrix());
                long took = System.nanoTime() - began;
                allocated += threads.getThreadAllocatedBytes(thread) - bytes;
                wall += took;
                fastest = Math.min(fastest, took);
            }
            timings.add(new Timing(names.get(l), found.size(), endError(found, pair.copy()), wall / 1e6 / passes,
                    fastest / 1e6, allocated / 1e6 / passes, resident, residentMb("VmHWM:")));
            log.accept("timed " + names.get(l));
        }
        Report report = new Report(querySeconds, referenceSeconds, seed, pair.copy(), warmups, passes, timings);
        Files.createDirectories(out);
        Files.writeString(out.resolve(REPORT_JSON),
                Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n");
        Files.writeString(out.resolve(REPORT_MARKDOWN), markdown(report));
        return report;
    }

    /** The largest end error of the segment overlapping the copy most; NaN when none overlaps it. */
    static double endError(List<Segment> found, double[] copy) {
        Segment best = null;
        double bestOverlap = 0;
        for (Segment s : found) {
            double overlap = Math.min(s.queryEnd(), copy[1]) - Math.max(s.queryStart(), copy[0]);
            if (overlap > bestOverlap) {
                bestOverlap = overlap;
                best = s;
            }
        }
        if (best == null) {
            return Double.NaN;
        }
        return Math.max(Math.max(Math.abs(best.queryStart() - copy[0]), Math.abs(best.queryEnd() - copy[1])),
                Math.max(Math.abs(best.referenceStart() - copy[2]), Math.abs(best.referenceEnd() - copy[3])));
    }

    /** A field of /proc/self/status (VmRSS: now, VmHWM: peak), MB; NaN where there is no such file (not Linux). */
    private static double residentMb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    public static String markdown(Report report) {
        StringBuilder md = new StringBuilder("# Localization of one long pair\n\n");
        md.append(String.format(Locale.ROOT, "- a %d s query against a %d s reference (%d x %d cells at 1 s), seed %d;"
                        + " planted copy: query %.1f-%.1f s, reference %.1f-%.1f s, beside two look-alike blocks%n"
                        + "- %d warm-up and %d timed passes; peak resident memory is the process's so far%n%n",
                report.querySeconds(), report.referenceSeconds(), report.querySeconds(), report.referenceSeconds(),
                report.seed(), report.copy()[0], report.copy()[1], report.copy()[2], report.copy()[3],
                report.warmups(), report.passes()));
        md.append("| localizer | segments | worst end error (s) | ms per pair | fastest (ms) | Java heap allocated (MB)"
                + " | resident before (MB) | peak resident (MB) |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Timing t : report.localizers()) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %.1f | %.1f | %.1f | %.0f | %.0f |%n",
                    t.localizer(), t.segments(), t.endError(), t.msPerPair(), t.fastestMs(), t.allocatedMbPerPair(),
                    t.residentMb(), t.peakResidentMb()));
        }
        return md.toString();
    }
}
