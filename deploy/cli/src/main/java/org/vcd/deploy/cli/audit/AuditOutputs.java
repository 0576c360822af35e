package org.vcd.deploy.cli.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.vcd.deploy.Json;
import org.vcd.deploy.MatchedSegment;
import org.vcd.domain.Segment;

/**
 * Writes what an audit found, all rebuilt from the journal (so they are whole after any interruption):
 * {@code results.jsonl} (one line per input: the {@code vcd check} JSON with the duration and an error field),
 * {@code results.csv} (one row per kept segment), {@code summary.json} and {@code report.html}. Each file is
 * written beside its final name and renamed over it, so a reader never sees half a file.
 */
public final class AuditOutputs {

    public static final String RESULTS_JSONL = "results.jsonl";
    public static final String RESULTS_CSV = "results.csv";
    public static final String SUMMARY_JSON = "summary.json";
    public static final String REPORT_HTML = "report.html";

    static final String CSV_HEADER = "query,reference,match_score,query_start,query_end,reference_start,"
            + "reference_end,segment_score";

    /** One line of results.jsonl: the check's JSON (filtered), the video's duration, and why it failed. */
    record ResultLine(String query, List<AuditedMatch> matches, Double durationSeconds, String error) {
    }

    /**
     * What this run did (a rerun counts only its own inputs).
     *
     * @param interrupted stopped before every input was checked: Ctrl-C, a signal, or a journal that could not be
     *                    written
     */
    public record RunStats(int workers, int checked, double wallSeconds, double videoHours, boolean interrupted) {

        /** The throughput figure: hours of video checked per hour on the wall clock. */
        public double videoHoursPerWallHour() {
            return wallSeconds > 0 ? videoHours * 3600 / wallSeconds : 0;
        }
    }

    /** The whole audit (every input the journal holds) and this run. */
    record Summary(String store, boolean complete, int inputs, int checked, int failed, int withMatches, int matches,
                   int segments, double videoHours, Map<String, Integer> errorsByReason, Filters filters,
                   RunSummary run) {
    }

    record RunSummary(int workers, int checked, double wallSeconds, double videoHours, double videoHoursPerWallHour,
                      boolean interrupted) {
    }

    private AuditOutputs() {
    }

    /**
     * @param complete every input of this run is in the journal (not interrupted, nothing left unrecorded)
     * @return the summary written to summary.json
     */
    public static String write(Path out, List<JournalEntry> journal, String store, Filters filters, RunStats run,
                               boolean complete) throws IOException {
        List<JournalEntry> entries = journal.stream().sorted(Comparator.comparing(JournalEntry::query)).toList();
        StringBuilder jsonl = new StringBuilder();
        StringBuilder csv = new StringBuilder(CSV_HEADER).append('\n');
        int failed = 0;
        int withMatches = 0;
        int matches = 0;
        int segments = 0;
        double videoSeconds = 0;
        Map<String, Integer> errors = new TreeMap<>();
        for (JournalEntry entry : entries) {
            List<AuditedMatch> kept = filters.apply(entry.matches());
            jsonl.append(Json.line(new ResultLine(entry.query(), kept, entry.durationSeconds(), entry.error())))
                    .append('\n');
            if (entry.failed()) {
                failed++;
                errors.merge(entry.errorReason() == null ? Audit.INTERNAL : entry.errorReason(), 1, Integer::sum);
                continue;
            }
            videoSeconds += entry.durationSeconds() == null ? 0 : entry.durationSeconds();
            withMatches += kept.isEmpty() ? 0 : 1;
            matches += kept.size();
            for (AuditedMatch match : kept) {
                for (Segment s : match.segments().stream().map(MatchedSegment::segment).toList()) {
                    segments++;
                    csv.append(csvField(entry.query())).append(',').append(csvField(match.reference()))
                            .append(String.format(Locale.ROOT, ",%.4f,%.3f,%.3f,%.3f,%.3f,%.4f%n", match.score(),
                                    s.queryStart(), s.queryEnd(), s.referenceStart(), s.referenceEnd(), s.score()));
                }
            }
        }
        Summary summary = new Summary(store, complete, entries.size(), entries.size() - failed, failed, withMatches,
                matches, segments, videoSeconds / 3600, errors, filters,
                new RunSummary(run.workers(), run.checked(), run.wallSeconds(), run.videoHours(),
                        run.videoHoursPerWallHour(), run.interrupted()));
        String summaryJson = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(summary);
        replace(out.resolve(RESULTS_JSONL), jsonl.toString());
        replace(out.resolve(RESULTS_CSV), csv.toString());
        replace(out.resolve(SUMMARY_JSON), summaryJson + "\n");
        replace(out.resolve(REPORT_HTML), HtmlReport.render(out, entries, filters, summary));
        return summaryJson;
    }

    /** RFC 4180: quoted when it holds a comma, quote or line break, quotes doubled. */
    static String csvField(String value) {
        if (value.chars().anyMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r')) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }

    private static void replace(Path target, String content) throws IOException {
        Path partial = target.resolveSibling("." + target.getFileName() + ".partial");
        Files.writeString(partial, content, StandardCharsets.UTF_8);
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
