package org.vcd.deploy.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vcd.deploy.MatchedSegment;

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
        static CheckSummary of(CheckJob job, StoredResult result, List<Verdict> verdicts) {
            boolean matched = result != null && !result.matches().isEmpty();
            return new CheckSummary(job.id, job.statusName(), job.query, job.submittedAt, job.finishedAt,
                    result == null ? 0 : result.matches().size(), matched ? result.matches().get(0).score() : null,
                    matched ? verdict(result, verdicts) : null);
        }

        /** "confirmed" when any match is confirmed, "dismissed" when all are, "pending" when some are undecided. */
        private static String verdict(StoredResult result, List<Verdict> verdicts) {
            if (verdicts.stream().anyMatch(v -> v.decision == Verdict.Decision.CONFIRMED)) {
                return "confirmed";
            }
            return verdicts.size() >= result.matches().size() ? "dismissed" : "pending";
        }
    }

    /**
     * A check: its state, then (when done) {@code result}, exactly the JSON {@code vcd check} prints; the
     * matched references' metadata (null for one taken down since); the evidence pictures; the verdicts.
     */
    public record Check(String id, String status, String query, Instant submittedAt, Instant startedAt,
                        Instant finishedAt, int attempts, String error, StoredResult result,
                        Map<String, Reference> references, List<MatchEvidence> evidence, List<VerdictView> verdicts,
                        String video) {
        /** {@code rows} holds the matched references still in the library; one taken down maps to null. */
        static Check of(CheckJob job, StoredResult result, Map<String, ReferenceVideo> rows, List<Verdict> verdicts) {
            Map<String, Reference> references = new LinkedHashMap<>();
            List<MatchEvidence> pictures = new ArrayList<>();
            String base = API + "/checks/" + job.id;
            List<StoredResult.StoredMatch> matches = result == null ? List.of() : result.matches();
            for (int m = 0; m < matches.size(); m++) {
                StoredResult.StoredMatch match = matches.get(m);
                ReferenceVideo row = rows.get(match.reference());
                references.put(match.reference(), row == null ? null : Reference.of(row));
                List<SegmentEvidence> segments = new ArrayList<>();
                for (int s = 0; s < match.segments().size(); s++) {
                    List<FramePair> frames = new ArrayList<>();
                    MatchedSegment matched = match.segments().get(s);
                    List<Evidence.FrameTimes> times = Evidence.frameTimes(matched.segment());
                    for (int k = 0; k < times.size(); k++) {
                        String frame = base + "/matches/" + m + "/segments/" + s + "/frames/" + k + "/";
                        frames.add(new FramePair(times.get(k).query(), times.get(k).reference(),
                                frame + "query.jpg", frame + "reference.jpg"));
                    }
                    segments.add(new SegmentEvidence(matched.whereFound(), frames));
                }
                pictures.add(new MatchEvidence(match.reference(), base + "/matches/" + m + "/heat-map.png", segments));
            }
            return new Check(job.id, job.statusName(), job.query, job.submittedAt, job.startedAt, job.finishedAt,
                    job.attempts, job.error, result, references, pictures,
                    verdicts.stream().map(VerdictView::of).toList(), base + "/video");
        }
    }

    public record MatchEvidence(String reference, String heatMap, List<SegmentEvidence> segments) {
    }

    /**
     * @param whereFound which view of the query found the segment and, for a region, where (its query frames have
     *                   that region outlined), in words; null for checks made before views were recorded
     */
    public record SegmentEvidence(String whereFound, List<FramePair> frames) {
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

    /** A key as listed: never the key itself. {@code configured} keys have no creation time and cannot be revoked. */
    public record ApiKey(String id, String role, String label, Instant createdAt, String createdBy,
                         boolean configured) {
    }

    /** A key just created: the only response that ever shows {@code key}. */
    public record CreatedKey(String id, String role, String label, Instant createdAt, String createdBy, String key) {
    }

    /** Body of POST /keys: "admin" or "moderator", and an optional label. */
    public record KeyRequest(String role, String label) {
    }

    /** Who the caller's key belongs to (GET /me). */
    public record Me(String id, String role, String label, boolean configured) {
    }

    /** Body of a JSON submission by URI; {@code id}/{@code title} for references, {@code name} for checks. */
    public record UriRequest(String uri, String id, String title, String name) {
    }
}
