package org.vcd.deploy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.vcd.detector.Localizer;
import org.vcd.detector.TemporalNetwork;
import org.vcd.detector.spd.SegmentDetector;
import org.vcd.keyframe.KeyframeSelector;
import org.vcd.keyframe.LearnedKeyframes;

/** The localizer a pipeline gets for its keyframe selector. */
class LocalizersTest {

    @Test
    void theLearnedSelectorsStoresAreLocalizedByTheDetectorTrainedWithIt() {
        KeyframeSelector learned = Keyframes.named("learned");
        assertTrue(((LearnedKeyframes) learned).jointDetector().isPresent(),
                "the committed selector was trained with its detector");
        Localizer committed = Localizers.named("spd");

        Localizer joint = Localizers.named("spd", learned);
        assertInstanceOf(SegmentDetector.class, joint);
        assertNotSame(committed, joint, "not the committed detector");
        assertSame(joint, Localizers.named("spd", Keyframes.named("learned:0.7")), "one detector for any threshold");
        assertSame(committed, Localizers.named("spd", Keyframes.named("uniform")));
        assertSame(committed, Localizers.named("spd", Keyframes.named("change")));
        assertInstanceOf(TemporalNetwork.class, Localizers.named("tn", learned), "other localizers stay as named");

        SegmentDetector everything = (SegmentDetector) Localizers.unfiltered("spd", learned);
        assertTrue(everything.description().training().containsKey("trained_jointly_with_keyframes_from"),
                "the unfiltered detector of learned stores is the joint one");
        assertFalse(((SegmentDetector) Localizers.unfiltered("spd", Keyframes.named("uniform"))).description()
                .training().containsKey("trained_jointly_with_keyframes_from"), "uniform stores get the committed one");
    }
}
