package org.vcd.deploy.cli.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcd.deploy.CheckResult;
import org.vcd.ingest.HttpDownload;
import org.vcd.ingest.IngestException;
import org.vcd.testdata.LoopbackHttp;

/**
 * The worker pool's guarantees, with the pipeline replaced by a checker that fails on purpose in the ways real
 * files and bugs do (the real pipeline runs in AuditCommandTest); URLs are served by a real server on loopback.
 */
class AuditTest {

    private static final HttpDownload.Limits DOWNLOADS = new HttpDownload.Limits(1 << 20, Duration.ofSeconds(30),
            HttpDownload.Redirects.FOLLOW);

    @TempDir
    Path out;

    private final List<String> errorLines = Collections.synchronizedList(new ArrayList<>());

    private Audit audit(Audit.Checker checker, Journal journal, int workers, int inputs) {
        Progress progress = new Progress(inputs, 0, Filters.NONE, new PrintWriter(new StringWriter()), false,
                Duration.ofHours(1), System::nanoTime);
        return new Audit(checker, DOWNLOADS, id -> Optional.empty(), out, journal, workers, progress,
                errorLines::add);
    }

    private static List<AuditInput> inputs(int n) {
        List<AuditInput> inputs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            inputs.add(new AuditInput("/v/" + i + ".mp4", Path.of("/v/" + i + ".mp4"), 100));
        }
        return inputs;
    }

    @Test
    void aBugOrABadFileInOneInputIsThatInputsLineAndTheOthersGoOn() throws Exception {
        Audit.Checker checker = (file, name) -> switch (name) {
            case "/v/1.mp4" -> throw new IllegalStateException("a bug");
            case "/v/2.mp4" -> throw new IngestException(IngestException.Reason.TRUNCATED, "truncated video: 2.mp4");
            default -> new CheckResult(name, List.of());
        };
        List<AuditInput> inputs = inputs(6);
        try (Journal journal = Journal.open(out, "/store")) {
            audit(checker, journal, 3, inputs.size()).run(inputs);
            List<JournalEntry> entries = journal.entries();
            assertEquals(6, entries.size());
            JournalEntry bug = journal.entry("/v/1.mp4");
            assertEquals(Audit.INTERNAL, bug.errorReason());
            assertTrue(bug.error().contains("a bug"), bug.error());
            assertEquals("TRUNCATED", journal.entry("/v/2.mp4").errorReason());
            assertNull(journal.entry("/v/5.mp4").error());
        }
        assertEquals(2, errorLines.size(), errorLines.toString());
    }

    @Test
    void aUrlIsCheckedAsItsDownloadWhichIsGoneAfterwardsAndAFailedDownloadIsItsInputsLine() throws Exception {
        byte[] video = "stand-in for a video".getBytes(StandardCharsets.UTF_8);
        Map<String, Path> checkedFiles = new ConcurrentHashMap<>();
        Audit.Checker checker = (file, name) -> {
            try {
                assertArrayEquals(video, Files.readAllBytes(file), "the downloaded bytes, while they are checked");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            checkedFiles.put(name, file);
            return new CheckResult(name, List.of());
        };
        try (LoopbackHttp server = LoopbackHttp.start().serve("/clip.mp4", "video/mp4", video).status("/gone.mp4", 404);
             Journal journal = Journal.open(out, "/store")) {
            String served = server.url("/clip.mp4").toString();
            String gone = server.url("/gone.mp4").toString();
            String malformed = "http://bad host/x.mp4";
            List<AuditInput> inputs = List.of(AuditInput.url(served), AuditInput.url(gone), AuditInput.url(malformed));
            audit(checker, journal, 2, inputs.size()).run(inputs);

            assertNull(journal.entry(served).error());
            assertEquals(List.of(served), List.copyOf(checkedFiles.keySet()), "only the served URL reaches the check");
            assertFalse(Files.exists(checkedFiles.get(served)), "the download is deleted once checked");
            JournalEntry missing = journal.entry(gone);
            assertEquals("DOWNLOAD_FAILED", missing.errorReason());
            assertTrue(missing.error().contains("HTTP 404"), missing.error());
            assertEquals("DOWNLOAD_FAILED", journal.entry(malformed).errorReason());
        }
        assertEquals(2, errorLines.size(), errorLines.toString());
    }

    @Test
    void afterStopNoFurtherInputStartsAndAnInputFinishingAfterTheJournalClosedIsNotRecorded() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> checked = Collections.synchronizedList(new ArrayList<>());
        Audit.Checker checker = (file, name) -> {
            checked.add(name);
            if (name.equals("/v/0.mp4")) {
                started.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return new CheckResult(name, List.of());
        };
        Journal journal = Journal.open(out, "/store");
        Audit audit = audit(checker, journal, 1, 5);
        Thread runner = new Thread(() -> {
            try {
                audit.run(inputs(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        runner.start();
        assertTrue(started.await(30, TimeUnit.SECONDS));
        audit.stop(); // what Ctrl-C does first, then the journal is closed
        journal.close();
        release.countDown();
        runner.join(30_000);
        assertEquals(List.of("/v/0.mp4"), checked, "nothing started after stop");
        try (Journal reopened = Journal.open(out, "/store")) {
            assertEquals(List.of(), reopened.entries(), "the input finishing after the close is checked again");
            assertEquals(5, reopened.pending(inputs(5), false).size());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
