package org.vcd.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reports as Markdown: one report's tables, and two reports side by side. */
public final class ReportMarkdown {

    private ReportMarkdown() {
    }

    private static final String ACCURACY_HEADER = "| set | queries | positive pairs | negative pairs | precision | recall "
            + "| F1 | false rejection | false alarm | segment AP | boundary error (s) | start bias (s) |\n"
            + "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";

    public static String render(Report report) {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark report\n\n");
        md.append("- benchmark: `").append(report.benchmark()).append("` (").append(report.generator()).append(")\n");
        md.append("- pipeline: `").append(report.pipeline()).append("`\n");
        md.append(String.format(Locale.ROOT, "- %d references, %d queries, %d refused%n%n", report.references(),
                report.queries(), report.failures()));
        md.append("## Accuracy\n\n").append(ACCURACY_HEADER);
        md.append(accuracyRow("all", report.overall()));
        report.byKind().forEach((kind, metrics) -> md.append(accuracyRow(kind, metrics)));
        Evaluation.Negatives negatives = report.negatives();
        md.append("\n## Queries without copies\n\n| negative | queries | matched a reference |\n|---|---:|---:|\n");
        md.append(String.format(Locale.ROOT, "| filler only | %d | %d |%n| near-duplicate footage | %d | %d |%n",
                negatives.fillerQueries(), negatives.fillerFalseAlarms(), negatives.nearDuplicateQueries(),
                negatives.nearDuplicateFalseAlarms()));
        Evaluation.Sound sound = report.sound();
        if (sound != null) {
            md.append("\n## By what became of the copies' sound\n\n").append(ACCURACY_HEADER);
            sound.byAudio().forEach((group, metrics) -> md.append(accuracyRow(group, metrics)));
            Evaluation.MusicOnly music = sound.musicOnly();
            md.append("\n## Music-only negatives (scored apart: unrelated pictures, a reference's sound)\n\n"
                    + "| queries | matched anything | matched the sound's reference there | matched another reference |\n"
                    + "|---:|---:|---:|---:|\n");
            md.append(String.format(Locale.ROOT, "| %d | %d | %d | %d |%n", music.queries(), music.matched(),
                    music.matchedTheirReference(), music.matchedOtherReferences()));
        }
        Report.Cost cost = report.cost();
        md.append("\n## Cost\n\n| ingest speed (video s / s) | plain decode speed | ingest / decode "
                + "| query latency p50 (s) | p95 (s) | store bytes per video hour |\n|---:|---:|---:|---:|---:|---:|\n");
        md.append(String.format(Locale.ROOT, "| %.1f | %.1f | %.2f | %.2f | %.2f | %s |%n", cost.ingestSpeed(),
                cost.plainDecodeSpeed(), cost.ingestToDecodeRatio(), cost.queryLatencyP50(), cost.queryLatencyP95(),
                bytes(cost.storedBytesPerVideoHour())));
        return md.toString();
    }

    private static String accuracyRow(String set, Evaluation.Metrics m) {
        return String.format(Locale.ROOT, "| %s | %d | %d | %d | %s | %s | %s | %s | %s | %s | %s | %s |%n", set,
                m.queries(), m.positivePairs(), m.negativePairs(), number(m.precision()), number(m.recall()),
                number(m.f1()), number(m.falseRejection()), number(m.falseAlarm()), number(m.segmentAp()),
                number(m.boundaryError()), signed(m.startBias()));
    }

    /** Two reports side by side, metric by metric, with the difference B - A. */
    public static String compare(String nameA, Report a, String nameB, Report b) {
        Map<String, Double> rowsA = rows(a);
        Map<String, Double> rowsB = rows(b);
        List<String> names = new ArrayList<>(rowsA.keySet());
        rowsB.keySet().stream().filter(k -> !rowsA.containsKey(k)).forEach(names::add);
        StringBuilder md = new StringBuilder();
        md.append("| metric | A: ").append(nameA).append(" | B: ").append(nameB).append(" | B - A |\n");
        md.append("|---|---:|---:|---:|\n");
        md.append("| pipeline | ").append(a.pipeline()).append(" | ").append(b.pipeline()).append(" | |\n");
        md.append("| benchmark | ").append(a.generator()).append(" | ").append(b.generator()).append(" | |\n");
        for (String name : names) {
            Double va = rowsA.get(name);
            Double vb = rowsB.get(name);
            md.append("| ").append(name).append(" | ").append(va == null ? "" : number(va)).append(" | ")
                    .append(vb == null ? "" : number(vb)).append(" | ")
                    .append(va == null || vb == null ? "" : signed(vb - va)).append(" |\n");
        }
        return md.toString();
    }

    private static Map<String, Double> rows(Report report) {
        Map<String, Double> rows = new LinkedHashMap<>();
        Evaluation.Metrics m = report.overall();
        rows.put("precision", m.precision());
        rows.put("recall", m.recall());
        rows.put("F1", m.f1());
        rows.put("false rejection", m.falseRejection());
        rows.put("false alarm", m.falseAlarm());
        rows.put("segment AP", m.segmentAp());
        rows.put("boundary error (s)", m.boundaryError());
        rows.put("query start bias (s)", m.startBias());
        Evaluation.Negatives n = report.negatives();
        rows.put("filler-only queries matched", (double) n.fillerFalseAlarms());
        rows.put("near-duplicate queries matched", (double) n.nearDuplicateFalseAlarms());
        Report.Cost c = report.cost();
        rows.put("ingest speed (video s / s)", c.ingestSpeed());
        rows.put("ingest / plain decode", c.ingestToDecodeRatio());
        rows.put("query latency p50 (s)", c.queryLatencyP50());
        rows.put("query latency p95 (s)", c.queryLatencyP95());
        rows.put("store MB per video hour", c.storedBytesPerVideoHour() / 1e6);
        if (report.sound() != null) {
            report.sound().byAudio().forEach((group, g) -> {
                rows.put("sound " + group + ": F1", g.f1());
                rows.put("sound " + group + ": recall", g.recall());
            });
            Evaluation.MusicOnly music = report.sound().musicOnly();
            rows.put("music-only queries matched", (double) music.matched());
            rows.put("music-only matched the sound's reference", (double) music.matchedTheirReference());
            rows.put("music-only matched another reference", (double) music.matchedOtherReferences());
        }
        report.byKind().forEach((kind, k) -> {
            rows.put(kind + ": F1", k.f1());
            rows.put(kind + ": recall", k.recall());
            rows.put(kind + ": segment AP", k.segmentAp());
        });
        return rows;
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String signed(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%+.3f", v);
    }

    private static String bytes(double v) {
        return String.format(Locale.ROOT, "%.1f MB", v / 1e6);
    }
}
