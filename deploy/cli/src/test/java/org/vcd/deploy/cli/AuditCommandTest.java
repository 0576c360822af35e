package org.vcd.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vcd.deploy.cli.AuditFixture.results;
import static org.vcd.deploy.cli.CliRun.vcd;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcd.deploy.cli.audit.AuditOutputs;
import org.vcd.deploy.cli.audit.Journal;
import org.vcd.testdata.CopiedSegment;
import org.vcd.testdata.CopyFixture;
import org.vcd.testdata.LoopbackHttp;

/** {@code vcd audit} on generated videos mixed with broken and non-video files. */
class AuditCommandTest {

    private static final double TOLERANCE = 1.5;

    @TempDir
    static Path shared;
    private static CopyFixture fixture;
    private static Path store;
    private static LoopbackHttp server;

    @TempDir
    Path work;

    @BeforeAll
    static void generate() throws IOException {
        fixture = AuditFixture.videos();
        store = AuditFixture.store(shared.resolve("store"), fixture.reference());
        server = LoopbackHttp.start().serve("/uploads/served.mp4", "video/mp4", Files.readAllBytes(fixture.copy()))
                .status("/uploads/gone.mp4", 404);
    }

    @AfterAll
    static void stopServing() {
        server.close();
    }

    /**
     * A folder of two good videos and three broken ones, and in a list a text file, a missing file, the copy served
     * over http and a URL that answers 404.
     */
    private List<String> mixedInputs() throws IOException {
        Path folder = Files.createDirectories(work.resolve("archive/batch"));
        Files.copy(fixture.copy(), folder.resolve("copy.mp4"));
        Files.copy(fixture.unrelated(), work.resolve("archive/unrelated.mp4"));
        Files.createFile(folder.resolve("empty.mp4"));
        Files.writeString(folder.resolve("text.mp4"), "not a video at all\n".repeat(50));
        byte[] reference = Files.readAllBytes(fixture.reference());
        Files.write(folder.resolve("cut.mp4"), Arrays.copyOf(reference, reference.length / 2));
        Files.writeString(folder.resolve("notes.txt"), "taken only because it is named");
        Files.writeString(work.resolve("list.txt"), "# more\narchive/batch/notes.txt\nmissing.mp4\n"
                + server.url("/uploads/served.mp4") + "\n" + server.url("/uploads/gone.mp4") + "\n");
        return List.of("--store", store.toString(), "--out", work.resolve("out").toString(), "--workers", "2",
                work.resolve("archive").toString(), "--list", work.resolve("list.txt").toString());
    }

    private static String[] args(List<String> base, String... more) {
        String[] all = base.toArray(new String[0]);
        String[] joined = Arrays.copyOf(all, all.length + more.length + 1);
        joined[0] = "audit";
        System.arraycopy(all, 0, joined, 1, all.length);
        System.arraycopy(more, 0, joined, all.length + 1, more.length);
        return joined;
    }

    private static Map<String, JsonNode> byFileName(List<JsonNode> results) {
        Map<String, JsonNode> byName = new HashMap<>();
        for (JsonNode result : results) {
            String query = result.get("query").asText();
            assertTrue(byName.put(query.substring(query.lastIndexOf('/') + 1), result) == null, "twice: " + query);
        }
        return byName;
    }

