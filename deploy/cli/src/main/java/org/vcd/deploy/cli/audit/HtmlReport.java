package org.vcd.deploy.cli.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.vcd.deploy.MatchedSegment;
import org.vcd.domain.Segment;

/**
 * report.html: one self-contained page (pictures inlined as data: URIs, no scripts, no network) with the audit's
 * totals and, for every input with matches, its segments, scores, query and reference frames side by side and
 * the similarity heat map. The inputs with the strongest matches come first; past {@link #DETAILED_INPUTS}
 * inputs the page lists the rest without pictures, so a huge audit still gives a page a browser can open.
 */
final class HtmlReport {

    static final int DETAILED_INPUTS = 200;

    private static final String STYLE = """
            body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:1200px}
            table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left}
            th{background:#f3f3f3}.num{text-align:right;font-variant-numeric:tabular-nums}
            section.input{border-top:2px solid #888;margin-top:2em}
            .pairs{display:flex;flex-wrap:wrap;gap:.75em}.pair{display:flex;gap:2px;align-items:flex-start}
            figure{margin:0}figcaption{font-size:.8em;color:#555}.note{color:#a40}
            .match{display:flex;flex-wrap:wrap;gap:1.5em;align-items:flex-start}
            img.heatmap{image-rendering:pixelated;border:1px solid #888;width:360px;max-height:480px;object-fit:contain}
            """;

    private HtmlReport() {
    }

