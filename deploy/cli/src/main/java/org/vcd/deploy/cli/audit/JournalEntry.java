package org.vcd.deploy.cli.audit;

import java.util.List;

/**
 * One finished input, as the journal records it: everything the detector found (unfiltered), or why the input
 * failed, and the evidence pictures drawn for it.
 *
 * @param query           the input's name ({@link AuditInput#name()})
 * @param durationSeconds the video's declared duration, or null when unknown (failures, streams without one)
 * @param error           one line saying why the input failed, or null when it was checked
 * @param errorReason     a stable word for the kind of failure ({@code NOT_A_VIDEO}, {@code DOWNLOAD_FAILED},
 *                        {@code INTERNAL}, ...), or null
 * @param matches         every match, best first
 * @param evidence        pictures drawn for the matches, files relative to the output folder
 * @param wallSeconds     time this input took, evidence included
 */
public record JournalEntry(String query, Double durationSeconds, String error, String errorReason,
                           List<AuditedMatch> matches, List<MatchEvidence> evidence, double wallSeconds) {

    public JournalEntry {
        matches = matches == null ? List.of() : List.copyOf(matches);
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }

    static JournalEntry failure(String query, String reason, String error, double wallSeconds) {
        return new JournalEntry(query, null, error, reason, List.of(), List.of(), wallSeconds);
    }

    boolean failed() {
        return error != null;
    }
}
