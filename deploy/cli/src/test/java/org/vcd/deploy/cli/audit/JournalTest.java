package org.vcd.deploy.cli.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcd.deploy.MatchedSegment;
import org.vcd.domain.Segment;
import org.vcd.ingest.QueryRegion;

class JournalTest {

    @TempDir
    Path out;

    private static final JournalEntry COPY = new JournalEntry("/v/copy.mp4", 26.0, null, null, List.of(
            new AuditedMatch("reference", 0.9, List.of(new MatchedSegment(new Segment(6, 21, 12, 27, 0.9),
                    MatchedSegment.View.REGION, new QueryRegion(0.5, 0.1, 0.45, 0.45))))), List.of(
            new MatchEvidence("reference", "evidence/x/match-0-heatmap.png", "/lib/reference.mp4", null, List.of(
                    new MatchEvidence.ThumbnailPair(7.5, 13.5, "evidence/x/query-0.jpg", null)))), 1.5);
    private static final JournalEntry BROKEN = JournalEntry.failure("/v/broken.mp4", "NOT_A_VIDEO",
            "not a readable video: broken.mp4", 0.1);

    private static AuditInput input(String name) {
        return new AuditInput(name, Path.of(name), 10);
    }

    @Test
    void entriesSurviveReopeningExactly() throws IOException {
        try (Journal journal = Journal.open(out, "/store")) {
            assertTrue(journal.append(COPY));
            assertTrue(journal.append(BROKEN));
        }
        try (Journal journal = Journal.open(out, "/elsewhere")) {
            assertEquals("/store", journal.store(), "the first run's store is kept");
            assertEquals(List.of(COPY, BROKEN), journal.entries());
            assertEquals(0, journal.unreadableLines());
        }
    }

    @Test
    void aTornLastLineIsDroppedAndTheNextLineStartsClean() throws IOException {
        try (Journal journal = Journal.open(out, "/store")) {
            journal.append(COPY);
        }
        Path file = out.resolve(Journal.FILE);
        String whole = Files.readString(file);
        // What a kill in the middle of a write leaves: part of a line, no newline.
        Files.writeString(file, "{\"query\":\"/v/broken.mp4\",\"duration_sec", StandardOpenOption.APPEND);
        try (Journal journal = Journal.open(out, "/store")) {
            assertEquals(List.of(COPY), journal.entries());
            assertEquals(whole, Files.readString(file), "the torn tail is cut off");
            journal.append(BROKEN);
        }
        try (Journal journal = Journal.open(out, "/store")) {
            assertEquals(List.of(COPY, BROKEN), journal.entries());
            assertEquals(0, journal.unreadableLines());
        }
    }

    @Test
    void aRetriedInputCountsByItsLastLineAndPendingSkipsFinishedOnes() throws IOException {
        JournalEntry fixed = new JournalEntry("/v/broken.mp4", 3.0, null, null, List.of(), List.of(), 0.2);
        List<AuditInput> inputs = List.of(input("/v/copy.mp4"), input("/v/broken.mp4"), input("/v/new.mp4"));
        try (Journal journal = Journal.open(out, "/store")) {
            journal.append(COPY);
            journal.append(BROKEN);
            assertEquals(List.of(inputs.get(2)), journal.pending(inputs, false));
            assertEquals(List.of(inputs.get(1), inputs.get(2)), journal.pending(inputs, true));
            journal.append(fixed);
        }
        try (Journal journal = Journal.open(out, "/store")) {
            assertEquals(List.of(COPY, fixed), journal.entries());
            assertEquals(List.of(inputs.get(2)), journal.pending(inputs, true));
        }
    }

    @Test
    void aLineWrittenBeforeSegmentsRecordedTheQueryViewReadsBackWithNone() throws IOException {
        try (Journal journal = Journal.open(out, "/store")) {
            journal.append(COPY);
        }
        Path file = out.resolve(Journal.FILE);
        // The same line as an audit made before views and sound were recorded wrote it: no query_view, no
        // query_region, no evidence.
        String older = Files.readString(file).replace(
                ",\"query_view\":\"region\",\"query_region\":{\"x\":0.5,\"y\":0.1,\"width\":0.45,\"height\":0.45}",
                "").replace(",\"evidence\":[\"visual\"]", "");
        assertTrue(older.length() < Files.readString(file).length(), older);
        Files.writeString(file, older);
        try (Journal journal = Journal.open(out, "/store")) {
            assertEquals(0, journal.unreadableLines());
            MatchedSegment segment = journal.entries().get(0).matches().get(0).segments().get(0);
            assertEquals(COPY.matches().get(0).segments().get(0).segment(), segment.segment());
            assertNull(segment.queryView());
            assertNull(segment.evidence());
        }
    }

    @Test
    void aDamagedLineInTheMiddleIsCountedAndItsInputCheckedAgain() throws IOException {
        try (Journal journal = Journal.open(out, "/store")) {
            journal.append(COPY);
        }
        Files.writeString(out.resolve(Journal.FILE), "{not json\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (Journal journal = Journal.open(out, "/store")) {
            assertEquals(1, journal.unreadableLines());
            assertEquals(List.of(COPY), journal.entries());
        }
    }

    @Test
    void oneAuditAtATimeAndNothingIsRecordedAfterClosing() throws IOException {
        Journal journal = Journal.open(out, "/store");
        IOException busy = assertThrows(IOException.class, () -> Journal.open(out, "/store"));
        assertTrue(busy.getMessage().contains("another audit"), busy.getMessage());
        journal.close();
        assertFalse(journal.append(COPY));
        try (Journal again = Journal.open(out, "/store")) {
            assertEquals(List.of(), again.entries());
        }
    }

    @Test
    void refusesAFileThatIsNotAJournal() throws IOException {
        Files.writeString(out.resolve(Journal.FILE), "{\"journal\":\"something-else/9\",\"store\":\"/s\"}\n");
        assertThrows(IOException.class, () -> Journal.open(out, "/store"));
    }
}