    @Test
    void everyInputGetsOneLineErrorsAreRecordedAndTheCopyIsLocated() throws IOException {
        List<String> base = mixedInputs();
        CliRun run = vcd(args(base));
        assertEquals(0, run.exit(), run.err());
        Path out = work.resolve("out");
        Map<String, JsonNode> results = byFileName(results(out));
        assertEquals(9, results.size(), results.keySet().toString());

        JsonNode copy = results.get("copy.mp4");
        // The copy is found alike as a file and through its URL (downloaded, checked, its evidence drawn).
        for (JsonNode found : List.of(copy, results.get("served.mp4"))) {
            assertTrue(found.get("error").isNull(), found.toString());
            assertEquals(26.0, found.get("duration_seconds").asDouble(), 0.5);
            JsonNode match = found.get("matches").get(0);
            assertEquals("reference", match.get("reference").asText());
            CopiedSegment truth = fixture.groundTruth().get(0);
            JsonNode segment = match.get("segments").get(0);
            assertEquals(truth.queryStart(), segment.get("query_start").asDouble(), TOLERANCE, found.toString());
            assertEquals(truth.queryEnd(), segment.get("query_end").asDouble(), TOLERANCE, found.toString());
            assertEquals(truth.referenceStart(), segment.get("reference_start").asDouble(), TOLERANCE,
                    found.toString());
            assertEquals(truth.referenceEnd(), segment.get("reference_end").asDouble(), TOLERANCE, found.toString());
            assertEquals("decoded", segment.get("query_view").asText(), found.toString());
        }
        assertEquals(server.url("/uploads/served.mp4").toString(), results.get("served.mp4").get("query").asText());

        JsonNode unrelated = results.get("unrelated.mp4");
        assertTrue(unrelated.get("error").isNull(), unrelated.toString());
        assertEquals(0, unrelated.get("matches").size(), unrelated.toString());

        Map<String, String> expectedErrors = Map.of("empty.mp4", "empty file", "text.mp4", "not a readable video",
                "cut.mp4", "not a readable video", "notes.txt", "not a readable video", "missing.mp4",
                "no such file", "gone.mp4", "HTTP 404");
        expectedErrors.forEach((name, words) -> {
            JsonNode failed = results.get(name);
            assertNotNull(failed, name);
            assertTrue(failed.get("error").asText().contains(words), failed.toString());
            assertEquals(0, failed.get("matches").size());
        });
        assertEquals(6, run.err().lines().filter(l -> l.startsWith("vcd: error: failed ")).count(), run.err());

        List<String> csv = Files.readAllLines(out.resolve(AuditOutputs.RESULTS_CSV));
        assertEquals(3, csv.size(), csv.toString());
        assertTrue(csv.stream().anyMatch(row -> row.startsWith(copy.get("query").asText() + ",reference,")),
                csv.toString());

        JsonNode summary = AuditFixture.JSON.readTree(out.resolve(AuditOutputs.SUMMARY_JSON).toFile());
        assertEquals(9, summary.get("inputs").asInt());
        assertEquals(6, summary.get("failed").asInt());
        assertEquals(2, summary.get("with_matches").asInt());
        assertEquals(3, summary.get("errors_by_reason").get("NOT_A_VIDEO").asInt());
        assertEquals(1, summary.get("errors_by_reason").get("DOWNLOAD_FAILED").asInt());
        assertTrue(summary.get("complete").asBoolean());
        assertEquals((26.0 + 26.0 + 20.0) / 3600, summary.get("video_hours").asDouble(), 1.0 / 3600);

        // The evidence: a heat map that decodes, and frames of both videos.
        String html = Files.readString(out.resolve(AuditOutputs.REPORT_HTML));
        assertTrue(html.contains("class=\"heatmap\"") && html.contains("class=\"thumbnail\""));
        assertTrue(html.contains("found in the query&#39;s frame as decoded"), "the view that found the copy");
        assertFalse(html.contains("picture missing"), "every picture drawn");
        try (var files = Files.walk(out.resolve("evidence"))) {
            List<Path> pngs = files.filter(p -> p.toString().endsWith("heatmap.png")).toList();
            assertEquals(2, pngs.size(), "the file's and the URL's");
            BufferedImage heatMap = ImageIO.read(pngs.get(0).toFile());
            assertTrue(heatMap.getWidth() > 40 && heatMap.getHeight() > 20);
        }
    }

