package org.vcd.ingest.cnn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import java.util.List;
import org.vcd.tensorflow.ServedModel;

/**
 * The embedder model's tensors: a batch of square BGR frames in, as their bytes' values in floats
 * ({@code [frames, side, side, 3]}: the graph normalises them itself), one vector per frame back. The batch is the
 * model's own first axis, so DJL batches nothing.
 */
record FrameTranslator(int side) implements NoBatchifyTranslator<List<byte[]>, float[][]> {

    FrameTranslator(EmbedderModel model) {
        this(model.inputSize());
    }

    @Override
    public NDList processInput(TranslatorContext context, List<byte[]> frames) {
        return new NDList(context.getNDManager().create(CnnEmbedder.inputValues(frames, side),
                new Shape(frames.size(), side, side, 3)));
    }

    @Override
    public float[][] processOutput(TranslatorContext context, NDList list) {
        return ServedModel.rows(list);
    }
}
