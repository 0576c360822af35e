package org.vcd.deploy.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The JSON shapes of the API (written snake_case, like everything vcd prints). */
public final class Views {

    static final String API = "/api/v1";

    private Views() {
    }

    public record Page<T>(List<T> items, int page, int size, long total) {
    }

    public record Reference(String id, String title, String origin, String container, long bytes, int frames,
                            double durationSeconds, Instant addedAt, String addedBy, String video) {
        static Reference of(ReferenceVideo row) {
            return new Reference(row.id, row.title, row.origin, row.container.toLowerCase(Locale.ROOT), row.bytes,
                    row.frames, row.durationSeconds, row.addedAt, row.addedBy,
                    API + "/references/" + row.id + "/video");
        }
    }

    /** One line of the checks list. */
    public record CheckSummary(String id, String status, String query, Instant submittedAt, Instant finishedAt,
                               int matches, Double topScore, String verdict) {
    }

    /**
     * A check: its state, then (when done) {@code result}, exactly the JSON {@code vcd check} prints; the
     * matched references' metadata (null for one taken down since); the evidence pictures; the verdicts.
     */
    public record Check(String id, String status, String query, Instant submittedAt, Instant startedAt,
                        Instant finishedAt, int attempts, String error, JsonNode result,
                        Map<String, Reference> references, List<MatchEvidence> evidence, List<VerdictView> verdicts,
                        String video) {
    }

    public record MatchEvidence(String reference, String heatMap, List<SegmentEvidence> segments) {
    }

    public record SegmentEvidence(List<FramePair> frames) {
    }

    /** The query frame at {@code queryTime} next to the reference frame at {@code referenceTime}. */
    public record FramePair(double queryTime, double referenceTime, String query, String reference) {
    }

    public record VerdictView(String reference, String decision, String note, String decidedBy, Instant decidedAt) {
        static VerdictView of(Verdict v) {
            return new VerdictView(v.referenceId, v.decision.name().toLowerCase(Locale.ROOT), v.note, v.decidedBy,
                    v.decidedAt);
        }
    }

    /** Body of PUT /checks/{id}/verdicts/{reference}: "confirmed" or "dismissed", and an optional note. */
    public record VerdictRequest(String decision, String note) {
    }

    /** Body of a JSON submission by URI; {@code id}/{@code title} for references, {@code name} for checks. */
    public record UriRequest(String uri, String id, String title, String name) {
    }
}
