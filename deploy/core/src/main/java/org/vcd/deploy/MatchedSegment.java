package org.vcd.deploy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;
import java.util.Locale;
import org.vcd.domain.Segment;
import org.vcd.ingest.QueryRegion;

/**
 * A copied segment of a match and what of the query shows it: which evidence found it (the pictures, the sound or
 * both), which view of the query's frames found it and, for a region view, where in the query's frame the copy sits.
 * In the match JSON the segment's fields and these sit side by side in one object.
 *
 * @param queryView   the view that lit the segment (see {@link SegmentViews}); null in results written before views
 *                    were recorded, and for a segment only the sound found
 * @param queryRegion for a region view (as cut or mirrored), the region of the query's frame the copy sits in; null
 *                    otherwise
 * @param evidence    what found the segment, pictures first: {@code ["visual"]}, {@code ["audio"]} or
 *                    {@code ["visual", "audio"]}; null in results written before sound was matched (all visual)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MatchedSegment(@JsonUnwrapped Segment segment, View queryView, QueryRegion queryRegion,
                             List<Evidence> evidence) {

    /** What found a segment. */
    public enum Evidence {
        @JsonProperty("visual") VISUAL,
        @JsonProperty("audio") AUDIO
    }

    public static final List<Evidence> SEEN = List.of(Evidence.VISUAL);
    public static final List<Evidence> HEARD = List.of(Evidence.AUDIO);
    public static final List<Evidence> SEEN_AND_HEARD = List.of(Evidence.VISUAL, Evidence.AUDIO);

    /** A segment the pictures found. */
    public MatchedSegment(Segment segment, View queryView, QueryRegion queryRegion) {
        this(segment, queryView, queryRegion, SEEN);
    }

    /** A view of the query's frames (see {@code QueryViews}). */
    public enum View {
        @JsonProperty("decoded") DECODED,
        @JsonProperty("mirrored") MIRRORED,
        @JsonProperty("region") REGION,
        /** A region of the frame flipped left to right: a mirrored copy inside a border, an inset or a stacked half. */
        @JsonProperty("mirrored_region") MIRRORED_REGION,
        /** The frame turned back from a tilt ({@code Tilt}). */
        @JsonProperty("levelled") LEVELLED
    }

    public MatchedSegment {
        if ((queryView == View.REGION || queryView == View.MIRRORED_REGION) != (queryRegion != null)) {
            throw new IllegalArgumentException("a region goes with the region views, and only with them: " + queryView
                    + " " + queryRegion);
        }
    }

    /**
     * Where and by what the copy was found, for people (reports, the moderator page); null when not recorded.
     */
    public String whereFound() {
        if (queryView == null) {
            return HEARD.equals(evidence) ? "found by the sound alone: the pictures did not match" : null;
        }
        return seen() + (SEEN_AND_HEARD.equals(evidence) ? "; the sound matches too" : "");
    }

    private String seen() {
        return switch (queryView) {
            case DECODED -> "found in the query's frame as decoded";
            case MIRRORED -> "found in the query's frame mirrored";
            case LEVELLED -> "found in the query's frame turned back from a tilt";
            case REGION -> "found in a region of the query: " + where();
            case MIRRORED_REGION -> "found in a region of the query, mirrored: " + where();
        };
    }

    private String where() {
        return String.format(Locale.ROOT, "%s x %s at (%s, %s)", percent(queryRegion.width()),
                percent(queryRegion.height()), percent(queryRegion.x()), percent(queryRegion.y()));
    }

    private static String percent(double share) {
        return Math.round(share * 100) + "%";
    }
}
