package org.vcd.deploy.cli.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vcd.deploy.MatchedSegment.View.DECODED;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.vcd.deploy.MatchedSegment;
import org.vcd.domain.Segment;

class ProgressTest {

    private final AtomicLong nanos = new AtomicLong();
    private final StringWriter text = new StringWriter();

    private Progress progress(boolean terminal) {
        return new Progress(4, 400, new Filters(0.8, 0, 0), new PrintWriter(text, true), terminal,
                Duration.ofSeconds(30), nanos::get);
    }

    private static JournalEntry checked(double seconds, double score) {
        List<AuditedMatch> matches = score > 0
                ? List.of(new AuditedMatch("r", score, List.of(
                        new MatchedSegment(new Segment(0, 5, 0, 5, score), DECODED, null)))) : List.of();
        return new JournalEntry("q", seconds, null, null, matches, List.of(), 1);
    }

    @Test
    void countsFilesHoursMatchesAfterFiltersErrorsAndEstimatesTheRestFromBytes() {
        Progress progress = progress(false);
        progress.finished(checked(1800, 0.9), 100);
        progress.finished(checked(1800, 0.7), 50); // below the filter's score: not a match
        progress.finished(JournalEntry.failure("bad", "EMPTY", "empty file: bad", 0), 50);
        nanos.addAndGet(Duration.ofMinutes(20).toNanos());
        // Half the bytes in 20 minutes: 20 minutes to go; one hour of video in 20 minutes: 3 video h/h.
        assertEquals("3/4 files, 1.00 h of video, 1 with matches, 1 error, 3.0 video h/h, ETA 20m 0s",
                progress.line());
        progress.finished(checked(0, 0), 200);
        assertTrue(progress.line().endsWith("ETA 0s"), progress.line());
    }

    @Test
    void withoutSizesTheEstimateComesFromFilesAndBeforeAnyIsDoneThereIsNone() {
        Progress progress = new Progress(2, 0, Filters.NONE, new PrintWriter(text, true), false,
                Duration.ofSeconds(30), nanos::get);
        assertTrue(progress.line().endsWith("ETA --"), progress.line());
        nanos.addAndGet(Duration.ofSeconds(90).toNanos());
        progress.finished(checked(10, 0), -1);
        assertTrue(progress.line().endsWith("ETA 1m 30s"), progress.line());
    }

    @Test
    void aLogLineOffATerminalAndABarRedrawnInPlaceOnOne() {
        Progress logged = progress(false);
        logged.stop();
        assertEquals("audit: 0/4 files, 0.00 h of video, 0 with matches, 0 errors, 0.0 video h/h, ETA --"
                + System.lineSeparator(), text.toString());

        text.getBuffer().setLength(0);
        Progress bar = progress(true);
        bar.finished(checked(60, 0.9), 200);
        bar.message(() -> text.write("an error line\n"));
        bar.stop();
        String shown = text.toString();
        assertTrue(shown.startsWith("an error line\n\r[######------------------] 1/4 files"), shown);
        assertTrue(shown.endsWith(System.lineSeparator()), "the final bar stays on its own line");
    }
}
