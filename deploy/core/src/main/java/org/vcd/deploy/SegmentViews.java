package org.vcd.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vcd.domain.Segment;
import org.vcd.domain.SimilarityMatrix;
import org.vcd.ingest.QueryFeatures;
import org.vcd.ingest.QueryRegion;

/**
 * Which view of a query found a copied segment, and where in the query's frame the copy sits: plain functions over a
 * candidate's best-of-views matrix and what each of the query's views is on the matrix's rows.
 */
public final class SegmentViews {

    private SegmentViews() {
    }

    /**
     * What each of a query's views is, row by row of its matrices: made once per query, shared by its candidates.
     *
     * @param kinds   each view's kind, in the order of the matrices' view indexes
     * @param regions for a region view v, {@code regions[v][row]} is the region the row's frame was cut from (null
     *                where the frame has none); null for the whole-frame views
     */
    public record QueryRows(List<MatchedSegment.View> kinds, QueryRegion[][] regions) {

        public QueryRows {
            kinds = List.copyOf(kinds);
            if (regions.length != kinds.size()) {
                throw new IllegalArgumentException(kinds.size() + " views, " + regions.length + " region lists");
            }
        }

        /** A query's views on the rows of matrices on a grid of {@code step} seconds. */
        public static QueryRows of(QueryFeatures query, double step) {
            int[] frameAt = SimilarityMatrix.onGrid(query.decoded(), step);
            List<MatchedSegment.View> kinds = new ArrayList<>(List.of(MatchedSegment.View.DECODED));
            List<QueryRegion[]> regions = new ArrayList<>();
            regions.add(null);
            if (query.mirrored() != null) {
                kinds.add(MatchedSegment.View.MIRRORED);
                regions.add(null);
            }
            for (QueryFeatures.RegionView view : query.regions()) {
                QueryRegion[] rows = new QueryRegion[frameAt.length];
                for (int i = 0; i < rows.length; i++) {
                    rows[i] = view.frames()[frameAt[i]];
                }
                kinds.add(view.mirrored() ? MatchedSegment.View.MIRRORED_REGION : MatchedSegment.View.REGION);
                regions.add(rows);
            }
            if (query.levelled() != null) {
                kinds.add(MatchedSegment.View.LEVELLED);
                regions.add(null);
            }
            return new QueryRows(kinds, regions.toArray(QueryRegion[][]::new));
        }
    }

    /**
     * The view that lit {@code segment} in {@code matrix}, and its region for a region view. Each of the segment's
     * query rows votes for the view of its best cell within the segment's reference span: the copy's line crosses
     * each row once, and inside the segment's box it is (nearly always) the row's best cell. Counting rows, not
     * averaging similarities, as a region view is 0 on the rows whose frame had no region found and would lose a mean
     * to the decoded view's weak similarities there; the view best on most rows carries most of the copy. Ties go to
     * the earlier view (decoded first). The region is the one the winning view had on most of the rows it won.
     */
    public static MatchedSegment attribute(Segment segment, SimilarityMatrix.BestOfViews matrix, QueryRows rows) {
        SimilarityMatrix m = matrix.matrix();
        int firstRow = firstCell(segment.queryStart(), m.queryStep());
        int endRow = endCell(segment.queryEnd(), m.queryStep(), m.queryLength());
        int firstColumn = firstCell(segment.referenceStart(), m.referenceStep());
        int endColumn = endCell(segment.referenceEnd(), m.referenceStep(), m.referenceLength());
        int[] votes = new int[rows.kinds().size()];
        int[] rowView = new int[Math.max(0, endRow - firstRow)];
        for (int i = firstRow; i < endRow; i++) {
            float best = 0; // a row with nothing above 0 (blank frames) says nothing of views
            int view = -1;
            for (int j = firstColumn; j < endColumn; j++) {
                if (m.get(i, j) > best) {
                    best = m.get(i, j);
                    view = matrix.view(i, j);
                }
            }
            rowView[i - firstRow] = view;
            if (view >= 0) {
                votes[view]++;
            }
        }
        int winner = 0;
        for (int v = 1; v < votes.length; v++) {
            if (votes[v] > votes[winner]) {
                winner = v;
            }
        }
        MatchedSegment.View kind = rows.kinds().get(winner);
        if (kind != MatchedSegment.View.REGION && kind != MatchedSegment.View.MIRRORED_REGION) {
            return new MatchedSegment(segment, kind, null);
        }
        Map<QueryRegion, Integer> seen = new LinkedHashMap<>();
        for (int i = firstRow; i < endRow; i++) {
            QueryRegion region = rows.regions()[winner][i];
            if (rowView[i - firstRow] == winner && region != null) {
                seen.merge(region, 1, Integer::sum);
            }
        }
        QueryRegion most = null;
        for (Map.Entry<QueryRegion, Integer> entry : seen.entrySet()) {
            if (most == null || entry.getValue() > seen.get(most)) {
                most = entry.getKey();
            }
        }
        return new MatchedSegment(segment, kind, most);
    }

    /** The first cell a span starting at {@code time} covers ({@link SimilarityMatrix#edge}; 1e-9 for rounding). */
    private static int firstCell(double time, double step) {
        return Math.max(0, (int) Math.floor(SimilarityMatrix.edge(time, step) + 1e-9));
    }

    /** One past the last cell a span ending at {@code time} covers, at most {@code length}. */
    private static int endCell(double time, double step, int length) {
        return Math.min(length, (int) Math.ceil(SimilarityMatrix.edge(time, step) - 1e-9));
    }
}
