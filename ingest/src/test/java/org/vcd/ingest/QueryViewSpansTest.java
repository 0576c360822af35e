package org.vcd.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcd.domain.VideoFeatures;
import org.vcd.testdata.CopyFixture;

/** A pass that embeds only some stretches of the query: those frames as a full pass gives them, the rest zero. */
class QueryViewSpansTest {

    @TempDir
    Path dir;

    @Test
    void framesInsideTheSpansAreThoseOfTheFullPassAndTheOthersAreZero() throws Exception {
        CopyFixture fixture = CopyFixture.create(dir.resolve("fixture"), 43);
        VideoIngest ingest = new VideoIngest(IngestConfig.DEFAULT);
        QueryRegion cut = new QueryRegion(0.25, 0.25, 0.5, 0.5);
        QueryFeatures full = ingest.ingestViews(fixture.copy(), new QueryViews(true, false, List.of(cut)));
        double end = full.decoded().durationSeconds();
        assertTrue(end > 5, "the fixture's copy lasts " + end + " s");
        List<QueryViews.Span> spans = List.of(new QueryViews.Span(1, 2), new QueryViews.Span(end - 1.5, end + 2));
        QueryFeatures part = ingest.ingestViews(fixture.copy(), new QueryViews(true, false, List.of(cut), spans));

        List<VideoFeatures> fullViews = new ArrayList<>(full.views());
        fullViews.addAll(full.cuts());
        List<VideoFeatures> partViews = new ArrayList<>(part.views());
        partViews.addAll(part.cuts());
        assertEquals(3, fullViews.size());
        assertEquals(fullViews.size(), partViews.size());
        assertArrayEquals(full.decoded().timestamps(), part.decoded().timestamps());
        assertEquals(full.decoded().durationSeconds(), part.decoded().durationSeconds());
        int embedded = 0;
        int leftOut = 0;
        for (int v = 0; v < fullViews.size(); v++) {
            VideoFeatures all = fullViews.get(v);
            VideoFeatures some = partViews.get(v);
            for (int i = 0; i < all.frameCount(); i++) {
                double t = all.timestamps()[i];
                if (t >= 1 && t <= 2 || t >= end - 1.5) {
                    assertArrayEquals(all.vectors()[i], some.vectors()[i], "view " + v + " at " + t + " s");
                    assertTrue(!VideoFeatures.isBlank(some.vectors()[i]), "view " + v + " at " + t + " s");
                    embedded++;
                } else {
                    assertTrue(VideoFeatures.isBlank(some.vectors()[i]), "view " + v + " at " + t + " s is left out");
                    leftOut++;
                }
            }
        }
        // 1 fps: 1 and 2 s and the last one or two frames, in each of the three views (decoded, mirrored, cut).
        assertTrue(embedded >= 9, embedded + " frames embedded");
        assertTrue(leftOut >= 6, leftOut + " frames left out");
    }

    @Test
    void regionViewsTakeNoSpans() {
        assertThrows(IllegalArgumentException.class,
                () -> new QueryViews(false, true, List.of(), List.of(new QueryViews.Span(0, 1))));
        assertThrows(IllegalArgumentException.class, () -> new QueryViews.Span(2, 1));
    }
}
