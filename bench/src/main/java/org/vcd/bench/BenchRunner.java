package org.vcd.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.vcd.deploy.CheckResult;
import org.vcd.deploy.MatchedSegment;
import org.vcd.deploy.CopyDetector;
import org.vcd.deploy.Json;
import org.vcd.deploy.Match;
import org.vcd.domain.Segment;
import org.vcd.ingest.IngestException;
import org.vcd.ingest.PlainDecode;
import org.vcd.testdata.GroundTruth;

/**
 * Runs a pipeline on a generated benchmark: indexes its references into a fresh store, checks every query, and
 * scores the answers. Writes into the output folder {@link #STORE}{@code /}, {@link #RESULTS} (one line per query:
 * the query id and the {@code check} JSON), {@link #REPORT_JSON} and {@link #REPORT_MARKDOWN}.
 */
public final class BenchRunner {

    public static final String STORE = "store";
    public static final String RESULTS = "results.jsonl";
    public static final String REPORT_JSON = "report.json";
    public static final String REPORT_MARKDOWN = "report.md";

    private BenchRunner() {
    }

    /**
     * @param out created if missing; must not hold a store already (a run is never mixed into an earlier one)
     * @throws IllegalArgumentException when {@code out} already holds a run
     */
    public static Report run(Path benchmark, Path out, CopyDetector detector, Consumer<String> log)
            throws IOException {
        GroundTruth truth = GroundTruth.read(benchmark);
        Path storeDir = out.resolve(STORE);
        if (Files.exists(storeDir)) {
            throw new IllegalArgumentException("already holds a run (" + storeDir + "); choose another output folder");
        }
        Files.createDirectories(out);
        double referenceSeconds = 0;
        long ingestNanos = 0;
        long decodeNanos = 0;
        // Plain decoding scales to the frame size the pipeline's embedder takes, as its ingest does.
        int frameSize = detector.frameSize();
        try (var store = detector.openStoreForWriting(storeDir)) {
            for (GroundTruth.Reference reference : truth.references()) {
                Path file = benchmark.resolve(reference.file());
                // Decode first, then ingest, file by file: both read the file from the page cache alike.
                long began = System.nanoTime();
                PlainDecode.frames(file, frameSize);
                decodeNanos += System.nanoTime() - began;
                began = System.nanoTime();
                detector.index(store, file, reference.id());
                ingestNanos += System.nanoTime() - began;
                referenceSeconds += reference.durationSeconds();
                log.accept("indexed " + reference.id());
            }
        } catch (IngestException e) {
            throw new IllegalArgumentException("a reference of the benchmark was refused: " + e.getMessage(), e);
        }
        Map<String, List<SegmentAp.Prediction>> predictions = new HashMap<>();
        double[] latencies = new double[truth.queries().size()];
        int failures = 0;
        try (var store = detector.openStoreForReading(storeDir);
             BufferedWriter results = Files.newBufferedWriter(out.resolve(RESULTS), StandardCharsets.UTF_8)) {
            for (int i = 0; i < truth.queries().size(); i++) {
                GroundTruth.Query query = truth.queries().get(i);
                long began = System.nanoTime();
                CheckResult result;
                try {
                    result = detector.check(store, benchmark.resolve(query.file()), query.id());
                } catch (IngestException e) {
                    log.accept("query " + query.id() + " refused: " + e.getMessage());
                    failures++;
                    result = new CheckResult(query.id(), List.of());
                }
                latencies[i] = (System.nanoTime() - began) / 1e9;
                results.write(Json.line(result));
                results.newLine();
                predictions.put(query.id(), predictions(result));
                log.accept(String.format(Locale.ROOT, "checked %s: %d matches", query.id(), result.matches().size()));
            }
        }
        Evaluation.Result scores = Evaluation.evaluate(truth, predictions);
        long storeBytes = treeBytes(storeDir);
        double ingestSeconds = ingestNanos / 1e9;
        double decodeSeconds = decodeNanos / 1e9;
        Report.Cost cost = new Report.Cost(referenceSeconds, ingestSeconds, referenceSeconds / ingestSeconds,
                decodeSeconds, referenceSeconds / decodeSeconds, decodeSeconds / ingestSeconds,
                percentile(latencies, 50), percentile(latencies, 95), storeBytes,
                storeBytes / (referenceSeconds / 3600));
        Report report = new Report(benchmark.toAbsolutePath().normalize().toString(),
                truth.generator() + " seed " + truth.seed() + " " + truth.size() + " " + truth.split()
                        + (truth.sound() ? " sound" : ""),
                detector.pipeline().label(), truth.references().size(), truth.queries().size(), failures,
                scores.overall(), scores.byKind(), scores.negatives(), cost, scores.sound());
        Files.writeString(out.resolve(REPORT_JSON),
                Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n");
        Files.writeString(out.resolve(REPORT_MARKDOWN), ReportMarkdown.render(report));
        return report;
    }

    static List<SegmentAp.Prediction> predictions(CheckResult result) {
        List<SegmentAp.Prediction> predictions = new ArrayList<>();
        for (Match match : result.matches()) {
            for (Segment segment : match.segments().stream().map(MatchedSegment::segment).toList()) {
                predictions.add(new SegmentAp.Prediction(result.query(), match.reference(),
                        Box.spanning(segment.queryStart(), segment.queryEnd(), segment.referenceStart(),
                                segment.referenceEnd()), segment.score()));
            }
        }
        return predictions;
    }

    /** The nearest-rank percentile: the smallest value with at least {@code p}% of the values at or below it. */
    static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static long treeBytes(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        }
    }

    public static Report readReport(Path file) throws IOException {
        return Json.MAPPER.readValue(file.toFile(), Report.class);
    }
}
