package org.vcd.deploy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.vcd.detector.Localizer;
import org.vcd.detector.TemporalNetwork;
import org.vcd.detector.spd.SegmentDetector;
import org.vcd.keyframe.KeyframeSelector;
import org.vcd.keyframe.LearnedKeyframes;
import org.vcd.keyframe.UniformKeyframes;

/** The localizer a pipeline gets for its keyframe selector and its embedder. */
class LocalizersTest {

    @Test
    void theFusedEmbeddersMatricesAreLocalizedByTheDetectorTrainedOnThem() {
        try (PipelineModels models = new PipelineModels()) {
            SegmentDetector classic = (SegmentDetector) Localizers.named("spd", "classic", UniformKeyframes.ALL, models);
            SegmentDetector fused = (SegmentDetector) Localizers.named("spd", Embedders.FUSED, UniformKeyframes.ALL,
                    models);
            assertNotSame(classic, fused);
            assertNotEquals(classic.description().training(), fused.description().training(), "another model");
            assertSame(classic, Localizers.named("spd", "mobilenet", UniformKeyframes.ALL, models),
                    "the other embedders share the classic descriptor's detector");
            assertSame(fused, Localizers.named("spd", Embedders.FUSED, UniformKeyframes.ALL, models));
        }
    }

    @Test
    void theLearnedSelectorsStoresAreLocalizedByTheDetectorTrainedWithIt() {
        try (PipelineModels models = new PipelineModels()) {
            KeyframeSelector learned = Keyframes.named("learned", models);
            assertTrue(((LearnedKeyframes) learned).jointDetector().isPresent(),
                    "the committed selector was trained with its detector");
            Localizer committed = Localizers.named("spd", "classic", UniformKeyframes.ALL, models);

            Localizer joint = Localizers.named("spd", "classic", learned, models);
            assertInstanceOf(SegmentDetector.class, joint);
            assertNotSame(committed, joint, "not the committed detector");
            assertSame(joint, Localizers.named("spd", "classic", Keyframes.named("learned:0.7", models), models),
                    "one detector for any threshold");
            assertSame(committed, Localizers.named("spd", "classic", Keyframes.named("uniform", models), models));
            assertSame(committed, Localizers.named("spd", "classic", Keyframes.named("change", models), models));
            assertInstanceOf(TemporalNetwork.class, Localizers.named("tn", "classic", learned, models),
                    "other localizers stay as named");

            SegmentDetector everything = (SegmentDetector) Localizers.unfiltered("spd", "classic", learned, models);
            assertTrue(everything.description().training().containsKey("trained_jointly_with_keyframes_from"),
                    "the unfiltered detector of learned stores is the joint one");
            assertFalse(((SegmentDetector) Localizers.unfiltered("spd", "classic", Keyframes.named("uniform", models),
                    models)).description().training().containsKey("trained_jointly_with_keyframes_from"),
                    "uniform stores get the committed one");
        }
    }

}
