package org.vcd.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.vcd.deploy.CheckResult;
import org.vcd.deploy.CopyDetector;
import org.vcd.deploy.Json;
import org.vcd.detector.Localizer;
import org.vcd.ingest.IngestException;
import org.vcd.matcher.FrameStore;
import org.vcd.testdata.GroundTruth;

/**
 * Accuracy of one localizer at several score thresholds, from one run: each query's candidate matrices are localized
 * once with every segment kept, their ends read as a check reads them ({@link CopyDetector#withEnds}), then scored
 * keeping only segments at or above each threshold. This is how an
 * operator (or the project, on a validation benchmark from the training split) chooses the threshold to run with.
 */
public final class ThresholdSweep {

    public static final String REPORT_JSON = "thresholds.json";
    public static final String REPORT_MARKDOWN = "thresholds.md";

    private ThresholdSweep() {
    }

    public record Point(double minScore, Evaluation.Metrics overall) {
    }

    public record Report(String benchmark, String localizer, int queries, int refused, List<Point> points) {
    }

    /**
     * @param localizer reporting every segment it finds, whatever its score (the thresholds are applied here)
     * @param store     an existing store of the benchmark's references, or null to index them into {@code out/store}
     */
    public static Report run(Path benchmark, Path store, Path out, CopyDetector detector, String name,
                             Localizer localizer, List<Double> thresholds, Consumer<String> log) throws IOException {
        GroundTruth truth = GroundTruth.read(benchmark);
        LocalizeBench.Candidates candidates = LocalizeBench.candidates(benchmark, store, out, detector, log);
        Map<String, Path> files = new HashMap<>();
        truth.queries().forEach(query -> files.put(query.id(), benchmark.resolve(query.file())));
        List<CheckResult> results = new ArrayList<>();
        try (FrameStore opened = detector.openStoreForReading(candidates.store())) {
            for (int q = 0; q < candidates.queries().size(); q++) {
                String query = candidates.queries().get(q);
                CheckResult found = CopyDetector.localize(localizer, query, candidates.matrices().get(q));
                try {
                    results.add(detector.withEnds(opened, files.get(query), found));
                } catch (IngestException e) { // decoded once already: only a file changed since would get here
                    log.accept("query " + query + " refused on its second pass: " + e.getMessage());
                    results.add(found);
                }
            }
        }
        List<Point> points = new ArrayList<>();
        for (double threshold : thresholds) {
            Map<String, List<SegmentAp.Prediction>> predictions = new HashMap<>();
            for (CheckResult result : results) {
                predictions.put(result.query(), BenchRunner.predictions(result).stream()
                        .filter(p -> p.score() >= threshold).toList());
            }
            points.add(new Point(threshold, Evaluation.evaluate(truth, predictions).overall()));
        }
        Report report = new Report(benchmark.toAbsolutePath().normalize().toString(), name,
                candidates.queries().size(), candidates.refused(), points);
        Files.createDirectories(out);
        Files.writeString(out.resolve(REPORT_JSON),
                Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n");
        Files.writeString(out.resolve(REPORT_MARKDOWN), markdown(report));
        return report;
    }

    public static String markdown(Report report) {
        StringBuilder md = new StringBuilder("# Score thresholds: ").append(report.localizer()).append("\n\n");
        md.append("- benchmark: `").append(report.benchmark()).append("`, ").append(report.queries())
                .append(" queries (").append(report.refused()).append(" refused)\n\n");
        md.append("| min score | precision | recall | F1 | false rejection | false alarm | segment AP |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Point p : report.points()) {
            Evaluation.Metrics m = p.overall();
            md.append(String.format(Locale.ROOT, "| %.2f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |%n", p.minScore(),
                    m.precision(), m.recall(), m.f1(), m.falseRejection(), m.falseAlarm(), m.segmentAp()));
        }
        return md.toString();
    }
}
