package org.vcd.deploy.cli.audit;

import java.util.List;

/**
 * The pictures that show a match to a person: the similarity heat map and frames of the query and the reference
 * side by side. File names are relative to the audit's output folder; null where a picture could not be drawn.
 *
 * @param referenceSource the reference's file as the store recorded it, or null when the store has none
 * @param note            why some pictures are missing (reference file gone, undecodable), or null
 */
public record MatchEvidence(String reference, String heatMap, String referenceSource, String note,
                            List<ThumbnailPair> thumbnails) {

    public MatchEvidence {
        thumbnails = thumbnails == null ? List.of() : List.copyOf(thumbnails);
    }

    /** The query's frame at {@code queryTime} and the reference's at {@code referenceTime} (JPEG files, or null). */
    public record ThumbnailPair(double queryTime, double referenceTime, String query, String reference) {
    }
}
