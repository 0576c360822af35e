package org.vcd.deploy;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import org.vcd.domain.SimilarityMatrix;

/**
 * A reference the query copies, and where.
 *
 * @param score the best segment score, in [0, 1]
 * @param segments the copied segments, each with the view of the query that found it
 * @param matrix the query x reference similarity matrix the segments were read from: evidence for reports and the
 *               moderator page, not part of the match JSON
 */
public record Match(String reference, double score, List<MatchedSegment> segments,
                    @JsonIgnore SimilarityMatrix matrix) {
}
