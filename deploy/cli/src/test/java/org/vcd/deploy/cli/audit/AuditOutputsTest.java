package org.vcd.deploy.cli.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vcd.deploy.MatchedSegment.View.DECODED;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcd.deploy.MatchedSegment;
import org.vcd.domain.Segment;
import org.vcd.ingest.QueryRegion;

class AuditOutputsTest {

    @TempDir
    Path out;

    @Test
    void csvQuotesAwkwardNamesAndTheReportEscapesThem() throws IOException {
        String hostile = "/v/a \"quoted\", <b>name</b>.mp4";
        JournalEntry entry = new JournalEntry(hostile, 10.0, null, null, List.of(new AuditedMatch("ref,1", 0.9,
                List.of(new MatchedSegment(new Segment(1, 9, 2, 10, 0.9), DECODED, null)))), List.of(), 1);
        AuditOutputs.write(out, List.of(entry), "/store", Filters.NONE,
                new AuditOutputs.RunStats(1, 1, 10, 10.0 / 3600, false), true);
        List<String> csv = Files.readAllLines(out.resolve(AuditOutputs.RESULTS_CSV));
        assertEquals(List.of(AuditOutputs.CSV_HEADER,
                "\"/v/a \"\"quoted\"\", <b>name</b>.mp4\",\"ref,1\",0.9000,1.000,9.000,2.000,10.000,0.9000"), csv);
        String html = Files.readString(out.resolve(AuditOutputs.REPORT_HTML));
        assertTrue(html.contains("/v/a &quot;quoted&quot;, &lt;b&gt;name&lt;/b&gt;.mp4"), html);
        assertFalse(html.contains("<b>name</b>"));
        assertTrue(html.contains("no pictures were drawn for this match"), "evidence missing is said");
        assertEquals("1:05.3", HtmlReport.clock(65.27));
    }

    @Test
    void theReportSaysWhichViewOfTheQueryFoundEachSegment() throws IOException {
        JournalEntry entry = new JournalEntry("/v/inset.mp4", 30.0, null, null, List.of(new AuditedMatch("ref", 0.9,
                List.of(new MatchedSegment(new Segment(1, 9, 2, 10, 0.9), MatchedSegment.View.REGION,
                                new QueryRegion(0.5, 0.1, 0.45, 0.45)),
                        new MatchedSegment(new Segment(20, 28, 2, 10, 0.8), MatchedSegment.View.MIRRORED, null)))),
                List.of(), 1);
        AuditOutputs.write(out, List.of(entry), "/store", Filters.NONE,
                new AuditOutputs.RunStats(1, 1, 30, 30.0 / 3600, false), true);
        String html = Files.readString(out.resolve(AuditOutputs.REPORT_HTML));
        assertTrue(html.contains("<td>found in a region of the query: 45% x 45% at (50%, 10%)</td>"), html);
        assertTrue(html.contains("<td>found in the query&#39;s frame mirrored</td>"), html);
        String line = Files.readString(out.resolve(AuditOutputs.RESULTS_JSONL));
        assertTrue(line.contains("\"query_view\":\"region\",\"query_region\":{\"x\":0.5,\"y\":0.1,"
                + "\"width\":0.45,\"height\":0.45}"), line);
        assertTrue(line.contains("\"query_view\":\"mirrored\",\"evidence\":[\"visual\"]}"), line);
    }
}