    static String render(Path out, List<JournalEntry> entries, Filters filters, AuditOutputs.Summary summary)
            throws IOException {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>vcd audit report</title><style>").append(STYLE).append("</style></head><body>\n");
        html.append("<h1>vcd audit report</h1>\n<p>Store <code>").append(escape(summary.store()))
                .append("</code>, written ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(". ")
                .append(summary.complete() ? "The audit is complete."
                        : "<strong>The audit is not complete</strong>: rerun the same command to continue.")
                .append("</p>\n");
        totals(html, summary);
        html.append("<p>Filters: segments scoring at least ").append(number(filters.minSegmentScore(), 2))
                .append(", at least ").append(number(filters.minSegmentSeconds(), 1))
                .append(" s long on the query; ")
                .append(filters.topReferences() > 0 ? "the best " + filters.topReferences() + " references"
                        : "every reference")
                .append(" per input.</p>\n");

        record Found(JournalEntry entry, List<AuditedMatch> kept) {
        }
        List<Found> found = new ArrayList<>();
        List<JournalEntry> failed = new ArrayList<>();
        List<JournalEntry> clean = new ArrayList<>();
        for (JournalEntry entry : entries) {
            List<AuditedMatch> kept = filters.apply(entry.matches());
            if (entry.failed()) {
                failed.add(entry);
            } else if (kept.isEmpty()) {
                clean.add(entry);
            } else {
                found.add(new Found(entry, kept));
            }
        }
        found.sort(Comparator.comparingDouble((Found f) -> f.kept().get(0).score()).reversed());

        html.append("<h2>Inputs with matches (").append(found.size()).append(")</h2>\n");
        for (int i = 0; i < found.size() && i < DETAILED_INPUTS; i++) {
            input(html, out, found.get(i).entry(), found.get(i).kept());
        }
        if (found.size() > DETAILED_INPUTS) {
            html.append("<h3>Further inputs with matches (no pictures)</h3>\n<table><tr><th>input</th>")
                    .append("<th>best reference</th><th>score</th></tr>\n");
            for (Found f : found.subList(DETAILED_INPUTS, found.size())) {
                html.append("<tr><td>").append(escape(f.entry().query())).append("</td><td>")
                        .append(escape(f.kept().get(0).reference())).append("</td><td class=\"num\">")
                        .append(number(f.kept().get(0).score(), 3)).append("</td></tr>\n");
            }
            html.append("</table>\n");
        }

        html.append("<h2>Inputs that could not be checked (").append(failed.size()).append(")</h2>\n");
        if (!failed.isEmpty()) {
            html.append("<table><tr><th>input</th><th>reason</th><th>error</th></tr>\n");
            for (JournalEntry entry : failed) {
                html.append("<tr><td>").append(escape(entry.query())).append("</td><td>")
                        .append(escape(String.valueOf(entry.errorReason()))).append("</td><td>")
                        .append(escape(entry.error())).append("</td></tr>\n");
            }
            html.append("</table>\n");
        }

        html.append("<h2>Inputs without matches (").append(clean.size()).append(")</h2>\n");
        if (!clean.isEmpty()) {
            html.append("<details><summary>list</summary><ul>\n");
            for (JournalEntry entry : clean) {
                html.append("<li>").append(escape(entry.query())).append("</li>\n");
            }
            html.append("</ul></details>\n");
        }
        return html.append("</body></html>\n").toString();
    }

    private static void totals(StringBuilder html, AuditOutputs.Summary s) {
        AuditOutputs.RunSummary run = s.run();
        html.append("<table>\n");
        row(html, "inputs", Integer.toString(s.inputs()));
        row(html, "checked", Integer.toString(s.checked()));
        row(html, "could not be checked", Integer.toString(s.failed()));
        row(html, "inputs with matches", Integer.toString(s.withMatches()));
        row(html, "matched references", Integer.toString(s.matches()));
        row(html, "copied segments", Integer.toString(s.segments()));
        row(html, "hours of video checked", number(s.videoHours(), 2));
        row(html, "this run", run.checked() + " inputs, " + number(run.videoHours(), 2) + " h of video in "
                + Progress.duration(Math.round(run.wallSeconds())) + " with " + run.workers() + " workers: "
                + number(run.videoHoursPerWallHour(), 1) + " video hours per wall hour"
                + (run.interrupted() ? " (interrupted)" : ""));
        html.append("</table>\n");
    }

    private static void row(StringBuilder html, String name, String value) {
        html.append("<tr><th>").append(escape(name)).append("</th><td class=\"num\">").append(escape(value))
                .append("</td></tr>\n");
    }

    private static void input(StringBuilder html, Path out, JournalEntry entry, List<AuditedMatch> kept)
            throws IOException {
        html.append("<section class=\"input\"><h3>").append(escape(entry.query())).append("</h3>\n<p>")
                .append(entry.durationSeconds() == null ? "duration unknown"
                        : number(entry.durationSeconds(), 1) + " s")
                .append(", ").append(kept.size()).append(kept.size() == 1 ? " reference" : " references")
                .append("</p>\n");
        for (AuditedMatch match : kept) {
            MatchEvidence evidence = entry.evidence().stream()
                    .filter(e -> e.reference().equals(match.reference())).findFirst().orElse(null);
            html.append("<h4>copies <code>").append(escape(match.reference())).append("</code>, score ")
                    .append(number(match.score(), 3)).append("</h4>\n");
            if (evidence != null && evidence.referenceSource() != null) {
                html.append("<p>reference file <code>").append(escape(evidence.referenceSource()))
                        .append("</code></p>\n");
            }
            if (evidence != null && evidence.note() != null) {
                html.append("<p class=\"note\">").append(escape(evidence.note())).append("</p>\n");
            }
            html.append("<div class=\"match\"><div><table><tr><th>query from</th><th>to</th>")
                    .append("<th>reference from</th><th>to</th><th>seconds</th><th>score</th><th>where</th></tr>\n");
            for (MatchedSegment matched : match.segments()) {
                Segment s = matched.segment();
                html.append("<tr><td class=\"num\">").append(clock(s.queryStart())).append("</td><td class=\"num\">")
                        .append(clock(s.queryEnd())).append("</td><td class=\"num\">").append(clock(s.referenceStart()))
                        .append("</td><td class=\"num\">").append(clock(s.referenceEnd()))
                        .append("</td><td class=\"num\">").append(number(s.queryDuration(), 1))
                        .append("</td><td class=\"num\">").append(number(s.score(), 3)).append("</td><td>")
                        .append(matched.whereFound() == null ? "" : escape(matched.whereFound()))
                        .append("</td></tr>\n");
            }
            html.append("</table>\n");
            if (evidence == null) {
                html.append("<p class=\"note\">no pictures were drawn for this match</p>\n");
            } else {
                thumbnails(html, out, evidence, match.segments());
            }
            html.append("</div>\n");
            if (evidence != null && evidence.heatMap() != null) {
                html.append("<figure>").append(image(out, evidence.heatMap(), "heatmap",
                                "similarity heat map of " + match.reference()))
                        .append("<figcaption>similarity: query time downwards, reference time to the right;")
                        .append(" boxes: every segment found</figcaption></figure>\n");
            }
            html.append("</div>\n");
        }
        html.append("</section>\n");
    }

    /**
     * Pairs inside a kept segment only: pictures of a filtered-out segment would contradict the table. A query frame
     * of a segment a region view found has that region outlined, and its caption says so.
     */
    private static void thumbnails(StringBuilder html, Path out, MatchEvidence evidence, List<MatchedSegment> kept)
            throws IOException {
        html.append("<div class=\"pairs\">\n");
        for (MatchEvidence.ThumbnailPair pair : evidence.thumbnails()) {
            MatchedSegment in = kept.stream().filter(s -> pair.queryTime() >= s.segment().queryStart()
                    && pair.queryTime() <= s.segment().queryEnd()).findFirst().orElse(null);
            if (in == null) {
                continue;
            }
            String outlined = in.queryRegion() == null ? "" : ", the copy's region outlined";
            html.append("<div class=\"pair\">")
                    .append(frame(out, pair.query(), "query at " + clock(pair.queryTime()) + outlined))
                    .append(frame(out, pair.reference(), "reference at " + clock(pair.referenceTime())))
                    .append("</div>\n");
        }
        html.append("</div>\n");
    }

    private static String frame(Path out, String file, String caption) throws IOException {
        return "<figure>" + (file == null ? "<p class=\"note\">no picture</p>" : image(out, file, "thumbnail", caption))
                + "<figcaption>" + escape(caption) + "</figcaption></figure>";
    }

    private static String image(Path out, String file, String cssClass, String alt) throws IOException {
        Path path = out.resolve(file);
        if (!Files.isRegularFile(path)) {
            return "<p class=\"note\">picture missing: " + escape(file) + "</p>";
        }
        String type = file.endsWith(".png") ? "image/png" : "image/jpeg";
        return "<img class=\"" + cssClass + "\" alt=\"" + escape(alt) + "\" src=\"data:" + type + ";base64,"
                + Base64.getEncoder().encodeToString(Files.readAllBytes(path)) + "\">";
    }

    /** Minutes and seconds to a tenth, as a player shows a position: 1:05.3. */
    static String clock(double seconds) {
        long tenths = Math.round(seconds * 10);
        long minutes = tenths / 600;
        double rest = (tenths % 600) / 10.0;
        return String.format(Locale.ROOT, "%d:%04.1f", minutes, rest);
    }

    private static String number(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
