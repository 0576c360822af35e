package org.vcd.deploy.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vcd.deploy.CheckResult;
import org.vcd.deploy.Json;
import org.vcd.deploy.Match;
import org.vcd.deploy.MatchedSegment;
import org.vcd.domain.Segment;
import org.vcd.ingest.QueryRegion;

/** Stored results read back: today's, with the query's view per segment, and rows stored before views were kept. */
class StoredResultTest {

    @Test
    void aResultReadsBackWithEachSegmentsViewAndWritesOutAsItWasStored() {
        MatchedSegment inset = new MatchedSegment(new Segment(6, 21, 12, 27, 0.93), MatchedSegment.View.REGION,
                new QueryRegion(0.5, 0.1, 0.45, 0.45));
        String stored = Json.line(new CheckResult("q.mp4", List.of(new Match("ref", 0.93, List.of(inset), null))));
        StoredResult read = StoredResult.parse("c1", stored);
        assertEquals(inset, read.matches().get(0).segments().get(0));
        assertEquals(stored, Json.line(read), "the API writes the stored result out unchanged");
    }

    @Test
    void aRowStoredBeforeViewsWereRecordedStillReads() {
        String older = "{\"query\":\"q.mp4\",\"matches\":[{\"reference\":\"ref\",\"score\":0.93,\"segments\":"
                + "[{\"query_start\":6.0,\"query_end\":21.0,\"reference_start\":12.0,\"reference_end\":27.0,"
                + "\"score\":0.93}]}]}";
        StoredResult read = StoredResult.parse("c0", older);
        MatchedSegment segment = read.matches().get(0).segments().get(0);
        assertEquals(new Segment(6, 21, 12, 27, 0.93), segment.segment());
        assertNull(segment.queryView());
        assertNull(segment.whereFound());
        assertEquals(older, Json.line(read), "and writes out as it was, with no view invented");
    }
}
