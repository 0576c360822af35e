package org.vcd.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.vcd.deploy.CopyDetector;
import org.vcd.deploy.Json;
import org.vcd.deploy.Localizers;
import org.vcd.detector.Localizer;
import org.vcd.domain.Segment;
import org.vcd.ingest.IngestException;
import org.vcd.matcher.FrameStore;
import org.vcd.domain.SimilarityMatrix;
import org.vcd.testdata.GroundTruth;

/**
 * Localization speed in one run on the same matrices: every query of a benchmark is checked once against a store of
 * its references to build its candidate similarity matrices, then each localizer localizes all of them, one query's
 * candidates per {@link Localizer#localizeAll} call as in {@code check}: untimed warm-up passes for the JIT, then timed
 * passes taking the localizers in turn, so load from other work on the machine falls on all of them alike.
 */
public final class LocalizeBench {

    public static final String REPORT_JSON = "localize.json";
    public static final String REPORT_MARKDOWN = "localize.md";

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private LocalizeBench() {
    }

    /**
     * One localizer's times over all pairs.
     *
     * @param segments         segments it found over all pairs (every pass finds the same)
     * @param msPerPair        mean wall time per (query, candidate reference) pair over the timed passes, ms
     * @param fastestMsPerPair the same in the fastest timed pass
     * @param cpuMsPerPair     mean CPU time of the localizing thread per pair: steadier than wall time on a busy
     *                         machine
     * @param ratio            msPerPair over the first localizer's
     * @param cpuRatio         cpuMsPerPair over the first localizer's
     */
    public record Timing(String localizer, long segments, double msPerPair, double fastestMsPerPair,
                         double cpuMsPerPair, double ratio, double cpuRatio) {
    }

    /**
     * @param store   the store the candidates were retrieved from
     * @param queries queries whose matrices were built (refused ones are left out and counted in {@code refused})
     * @param pairs   (query, candidate reference) pairs, one similarity matrix each
     * @param cells   similarity matrix cells over all pairs
     */
    public record Report(String benchmark, String store, int queries, int refused, int pairs, long cells,
                         int warmups, int passes, List<Timing> localizers) {
    }

