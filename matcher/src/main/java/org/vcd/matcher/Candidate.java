package org.vcd.matcher;

/**
 * A reference video worth localizing against a query.
 *
 * @param votes sum over query frames of the best similarity this reference reached among their neighbours
 */
public record Candidate(String videoId, double votes) {
}
