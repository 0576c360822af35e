package org.vcd.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcd.domain.Segment;
import org.vcd.matcher.FrameStore;
import org.vcd.testdata.CopiedSegment;
import org.vcd.testdata.CopyFixture;

/** A horizontally flipped copy (FFmpeg's hflip of the fixture's copy) checked with and without query mirroring. */
class MirroringTest {

    @TempDir
    static Path dir;

    private static CopyFixture fixture;
    private static Path flipped;
    private static Path store;
    private static final PipelineModels MODELS = new PipelineModels();

    @BeforeAll
    static void indexTheReference() throws Exception {
        fixture = CopyFixture.create(dir.resolve("fixture"), 43);
        flipped = fixture.writeMirroredCopy(dir.resolve("copy-hflip.mp4"));
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

    private static CheckResult check(boolean mirror, Path query) throws Exception {
        PipelineConfig pipeline = new PipelineConfig("classic", "uniform", "tn", mirror, false);
        CopyDetector detector = CopyDetector.of(pipeline, MODELS);
        try (FrameStore opened = detector.openStoreForReading(store)) {
            return detector.check(opened, query, query.toString());
        }
    }

    @Test
    void theFlippedCopyIsFoundWhereItIsOnlyWithMirroring() throws Exception {
        CopiedSegment truth = fixture.groundTruth().get(0);
        CheckResult mirrored = check(true, flipped);
        assertEquals(1, mirrored.matches().size(), mirrored.toString());
        assertEquals("reference", mirrored.matches().get(0).reference());
        MatchedSegment matched = mirrored.matches().get(0).segments().get(0);
        assertEquals(MatchedSegment.View.MIRRORED, matched.queryView(), matched.toString());
        Segment found = matched.segment();
        // Within 2 s of the ground truth on both axes (1 s grid; the copy's first and last frames are altered).
        assertEquals(truth.queryStart(), found.queryStart(), 2.0, found.toString());
        assertEquals(truth.queryEnd(), found.queryEnd(), 2.0, found.toString());
        assertEquals(truth.referenceStart(), found.referenceStart(), 2.0, found.toString());
        assertEquals(truth.referenceEnd(), found.referenceEnd(), 2.0, found.toString());

        // The classic descriptor is not mirror-invariant: without mirroring, the flipped copy is not found.
        CheckResult plain = check(false, flipped);
        assertTrue(plain.matches().isEmpty(), plain.toString());
    }

    @Test
    void mirroringKeepsFindingTheUnflippedCopyAndNothingInUnrelatedFootage() throws Exception {
        CheckResult copy = check(true, fixture.copy());
        assertEquals("reference", copy.matches().get(0).reference());
        assertEquals(MatchedSegment.View.DECODED, copy.matches().get(0).segments().get(0).queryView());
        assertTrue(check(true, fixture.unrelated()).matches().isEmpty());
        assertEquals("classic-uniform-tn-mirror", new PipelineConfig("classic", "uniform", "tn", true, false).label());
        assertEquals("classic-uniform-tn", new PipelineConfig("classic", "uniform", "tn", false, false).label());
        assertTrue(PipelineConfig.DEFAULT.mirror(), "queries are mirrored by default");
    }
}
