package org.vcd.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vcd.domain.Segment;
import org.vcd.domain.SimilarityMatrix;
import org.vcd.domain.VideoFeatures;
import org.vcd.ingest.QueryFeatures;
import org.vcd.ingest.QueryRegion;

/** Which view of the query found a segment, on hand-made best-of-views matrices; and how that is written. */
class SegmentViewsTest {

    private static final int N = 6;
    private static final QueryRegion INSET = new QueryRegion(0.5, 0.1, 0.45, 0.45);
    private static final QueryRegion OTHER = new QueryRegion(0, 0, 0.5, 1);
    private static final List<MatchedSegment.View> KINDS = List.of(MatchedSegment.View.DECODED,
            MatchedSegment.View.MIRRORED, MatchedSegment.View.REGION);

    /** A 6 x 6 matrix lit on its diagonal, each diagonal cell by the given view; everything else 0.1 by view 0. */
    private static SimilarityMatrix.BestOfViews diagonal(int... viewOfRow) {
        float[] values = new float[N * N];
        byte[] views = new byte[N * N];
        java.util.Arrays.fill(values, 0.1f);
        for (int i = 0; i < N; i++) {
            values[i * N + i] = 0.9f;
            views[i * N + i] = (byte) viewOfRow[i];
        }
        return new SimilarityMatrix.BestOfViews(new SimilarityMatrix(N, N, values, 1.0, 1.0), views);
    }

    private static SegmentViews.QueryRows rows(QueryRegion... regionOfRow) {
        return new SegmentViews.QueryRows(KINDS, new QueryRegion[][] {null, null, regionOfRow});
    }

    /** The segment of rows and columns 1 to 5, in seconds. */
    private static Segment rowsOneToFive(SimilarityMatrix.BestOfViews matrix) {
        return matrix.matrix().segment(1, N, 1, N, 0.9);
    }

    @Test
    void theViewBestOnMostRowsWinsAndItsRegionIsTheOneOnMostOfTheRowsItWon() {
        // Rows 1-3 lit by the region view, rows 4-5 by the decoded one; row 0 (outside the segment) by the mirror.
        SimilarityMatrix.BestOfViews matrix = diagonal(1, 2, 2, 2, 0, 0);
        // The region view saw the inset at rows 1-2 and another region at 3-5; at rows 4-5 it lost to the decoded
        // view, so those rows do not count for its region: the inset (2 rows) beats the other (1 row).
        SegmentViews.QueryRows rows = rows(null, INSET, INSET, OTHER, OTHER, OTHER);
        MatchedSegment found = SegmentViews.attribute(rowsOneToFive(matrix), matrix, rows);
        assertEquals(MatchedSegment.View.REGION, found.queryView());
        assertEquals(INSET, found.queryRegion());
        assertEquals(rowsOneToFive(matrix), found.segment());
    }

    @Test
    void cellsOutsideTheSegmentsBoxDoNotVote() {
        SimilarityMatrix.BestOfViews matrix = diagonal(0, 0, 0, 1, 1, 1);
        // Brighter mirrored cells outside the segment's columns (column 0) on every row.
        for (int i = 0; i < N; i++) {
            matrix.matrix().values()[i * N] = 0.99f;
            matrix.views()[i * N] = 1;
        }
        Segment segment = matrix.matrix().segment(0, 3, 1, 4, 0.9); // rows 0-2, columns 1-3: the decoded part
        assertEquals(MatchedSegment.View.DECODED,
                SegmentViews.attribute(segment, matrix, rows(new QueryRegion[N])).queryView());
        MatchedSegment mirrored = SegmentViews.attribute(matrix.matrix().segment(3, 6, 3, 6, 0.9), matrix,
                rows(new QueryRegion[N]));
        assertEquals(MatchedSegment.View.MIRRORED, mirrored.queryView());
        assertNull(mirrored.queryRegion());
    }

