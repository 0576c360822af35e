package org.vcd.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcd.domain.Segment;
import org.vcd.ingest.QueryRegion;
import org.vcd.matcher.FrameStore;
import org.vcd.testdata.CopiedSegment;
import org.vcd.testdata.CopyFixture;

/**
 * A picture-in-picture copy (the fixture's copy shrunk to 45% of the frame over unrelated moving footage) checked by
 * the default pipeline with and without query regions.
 */
class QueryRegionsTest {

    @TempDir
    static Path dir;

    private static CopyFixture fixture;
    private static Path inset;
    private static Path store;
    private static final PipelineModels MODELS = new PipelineModels();

    @BeforeAll
    static void indexTheReference() throws Exception {
        fixture = CopyFixture.create(dir.resolve("fixture"), 47);
        inset = fixture.writeInsetCopy(dir.resolve("copy-inset.mp4"), 0.5, 0.1, 0.45);
        store = dir.resolve("store");
        CopyDetector detector = CopyDetector.withDefaults(MODELS);
        try (FrameStore opened = detector.openStoreForWriting(store)) {
            detector.index(opened, fixture.reference(), "reference");
        }
    }

    @AfterAll
    static void closeModels() {
        MODELS.close();
    }

    private static CheckResult check(boolean regions, Path query) throws Exception {
        PipelineConfig defaults = PipelineConfig.DEFAULT;
        CopyDetector detector = CopyDetector.of(new PipelineConfig(defaults.embedder(), defaults.keyframes(),
                defaults.localizer(), defaults.mirror(), regions), MODELS);
        try (FrameStore opened = detector.openStoreForReading(store)) {
            return detector.check(opened, query, query.toString());
        }
    }

    @Test
    void theInsetCopyIsFoundAndLocatedOnlyWithRegions() throws Exception {
        CopiedSegment truth = fixture.groundTruth().get(0);
        CheckResult withRegions = check(true, inset);
        assertEquals(1, withRegions.matches().size(), withRegions.toString());
        assertEquals("reference", withRegions.matches().get(0).reference());
        MatchedSegment matched = withRegions.matches().get(0).segments().get(0);
        Segment found = matched.segment();
        assertEquals(truth.queryStart(), found.queryStart(), 2.0, found.toString());
        assertEquals(truth.queryEnd(), found.queryEnd(), 2.0, found.toString());
        assertEquals(truth.referenceStart(), found.referenceStart(), 2.0, found.toString());
        assertEquals(truth.referenceEnd(), found.referenceEnd(), 2.0, found.toString());
        // Found by a region view, in the inset: 45% of the frame at (50%, 10%), to within a few of the 64 pixels the
        // regions are found on.
        assertEquals(MatchedSegment.View.REGION, matched.queryView(), matched.toString());
        QueryRegion region = matched.queryRegion();
        assertEquals(0.5, region.x(), 0.08, region.toString());
        assertEquals(0.1, region.y(), 0.08, region.toString());
        assertEquals(0.45, region.width(), 0.08, region.toString());
        assertEquals(0.45, region.height(), 0.08, region.toString());
        assertTrue(Json.line(withRegions).contains("\"query_view\":\"region\",\"query_region\":{\"x\":"),
                Json.line(withRegions));

        // The whole frame is mostly the unrelated footage: the descriptor does not see the copy in it.
        CheckResult whole = check(false, inset);
        assertTrue(whole.matches().isEmpty(), whole.toString());
    }

    @Test
    void regionsFindNothingInUnrelatedFootageAndStillFindThePlainCopy() throws Exception {
        assertTrue(check(true, fixture.unrelated()).matches().isEmpty());
        Match plain = check(true, fixture.copy()).matches().get(0);
        assertEquals("reference", plain.reference());
        // The plain copy fills the frame: the decoded view, not a region of it, finds it.
        assertEquals(MatchedSegment.View.DECODED, plain.segments().get(0).queryView(), plain.segments().toString());
        assertNull(plain.segments().get(0).queryRegion());
        assertEquals("classic-uniform-spd-mirror-regions",
                new PipelineConfig("classic", "uniform", "spd", true, true).label());
    }
}