    @Test
    void aRerunSkipsFinishedInputsRetriesFailuresOnlyWhenAskedAndRefiltersWithoutChecking() throws IOException {
        List<String> base = mixedInputs();
        Path out = work.resolve("out");
        assertEquals(0, vcd(args(base)).exit());
        Path journal = out.resolve(Journal.FILE);
        long lines = Files.lines(journal).count();
        String results = Files.readString(out.resolve(AuditOutputs.RESULTS_JSONL));

        CliRun again = vcd(args(base));
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.err().contains("9 inputs, 9 already finished, 0 to check"), again.err());
        assertEquals(lines, Files.lines(journal).count(), "nothing checked twice");
        assertEquals(results, Files.readString(out.resolve(AuditOutputs.RESULTS_JSONL)));

        CliRun retry = vcd(args(base, "--retry-failed"));
        assertEquals(0, retry.exit(), retry.err());
        assertTrue(retry.err().contains("9 inputs, 3 already finished, 6 to check"), retry.err());
        assertEquals(lines + 6, Files.lines(journal).count());
        assertEquals(9, results(out).size(), "still one line per input");

        // Longer than any copy of the fixture: every segment is filtered out.
        CliRun strict = vcd(args(base, "--min-duration", "1000"));
        assertEquals(0, strict.exit(), strict.err());
        assertEquals(lines + 6, Files.lines(journal).count(), "filters apply to outputs, not to checking");
        Map<String, JsonNode> filtered = byFileName(results(out));
        assertEquals(0, filtered.get("copy.mp4").get("matches").size());
        assertEquals(1, Files.readAllLines(out.resolve(AuditOutputs.RESULTS_CSV)).size(), "header only");
    }

    @Test
    void aReferenceFileThatIsGoneIsSaidInTheReport() throws IOException {
        Path library = Files.createDirectories(work.resolve("library"));
        Path moved = Files.copy(fixture.reference(), library.resolve("reference.mp4"));
        Path ownStore = AuditFixture.store(work.resolve("store"), moved);
        Files.delete(moved);
        Path out = work.resolve("out");
        CliRun run = vcd("audit", "--store", ownStore.toString(), "--out", out.toString(),
                fixture.copy().toString());
        assertEquals(0, run.exit(), run.err());
        String html = Files.readString(out.resolve(AuditOutputs.REPORT_HTML));
        assertTrue(html.contains("the reference file is no longer at " + moved), "note in the report");
        assertTrue(html.contains("class=\"heatmap\""), "the heat map needs no file");
        assertEquals(1, results(out).get(0).get("matches").size());
    }

    @Test
    void refusesToRunWithoutAStoreInputsOrAUsableOutputFolder() throws IOException {
        Path video = fixture.copy();
        Path out = work.resolve("out");
        CliRun noStore = vcd("audit", "--store", work.resolve("nowhere").toString(), "--out",
                out.toString(), video.toString());
        assertEquals(3, noStore.exit(), noStore.err());
        assertFalse(Files.exists(out), "nothing written when the audit cannot run");

        assertEquals(2, vcd("audit", "--store", store.toString(), "--out", out.toString()).exit());
        assertEquals(2, vcd("audit", "--store", store.toString(), "--out", out.toString(), "--min-score", "2",
                video.toString()).exit());
        assertEquals(2, vcd("audit", "--store", store.toString(), "--out", out.toString(), "--list",
                work.resolve("no-list.txt").toString()).exit());

        Path file = Files.writeString(work.resolve("a-file"), "x");
        CliRun unwritable = vcd("audit", "--store", store.toString(), "--out", file.toString(),
                video.toString());
        assertEquals(4, unwritable.exit(), unwritable.err());
        assertEquals(1, unwritable.err().lines().count(), unwritable.err());

        Path otherStore = AuditFixture.store(work.resolve("other-store"), fixture.unrelated());
        assertEquals(0, vcd("audit", "--store", store.toString(), "--out", out.toString(), video.toString()).exit());
        CliRun mixed = vcd("audit", "--store", otherStore.toString(), "--out", out.toString(),
                video.toString());
        assertEquals(2, mixed.exit(), mixed.err());
        assertTrue(mixed.err().contains("holds an audit against another store"), mixed.err());
    }
}
