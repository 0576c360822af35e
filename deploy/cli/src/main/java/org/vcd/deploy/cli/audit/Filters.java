package org.vcd.deploy.cli.audit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.vcd.deploy.MatchedSegment;

/**
 * Which of an input's matches the outputs keep. The journal holds every match the detector found; filters
 * apply when the outputs are written, so a rerun with other filters rewrites the outputs without checking
 * anything again.
 *
 * @param minSegmentScore   segments scoring below this are dropped, in [0, 1]
 * @param minSegmentSeconds segments shorter than this on the query axis are dropped
 * @param topReferences     at most this many references per input, best first (0: no limit)
 */
public record Filters(double minSegmentScore, double minSegmentSeconds, int topReferences) {

    public static final Filters NONE = new Filters(0, 0, 0);

    public Filters {
        if (!(minSegmentScore >= 0 && minSegmentScore <= 1)) {
            throw new IllegalArgumentException("the minimum segment score must be in [0, 1]: " + minSegmentScore);
        }
        if (!(minSegmentSeconds >= 0) || Double.isInfinite(minSegmentSeconds)) {
            throw new IllegalArgumentException("the minimum segment duration must be 0 or more seconds: "
                    + minSegmentSeconds);
        }
        if (topReferences < 0) {
            throw new IllegalArgumentException("the number of references per input must be 0 (all) or more: "
                    + topReferences);
        }
    }

    /**
     * The matches with only their kept segments, each scored by its best kept segment, best first; matches left
     * without segments are dropped, then all but the top references.
     */
    public List<AuditedMatch> apply(List<AuditedMatch> matches) {
        List<AuditedMatch> kept = new ArrayList<>();
        for (AuditedMatch match : matches) {
            List<MatchedSegment> segments = match.segments().stream()
                    .filter(s -> s.segment().score() >= minSegmentScore
                            && s.segment().queryDuration() >= minSegmentSeconds)
                    .toList();
            if (!segments.isEmpty()) {
                double best = segments.stream().mapToDouble(s -> s.segment().score()).max().orElseThrow();
                kept.add(new AuditedMatch(match.reference(), best, segments));
            }
        }
        kept.sort(Comparator.comparingDouble(AuditedMatch::score).reversed());
        return topReferences > 0 && kept.size() > topReferences ? List.copyOf(kept.subList(0, topReferences))
                : List.copyOf(kept);
    }
}
