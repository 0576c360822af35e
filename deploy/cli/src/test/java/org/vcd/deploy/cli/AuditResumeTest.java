package org.vcd.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vcd.deploy.cli.AuditFixture.results;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcd.deploy.cli.audit.AuditOutputs;
import org.vcd.deploy.cli.audit.Journal;
import org.vcd.testdata.CopyFixture;

/** An audit in its own JVM, stopped part way (killed, or asked to stop), then run again to the end. */
class AuditResumeTest {

    private static final int INPUTS = 8;

    @TempDir
    static Path shared;
    private static Path store;
    private static Path archive;

    @TempDir
    Path work;

    @BeforeAll
    static void generate() throws IOException {
        CopyFixture fixture = AuditFixture.videos();
        store = AuditFixture.store(shared.resolve("store"), fixture.reference());
        archive = Files.createDirectories(shared.resolve("archive"));
        for (int i = 0; i < INPUTS; i++) {
            Files.copy(i % 2 == 0 ? fixture.copy() : fixture.unrelated(), archive.resolve("upload-" + i + ".mp4"));
        }
    }

    /** Starts an audit of the archive in a new JVM, one worker, and waits until the journal holds a finished input. */
    private Process startAndWaitForAFinishedInput(Path out) throws Exception {
        Process process = new ProcessBuilder(AuditFixture.javaVcd("audit", "--store", store.toString(), "--out",
                out.toString(), "--workers", "1", archive.toString()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(work.resolve("stderr.txt").toFile())
                .start();
        Path journal = out.resolve(Journal.FILE);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (finished(journal) < 1) {
            assertTrue(process.isAlive(), "the audit ended early: " + Files.readString(work.resolve("stderr.txt")));
            assertTrue(System.nanoTime() < deadline, "no input finished within 2 minutes");
            Thread.sleep(20);
        }
        return process;
    }

    /** Complete entry lines in the journal (the first line is its header). */
    private static long finished(Path journal) throws IOException {
        if (!Files.exists(journal)) {
            return 0;
        }
        String text = Files.readString(journal);
        return Math.max(0, text.chars().filter(c -> c == '\n').count() - 1);
    }

    private static Set<String> queries(List<JsonNode> lines) {
        return lines.stream().map(l -> l.get("query").asText()).collect(Collectors.toSet());
    }

    @Test
    void aKilledAuditRerunEndsWithExactlyOneResultPerInputAndChecksNothingTwice() throws Exception {
        Path out = work.resolve("out");
        Process process = startAndWaitForAFinishedInput(out);
        process.destroyForcibly(); // SIGKILL: no shutdown hook, possibly half a journal line
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        long before = finished(out.resolve(Journal.FILE));
        assertTrue(before >= 1 && before < INPUTS, "killed part way: " + before + " of " + INPUTS + " finished");

        CliRun rerun = CliRun.vcd("audit", "--store", store.toString(), "--out", out.toString(),
                "--workers", "2", archive.toString());
        assertEquals(0, rerun.exit(), rerun.err());
        assertTrue(rerun.err().contains(INPUTS + " inputs, " + before + " already finished, " + (INPUTS - before)
                + " to check"), rerun.err());

        List<JsonNode> results = results(out);
        assertEquals(INPUTS, results.size());
        assertEquals(INPUTS, queries(results).size(), "one line per input");
        assertTrue(results.stream().allMatch(r -> r.get("error").isNull()), results.toString());
        assertEquals(INPUTS / 2, results.stream().filter(r -> r.get("matches").size() == 1).count(),
                "every copy matched, nothing else");
        List<JsonNode> journal = AuditFixture.lines(out.resolve(Journal.FILE));
        assertEquals(INPUTS + 1, journal.size(), "header plus each input exactly once: nothing was checked twice");
        JsonNode summary = AuditFixture.JSON.readTree(out.resolve(AuditOutputs.SUMMARY_JSON).toFile());
        assertTrue(summary.get("complete").asBoolean());
    }

    @Test
    void anAuditAskedToStopWritesItsOutputsFromWhatFinishedAndIsResumable() throws Exception {
        Path out = work.resolve("out");
        Process process = startAndWaitForAFinishedInput(out);
        // SIGTERM runs the same shutdown hook as Ctrl-C's SIGINT.
        process.destroy();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the audit did not stop");
        assertEquals(128 + 15, process.exitValue());
        String err = Files.readString(work.resolve("stderr.txt"));
        assertTrue(err.contains("interrupted;"), err);

        long kept = finished(out.resolve(Journal.FILE));
        List<JsonNode> partial = results(out);
        assertEquals(kept, partial.size(), "the outputs hold every finished input");
        JsonNode summary = AuditFixture.JSON.readTree(out.resolve(AuditOutputs.SUMMARY_JSON).toFile());
        assertFalse(summary.get("complete").asBoolean());
        assertTrue(summary.get("run").get("interrupted").asBoolean());
        assertTrue(Files.readString(out.resolve(AuditOutputs.REPORT_HTML)).contains("The audit is not complete"));

        CliRun rerun = CliRun.vcd("audit", "--store", store.toString(), "--out", out.toString(),
                archive.toString());
        assertEquals(0, rerun.exit(), rerun.err());
        assertEquals(INPUTS, queries(results(out)).size());
        assertEquals(INPUTS, results(out).size());
    }
}
