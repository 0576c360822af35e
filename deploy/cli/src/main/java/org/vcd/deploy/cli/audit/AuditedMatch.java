package org.vcd.deploy.cli.audit;

import java.util.List;
import org.vcd.deploy.Match;
import org.vcd.deploy.MatchedSegment;

/** A match as the journal keeps it: {@link Match} without its similarity matrix (that lives on as a heat map). */
public record AuditedMatch(String reference, double score, List<MatchedSegment> segments) {

    public AuditedMatch {
        segments = List.copyOf(segments);
    }

    static AuditedMatch of(Match match) {
        return new AuditedMatch(match.reference(), match.score(), match.segments());
    }
}
