package org.vcd.keyframe;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import org.vcd.domain.VideoFeatures;

/**
 * The keyframe model's tensors: one video's {@link SelectorInput} in ({@code [1, frames, CHANNELS]}), each frame's
 * keep-probability back (the model gives logits).
 */
final class KeepTranslator implements NoBatchifyTranslator<VideoFeatures, float[]> {

    @Override
    public NDList processInput(TranslatorContext context, VideoFeatures sampled) {
        return new NDList(context.getNDManager().create(SelectorInput.of(sampled),
                new Shape(1, sampled.frameCount(), SelectorInput.CHANNELS)));
    }

    @Override
    public float[] processOutput(TranslatorContext context, NDList list) {
        float[] logits = list.singletonOrThrow().toFloatArray();
        float[] probabilities = new float[logits.length];
        for (int i = 0; i < logits.length; i++) {
            probabilities[i] = (float) (1 / (1 + Math.exp(-logits[i])));
        }
        return probabilities;
    }
}