    /**
     * @param store   an existing store of the benchmark's references (a {@code bench run}'s {@code store/}), or null
     *                to index them into {@code out/store}, which must not exist yet
     * @param names   localizers by their pipeline names ({@link Localizers#NAMES}) for {@code detector}'s stores, the
     *                first being the ratios' base
     * @param warmups untimed passes before the timed ones
     * @throws IllegalArgumentException for an unknown localizer name, fewer than one timed pass, a store folder that
     *                                  exists already, or a refused reference
     */
    public static Report run(Path benchmark, Path store, Path out, CopyDetector detector, List<String> names,
                             int warmups, int passes, Consumer<String> log) throws IOException {
        if (passes < 1 || warmups < 0 || names.isEmpty()) {
            throw new IllegalArgumentException("needs at least one localizer, no negative warm-up and one timed pass");
        }
        List<Localizer> localizers = names.stream().map(detector::localizer).toList();
        Candidates candidates = candidates(benchmark, store, out, detector, log);
        Path storeDir = candidates.store();
        int refused = candidates.refused();
        List<List<SimilarityMatrix>> matrices = candidates.matrices().stream()
                .map(query -> query.stream().map(CopyDetector.CandidateMatrix::matrix).toList()).toList();
        int pairs = matrices.stream().mapToInt(List::size).sum();
        long cells = matrices.stream().flatMap(List::stream)
                .mapToLong(m -> (long) m.queryLength() * m.referenceLength()).sum();
        log.accept(String.format(Locale.ROOT, "built %d similarity matrices (%d cells) for %d queries", pairs, cells,
                matrices.size()));
        for (Localizer localizer : localizers) {
            for (int pass = 0; pass < warmups; pass++) {
                localizeAll(localizer, matrices);
            }
        }
        long[] segments = new long[localizers.size()];
        long[][] wall = new long[localizers.size()][passes];
        long[][] cpu = new long[localizers.size()][passes];
        for (int pass = 0; pass < passes; pass++) {
            for (int l = 0; l < localizers.size(); l++) {
                long cpuBegan = THREADS.getCurrentThreadCpuTime();
                long began = System.nanoTime();
                long found = localizeAll(localizers.get(l), matrices);
                wall[l][pass] = System.nanoTime() - began;
                cpu[l][pass] = THREADS.getCurrentThreadCpuTime() - cpuBegan;
                if (pass == 0) {
                    segments[l] = found;
                } else if (found != segments[l]) {
                    throw new IllegalStateException(names.get(l) + " found " + found + " segments, not "
                            + segments[l] + " as in the first pass: it is not a function of the matrices");
                }
            }
            log.accept("timed pass " + (pass + 1) + " of " + passes);
        }
        List<Timing> timings = new ArrayList<>();
        for (int l = 0; l < localizers.size(); l++) {
            double ms = msPerPair(sum(wall[l]), passes, pairs);
            double cpuMs = msPerPair(sum(cpu[l]), passes, pairs);
            double fastest = msPerPair(min(wall[l]), 1, pairs);
            double base = l == 0 ? ms : timings.get(0).msPerPair();
            double cpuBase = l == 0 ? cpuMs : timings.get(0).cpuMsPerPair();
            timings.add(new Timing(names.get(l), segments[l], ms, fastest, cpuMs, ms / base, cpuMs / cpuBase));
        }
        Report report = new Report(benchmark.toAbsolutePath().normalize().toString(),
                storeDir.toAbsolutePath().normalize().toString(), matrices.size(), refused, pairs, cells, warmups,
                passes, timings);
        Files.createDirectories(out);
        Files.writeString(out.resolve(REPORT_JSON),
                Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n");
        Files.writeString(out.resolve(REPORT_MARKDOWN), markdown(report));
        return report;
    }

    /**
     * Each query's candidate matrices, built once from a store of the benchmark's references.
     *
     * @param queries  ids of the queries whose matrices were built, in benchmark order
     * @param matrices per query, its candidates' similarity matrices
     * @param refused  queries that could not be ingested, left out
     */
    record Candidates(Path store, List<String> queries, List<List<CopyDetector.CandidateMatrix>> matrices,
                      int refused) {
    }

    /**
     * @param store an existing store of the benchmark's references, or null to index them into {@code out/store},
     *              which must not exist yet
     */
    static Candidates candidates(Path benchmark, Path store, Path out, CopyDetector detector, Consumer<String> log)
            throws IOException {
        GroundTruth truth = GroundTruth.read(benchmark);
        Path storeDir = store != null ? store : out.resolve("store");
        if (store == null) {
            if (Files.exists(storeDir)) {
                throw new IllegalArgumentException("already holds a store (" + storeDir + "); pass it as the store"
                        + " or choose another output folder");
            }
            index(benchmark, truth, storeDir, detector, log);
        }
        List<String> ids = new ArrayList<>();
        List<List<CopyDetector.CandidateMatrix>> matrices = new ArrayList<>();
        int refused = 0;
        try (FrameStore opened = detector.openStoreForReading(storeDir)) {
            for (GroundTruth.Query query : truth.queries()) {
                try {
                    matrices.add(detector.candidateMatrices(opened, benchmark.resolve(query.file())));
                    ids.add(query.id());
                } catch (IngestException e) {
                    log.accept("query " + query.id() + " refused: " + e.getMessage());
                    refused++;
                }
            }
        }
        return new Candidates(storeDir, ids, matrices, refused);
    }

    private static void index(Path benchmark, GroundTruth truth, Path storeDir, CopyDetector detector,
                              Consumer<String> log) {
        try (FrameStore store = detector.openStoreForWriting(storeDir)) {
            for (GroundTruth.Reference reference : truth.references()) {
                detector.index(store, benchmark.resolve(reference.file()), reference.id());
                log.accept("indexed " + reference.id());
            }
        } catch (IngestException e) {
            throw new IllegalArgumentException("a reference of the benchmark was refused: " + e.getMessage(), e);
        }
    }

    /** Localizes every query's matrices; returns the segments found, which also keeps the work from being elided. */
    private static long localizeAll(Localizer localizer, List<List<SimilarityMatrix>> matrices) {
        long segments = 0;
        for (List<SimilarityMatrix> query : matrices) {
            for (List<Segment> found : localizer.localizeAll(query)) {
                segments += found.size();
            }
        }
        return segments;
    }

    private static double msPerPair(long nanos, int passes, int pairs) {
        return nanos / 1e6 / passes / pairs;
    }

    private static long sum(long[] values) {
        long sum = 0;
        for (long v : values) {
            sum += v;
        }
        return sum;
    }

    private static long min(long[] values) {
        long min = Long.MAX_VALUE;
        for (long v : values) {
            min = Math.min(min, v);
        }
        return min;
    }

    public static String markdown(Report report) {
        StringBuilder md = new StringBuilder();
        md.append("# Localization speed\n\n");
        md.append("- benchmark: `").append(report.benchmark()).append("`, store `").append(report.store())
                .append("`\n");
        md.append(String.format(Locale.ROOT, "- %d queries (%d refused), %d pairs, %.1f M matrix cells"
                        + " (%.0f per pair); %d warm-up and %d timed passes%n%n", report.queries(), report.refused(),
                report.pairs(), report.cells() / 1e6, (double) report.cells() / report.pairs(), report.warmups(),
                report.passes()));
        String base = report.localizers().get(0).localizer();
        md.append("| localizer | segments | ms per pair | fastest pass | CPU ms per pair | time / ").append(base)
                .append(" | CPU / ").append(base).append(" |\n|---|---:|---:|---:|---:|---:|---:|\n");
        for (Timing t : report.localizers()) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.3f | %.2f | %.2f |%n", t.localizer(),
                    t.segments(), t.msPerPair(), t.fastestMsPerPair(), t.cpuMsPerPair(), t.ratio(), t.cpuRatio()));
        }
        return md.toString();
    }

    public static Report read(Path file) throws IOException {
        return Json.MAPPER.readValue(file.toFile(), Report.class);
    }
}
