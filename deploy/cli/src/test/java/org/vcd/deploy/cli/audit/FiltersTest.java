package org.vcd.deploy.cli.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vcd.deploy.MatchedSegment;
import org.vcd.domain.Segment;

class FiltersTest {

    private static MatchedSegment segment(double queryStart, double queryEnd, double referenceStart,
                                          double referenceEnd, double score) {
        return new MatchedSegment(new Segment(queryStart, queryEnd, referenceStart, referenceEnd, score),
                MatchedSegment.View.DECODED, null);
    }

    private static final AuditedMatch STRONG = new AuditedMatch("a", 0.9, List.of(
            segment(0, 20, 0, 20, 0.9), segment(30, 32, 50, 52, 0.7)));
    private static final AuditedMatch WEAK = new AuditedMatch("b", 0.65, List.of(segment(5, 25, 5, 25, 0.65)));
    private static final AuditedMatch MIDDLE = new AuditedMatch("c", 0.8, List.of(segment(1, 4, 1, 4, 0.8)));

    @Test
    void noFiltersKeepsEverythingBestFirst() {
        assertEquals(List.of(STRONG, MIDDLE, WEAK), Filters.NONE.apply(List.of(WEAK, STRONG, MIDDLE)));
    }

    @Test
    void segmentsBelowTheScoreOrDurationGoAndMatchesAreRescoredByWhatIsLeft() {
        List<AuditedMatch> kept = new Filters(0.75, 2.5, 0).apply(List.of(STRONG, WEAK, MIDDLE));
        assertEquals(List.of(new AuditedMatch("a", 0.9, List.of(STRONG.segments().get(0))), MIDDLE), kept);
        List<AuditedMatch> longOnly = new Filters(0, 10, 0).apply(List.of(MIDDLE, WEAK, STRONG));
        assertEquals(List.of(new AuditedMatch("a", 0.9, List.of(STRONG.segments().get(0))), WEAK), longOnly);
        // Rescoring: dropping a's best segment leaves it with its second one's score.
        AuditedMatch rescored = new Filters(0, 0, 0).apply(List.of(new AuditedMatch("d", 0.9, List.of(
                segment(0, 1, 0, 1, 0.9), segment(2, 9, 2, 9, 0.7))))).get(0);
        assertEquals(0.9, rescored.score());
        assertEquals(0.7, new Filters(0, 2, 0).apply(List.of(rescored)).get(0).score());
    }

    @Test
    void topKeepsTheBestReferences() {
        assertEquals(List.of(STRONG), new Filters(0, 0, 1).apply(List.of(WEAK, STRONG, MIDDLE)));
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new Filters(1.5, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Filters(0, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Filters(0, 0, -2));
    }
}
