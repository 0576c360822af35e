package org.vcd.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcd.domain.VideoFeatures;
import org.vcd.matcher.FrameStore;
import org.vcd.testdata.CopyFixture;

/** The keyframe selector chosen by name: change-based selection stores fewer frames and still finds the copy. */
class KeyframesTest {

    @TempDir
    Path dir;

    private final PipelineModels models = new PipelineModels();

    @AfterEach
    void closeModels() {
        models.close();
    }

    @Test
    void changeBasedSelectionStoresFewerFramesAndTheCopyIsStillFound() throws Exception {
        CopyFixture fixture = CopyFixture.create(dir.resolve("fixture"), 47);
        CopyDetector uniform = CopyDetector.of(new PipelineConfig("classic", "uniform", "tn", false, false), models);
        CopyDetector change = CopyDetector.of(new PipelineConfig("classic", "change", "tn", false, false), models);
        Path store = dir.resolve("store");
        VideoFeatures kept;
        try (FrameStore opened = change.openStoreForWriting(store)) {
            kept = change.index(opened, fixture.reference(), "reference").frames();
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
    void theLearnedSelectorSamplesReferencesDenselyStoresFewerFramesThanUniformAndTheCopyIsStillFound()
            throws Exception {
        CopyFixture fixture = CopyFixture.create(dir.resolve("fixture"), 48);
        CopyDetector uniform = CopyDetector.of(new PipelineConfig("classic", "uniform", "spd", true, false), models);
        CopyDetector learned = CopyDetector.of(new PipelineConfig("classic", "learned", "spd", true, false), models);
        assertTrue(Keyframes.named("learned", models).sampleRate() > 1, "it chooses from a grid denser than 1 fps");
        Path store = dir.resolve("store");
        VideoFeatures kept;
        try (FrameStore opened = learned.openStoreForWriting(store)) {
            kept = learned.index(opened, fixture.reference(), "reference").frames();
        }
        VideoFeatures all = uniform.referenceFeatures(fixture.reference());
        assertTrue(kept.frameCount() < all.frameCount(), kept.frameCount() + " of " + all.frameCount());
        assertEquals(all.durationSeconds(), kept.durationSeconds(), 0.5);
        try (FrameStore opened = learned.openStoreForReading(store)) {
            assertTrue(opened.spec().keyframes().startsWith("learned-"), opened.spec().keyframes());
            CheckResult result = learned.check(opened, fixture.copy(), "copy");
            assertEquals("reference", result.matches().get(0).reference(), result.toString());
        }
    }

    @Test
    void aSelectorIsNamedWithAnOptionalSettingAndABadOneIsRefusedWithTheAllowedNames() {
        assertEquals("uniform-3", Keyframes.named("uniform:3", models).name());
        assertEquals("change-0.2-4.0", Keyframes.named("change:0.2", models).name());
        assertEquals("uniform-1", Keyframes.named("uniform", models).name());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> new PipelineConfig("classic", "best", "tn", false, false));
        assertTrue(unknown.getMessage().contains("uniform, change, learned"), unknown.getMessage());
        for (String bad : new String[] {"uniform:0", "uniform:1.5", "change:3", "learned:1", "learned:x"}) {
            assertThrows(IllegalArgumentException.class, () -> Keyframes.requireValid(bad), bad);
        }
    }
}
