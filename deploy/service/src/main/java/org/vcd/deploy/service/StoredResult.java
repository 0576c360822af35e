package org.vcd.deploy.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.List;
import org.vcd.deploy.Json;
import org.vcd.deploy.MatchedSegment;

/**
 * A finished check's result as the database keeps it: the match JSON of {@code vcd check} read back into records
 * (the similarity matrices are not kept), so the service works with typed matches instead of walking JSON.
 */
public record StoredResult(String query, List<StoredMatch> matches) {

    /**
     * One matched reference: written back out, exactly a match of {@code vcd check}'s JSON. Results stored before
     * segments recorded the query's view read back with none.
     */
    public record StoredMatch(String reference, double score, List<MatchedSegment> segments) {
    }

    static StoredResult parse(String checkId, String json) {
        try {
            return Json.MAPPER.readValue(json, StoredResult.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored result of check " + checkId + " is not a check result", e);
        }
    }

    /** The match at {@code index}, or null when there is none. */
    StoredMatch match(int index) {
        return index >= 0 && index < matches.size() ? matches.get(index) : null;
    }

    boolean matched(String reference) {
        return matches.stream().anyMatch(m -> m.reference().equals(reference));
    }
}
