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
 * Copies only a query view sees, checked with and without it: a horizontally flipped copy (FFmpeg's hflip of the
 * fixture's copy) with and without mirroring, and a picture-in-picture copy (the copy shrunk to 45% of the frame over
 * unrelated moving footage) with and without regions.
 */
class QueryViewsTest {

    @TempDir
    static Path dir;

    private static CopyFixture fixture;
    private static Path flipped;
    private static Path inset;
    private static Path flippedInset;
    private static Path store;
    private static final PipelineModels MODELS = new PipelineModels();

    @BeforeAll
    static void indexTheReference() throws Exception {
        fixture = CopyFixture.create(dir.resolve("fixture"), 43);
        flipped = fixture.writeMirroredCopy(dir.resolve("copy-hflip.mp4"));
        inset = fixture.writeInsetCopy(dir.resolve("copy-inset.mp4"), 0.5, 0.1, 0.45);
        flippedInset = fixture.writeMirrored(inset, dir.resolve("copy-inset-hflip.mp4"));
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

    private static CheckResult check(PipelineConfig pipeline, Path query) throws Exception {
        return StoredChecks.check(pipeline, MODELS, store, query);
    }

    private static CheckResult checkMirrored(boolean mirror, Path query) throws Exception {
        return check(new PipelineConfig("classic", "uniform", "tn", mirror, false), query);
    }

    private static CheckResult checkRegions(boolean regions, Path query) throws Exception {
        return check(defaultsWith(PipelineConfig.DEFAULT.mirror(), regions), query);
    }

    /** The default pipeline with the given query views. */
    private static PipelineConfig defaultsWith(boolean mirror, boolean regions) {
        PipelineConfig defaults = PipelineConfig.DEFAULT;
        return new PipelineConfig(defaults.embedder(), defaults.keyframes(), defaults.localizer(), mirror, regions);
    }

    /** A region of the 64 pixels regions are found on, within a few pixels of the square at (x, y) of this side. */
    private static void assertRegion(QueryRegion region, double x, double y, double side) {
        assertEquals(x, region.x(), 0.08, region.toString());
        assertEquals(y, region.y(), 0.08, region.toString());
        assertEquals(side, region.width(), 0.08, region.toString());
        assertEquals(side, region.height(), 0.08, region.toString());
    }

    /**
     * The one match is the reference, within 2 s of the truth on both axes (1 s grid; the copy's ends are altered);
     * returns its first segment.
     */
    private static MatchedSegment assertLocated(CheckResult result) {
        CopiedSegment truth = fixture.groundTruth().get(0);
        assertEquals(1, result.matches().size(), result.toString());
        assertEquals("reference", result.matches().get(0).reference());
        MatchedSegment matched = result.matches().get(0).segments().get(0);
        Segment found = matched.segment();
        assertEquals(truth.queryStart(), found.queryStart(), 2.0, found.toString());
        assertEquals(truth.queryEnd(), found.queryEnd(), 2.0, found.toString());
        assertEquals(truth.referenceStart(), found.referenceStart(), 2.0, found.toString());
        assertEquals(truth.referenceEnd(), found.referenceEnd(), 2.0, found.toString());
        return matched;
    }

    /** The default pipeline reads a found copy's ends from a denser pass than its 1 s grid (SegmentEnds). */
    @Test
    void theEndsOfAPlainCopyComeWithinAQuarterSecond() throws Exception {
        CopiedSegment truth = fixture.groundTruth().get(0);
        Segment found = assertLocated(check(PipelineConfig.DEFAULT, fixture.copy())).segment();
        assertEquals(truth.queryStart(), found.queryStart(), 0.25, found + " against " + truth);
        assertEquals(truth.queryEnd(), found.queryEnd(), 0.25, found + " against " + truth);
        assertEquals(truth.referenceStart(), found.referenceStart(), 0.25, found + " against " + truth);
        assertEquals(truth.referenceEnd(), found.referenceEnd(), 0.25, found + " against " + truth);
    }

    @Test
    void theFlippedCopyIsFoundWhereItIsOnlyWithMirroring() throws Exception {
        MatchedSegment matched = assertLocated(checkMirrored(true, flipped));
        assertEquals(MatchedSegment.View.MIRRORED, matched.queryView(), matched.toString());
        // The classic descriptor is not mirror-invariant: without mirroring, the flipped copy is not found.
        CheckResult plain = checkMirrored(false, flipped);
        assertTrue(plain.matches().isEmpty(), plain.toString());
    }

    @Test
    void mirroringKeepsFindingTheUnflippedCopyAndNothingInUnrelatedFootage() throws Exception {
        CheckResult copy = checkMirrored(true, fixture.copy());
        assertEquals("reference", copy.matches().get(0).reference());
        assertEquals(MatchedSegment.View.DECODED, copy.matches().get(0).segments().get(0).queryView());
        assertTrue(checkMirrored(true, fixture.unrelated()).matches().isEmpty());
        PipelineConfig.Audio off = PipelineConfig.Audio.OFF;
        assertEquals("classic-uniform-tn-mirror",
                new PipelineConfig("classic", "uniform", "tn", true, false).withAudio(off).label());
        assertEquals("classic-uniform-tn",
                new PipelineConfig("classic", "uniform", "tn", false, false).withAudio(off).label());
        assertEquals("classic-uniform-tn-audio-auto", new PipelineConfig("classic", "uniform", "tn", false, false)
                .withAudio(PipelineConfig.Audio.AUTO).label());
        assertTrue(PipelineConfig.DEFAULT.mirror(), "queries are mirrored by default");
    }

    @Test
    void theInsetCopyIsFoundAndLocatedOnlyWithRegions() throws Exception {
        CheckResult withRegions = checkRegions(true, inset);
        MatchedSegment matched = assertLocated(withRegions);
        // Found by a region view, in the inset: 45% of the frame at (50%, 10%), to within a few of the 64 pixels the
        // regions are found on.
        assertEquals(MatchedSegment.View.REGION, matched.queryView(), matched.toString());
        assertRegion(matched.queryRegion(), 0.5, 0.1, 0.45);
        assertTrue(Json.line(withRegions).contains("\"query_view\":\"region\",\"query_region\":{\"x\":"),
                Json.line(withRegions));
        // Its ends are read from the denser pass too, in the region it was found in (on the 1 s grid they were half a
        // second out on the query and three quarters on the reference).
        CopiedSegment truth = fixture.groundTruth().get(0);
        Segment found = matched.segment();
        assertEquals(truth.queryStart(), found.queryStart(), 0.25, found + " against " + truth);
        assertEquals(truth.queryEnd(), found.queryEnd(), 0.25, found + " against " + truth);
        assertEquals(truth.referenceStart(), found.referenceStart(), 0.5, found + " against " + truth);
        assertEquals(truth.referenceEnd(), found.referenceEnd(), 0.5, found + " against " + truth);
        // The whole frame is mostly the unrelated footage: the descriptor does not see the copy in it.
        CheckResult whole = checkRegions(false, inset);
        assertTrue(whole.matches().isEmpty(), whole.toString());
    }

    /** The inset copy mirrored, background and all: neither the mirrored frame nor the inset as cut shows the copy. */
    @Test
    void theMirroredInsetIsFoundByTheMirroredRegionView() throws Exception {
        CheckResult result = check(PipelineConfig.DEFAULT, flippedInset);
        MatchedSegment matched = assertLocated(result);
        assertEquals(MatchedSegment.View.MIRRORED_REGION, matched.queryView(), matched.toString());
        assertRegion(matched.queryRegion(), 0.05, 0.1, 0.45);
        assertTrue(Json.line(result).contains("\"query_view\":\"mirrored_region\""), Json.line(result));
        assertTrue(matched.whereFound().contains("mirrored"), matched.whereFound());
        // Without mirroring there are no mirrored views, and nothing else sees the copy.
        CheckResult unmirrored = check(defaultsWith(false, true), flippedInset);
        assertTrue(unmirrored.matches().isEmpty(), unmirrored.toString());
    }

    @Test
    void regionsFindNothingInUnrelatedFootageAndStillFindThePlainCopy() throws Exception {
        assertTrue(checkRegions(true, fixture.unrelated()).matches().isEmpty());
        Match plain = checkRegions(true, fixture.copy()).matches().get(0);
        assertEquals("reference", plain.reference());
        // The plain copy fills the frame: the decoded view, not a region of it, finds it.
        assertEquals(MatchedSegment.View.DECODED, plain.segments().get(0).queryView(), plain.segments().toString());
        assertNull(plain.segments().get(0).queryRegion());
        assertEquals("classic-uniform-spd-mirror-regions-audio",
                new PipelineConfig("classic", "uniform", "spd", true, true).withAudio(PipelineConfig.Audio.ON).label());
        assertTrue(PipelineConfig.DEFAULT.regions(), "query regions are on by default");
    }
}
