package org.vcd.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcd.ingest.VideoFeatures;
import org.vcd.matcher.FrameStore;
import org.vcd.testdata.CopyFixture;

/** The keyframe selector chosen by name: change-based selection stores fewer frames and still finds the copy. */
class KeyframesTest {

    @TempDir
    Path dir;

    @Test
    void changeBasedSelectionStoresFewerFramesAndTheCopyIsStillFound() throws Exception {
        CopyFixture fixture = CopyFixture.create(dir.resolve("fixture"), 47);
        CopyDetector uniform = CopyDetector.of(new PipelineConfig("classic", "uniform", "tn", false));
        CopyDetector change = CopyDetector.of(new PipelineConfig("classic", "change", "tn", false));
        Path store = dir.resolve("store");
        VideoFeatures kept;
        try (FrameStore opened = change.openStoreForWriting(store)) {
            kept = change.index(opened, fixture.reference(), "reference");
        }
        VideoFeatures all = uniform.referenceFeatures(fixture.reference());
        assertTrue(kept.frameCount() < all.frameCount(), kept.frameCount() + " of " + all.frameCount());
        assertEquals(all.durationSeconds(), kept.durationSeconds());
        try (FrameStore opened = change.openStoreForReading(store)) {
            CheckResult result = change.check(opened, fixture.copy(), "copy");
            assertEquals("reference", result.matches().get(0).reference(), result.toString());
        }
    }

    @Test
    void anUnknownSelectorIsRefusedWithTheAllowedNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PipelineConfig("classic", "learned", "tn", false));
        assertTrue(e.getMessage().contains("uniform, change"), e.getMessage());
    }
}
