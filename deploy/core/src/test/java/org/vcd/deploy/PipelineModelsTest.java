package org.vcd.deploy;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.vcd.keyframe.UniformKeyframes;

/** The one owner of a pipeline's learned models. */
class PipelineModelsTest {

    @Test
    void holdsOneDetectorPerFolderAndSettingsNotOnePerCall() {
        try (PipelineModels models = new PipelineModels()) {
            assertSame(Localizers.unfiltered("spd", "classic", UniformKeyframes.ALL, models),
                    Localizers.unfiltered("spd", "classic", UniformKeyframes.ALL, models));
            assertNotSame(Localizers.named("spd", "classic", UniformKeyframes.ALL, models),
                    Localizers.unfiltered("spd", "classic", UniformKeyframes.ALL, models), "another threshold");
        }
    }

    @Test
    void handsOutNothingOnceClosed() {
        PipelineModels models = new PipelineModels();
        models.close();
        assertThrows(IllegalStateException.class, () -> Keyframes.named("learned", models));
        assertThrows(IllegalStateException.class, () -> Embedders.named("cnn", models).get());
        assertThrows(IllegalStateException.class,
                () -> Localizers.named("spd", "classic", UniformKeyframes.ALL, models));
    }
}