    @Test
    void aTieGoesToTheDecodedViewAndBlankRowsDoNotVote() {
        SimilarityMatrix.BestOfViews matrix = diagonal(0, 0, 0, 2, 2, 2);
        // Row 5 is blank (all 0) however its cells' view reads: it must not vote for the region view.
        for (int j = 0; j < N; j++) {
            matrix.matrix().values()[5 * N + j] = 0;
        }
        QueryRegion[] regions = {null, null, null, INSET, INSET, INSET};
        Segment segment = matrix.matrix().segment(1, N, 1, N, 0.9); // rows 1-2 decoded, 3-4 region, 5 blank
        assertEquals(MatchedSegment.View.DECODED, SegmentViews.attribute(segment, matrix, rows(regions)).queryView());
    }

    @Test
    void queryRowsPutEachFramesRegionOnTheGrid() {
        // Frames every half second on a 1 s grid: row i shows frame 2i.
        int frames = 6;
        double[] times = {0, 0.5, 1, 1.5, 2, 2.5};
        float[][] vectors = new float[frames][];
        java.util.Arrays.fill(vectors, new float[] {1, 0});
        VideoFeatures features = new VideoFeatures(3, times, vectors);
        QueryRegion[] regions = {INSET, null, null, INSET, OTHER, null};
        QueryFeatures query = new QueryFeatures(features, features,
                List.of(new QueryFeatures.RegionView(features, regions, false)), null);
        SegmentViews.QueryRows rows = SegmentViews.QueryRows.of(query, 1.0);
        assertEquals(KINDS, rows.kinds());
        assertNull(rows.regions()[0]);
        assertNull(rows.regions()[1]);
        assertArrayEquals(new QueryRegion[] {INSET, null, OTHER}, rows.regions()[2]);
    }

    @Test
    void theJsonPutsTheViewBesideTheSegmentsFieldsAndReadsOlderSegmentsWithout() throws Exception {
        Segment segment = new Segment(6, 21, 12, 27, 0.93);
        String region = Json.line(new MatchedSegment(segment, MatchedSegment.View.REGION, INSET));
        assertEquals("{\"query_start\":6.0,\"query_end\":21.0,\"reference_start\":12.0,\"reference_end\":27.0,"
                + "\"score\":0.93,\"query_view\":\"region\",\"query_region\":{\"x\":0.5,\"y\":0.1,\"width\":0.45,"
                + "\"height\":0.45},\"evidence\":[\"visual\"]}", region);
        assertEquals(new MatchedSegment(segment, MatchedSegment.View.REGION, INSET),
                Json.MAPPER.readValue(region, MatchedSegment.class));
        String decoded = Json.line(new MatchedSegment(segment, MatchedSegment.View.DECODED, null));
        assertEquals("{\"query_start\":6.0,\"query_end\":21.0,\"reference_start\":12.0,\"reference_end\":27.0,"
                + "\"score\":0.93,\"query_view\":\"decoded\",\"evidence\":[\"visual\"]}", decoded);
        MatchedSegment both = new MatchedSegment(segment, MatchedSegment.View.DECODED, null,
                MatchedSegment.SEEN_AND_HEARD);
        assertTrue(Json.line(both).endsWith(",\"evidence\":[\"visual\",\"audio\"]}"), Json.line(both));
        assertEquals(both, Json.MAPPER.readValue(Json.line(both), MatchedSegment.class));
        // Results written before views and sound were recorded: the segment alone.
        MatchedSegment older = Json.MAPPER.readValue("{\"query_start\":6.0,\"query_end\":21.0,"
                + "\"reference_start\":12.0,\"reference_end\":27.0,\"score\":0.93}", MatchedSegment.class);
        assertEquals(segment, older.segment());
        assertNull(older.queryView());
        assertNull(older.evidence());
        assertNull(older.whereFound());
    }

    @Test
    void whereFoundSaysTheViewAndTheRegionInPercentOfTheFrame() {
        Segment segment = new Segment(6, 21, 12, 27, 0.93);
        assertEquals("found in a region of the query: 45% x 45% at (50%, 10%)",
                new MatchedSegment(segment, MatchedSegment.View.REGION, INSET).whereFound());
        assertEquals("found in the query's frame mirrored",
                new MatchedSegment(segment, MatchedSegment.View.MIRRORED, null).whereFound());
        assertThrows(IllegalArgumentException.class,
                () -> new MatchedSegment(segment, MatchedSegment.View.DECODED, INSET));
    }
}
