package org.vcd.deploy.cli.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcd.domain.Segment;

class AuditOutputsTest {

    @TempDir
    Path out;

    @Test
    void csvQuotesAwkwardNamesAndTheReportEscapesThem() throws IOException {
        String hostile = "/v/a \"quoted\", <b>name</b>.mp4";
        JournalEntry entry = new JournalEntry(hostile, 10.0, null, null, List.of(new AuditedMatch("ref,1", 0.9,
                List.of(new Segment(1, 9, 2, 10, 0.9)))), List.of(), 1);
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
}
