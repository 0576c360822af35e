package org.vcd.tensorflow;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * A trained model's folder loaded for serving: the description its json file holds, and its SavedModel served
 * through a {@link Translator} that owns the conversion between the model's domain types and its tensors.
 *
 * @param folder      where it was loaded from
 * @param description the folder's description record
 * @param model       the SavedModel in DJL's TensorFlow engine (its native session serves any thread)
 * @param translator  domain input to tensors, tensors to domain output
 * @param <D> the description record
 * @param <I> what the model is given
 * @param <O> what it gives back
 */
public record ServedModel<D, I, O>(Path folder, D description, ZooModel<NDList, NDList> model,
                                   Translator<I, O> translator) implements AutoCloseable {

    /**
     * Loads the SavedModel in {@code folder} with its description {@code file}, read as {@code type}; the translator
     * is made from the description, which says the shapes the model was trained for.
     */
    public static <D, I, O> ServedModel<D, I, O> load(Path folder, String file, Class<D> type,
                                                       Function<D, Translator<I, O>> translator) throws IOException {
        D description = SavedModels.readDescription(folder, file, type);
        return new ServedModel<>(folder, description, SavedModels.load(folder), translator.apply(description));
    }

    /** A new predictor: DJL predictors are not thread-safe, so take one per call. */
    public Predictor<I, O> newPredictor() {
        return model.newPredictor(translator);
    }

    /** One call of the model, with a predictor of its own (so any thread may call). */
    public O predict(I input) {
        try (Predictor<I, O> predictor = newPredictor()) {
            return predictor.predict(input);
        } catch (TranslateException e) {
            throw new IllegalStateException("the model in " + folder + " failed: " + e.getMessage(), e);
        }
    }

    /** A model's one output as rows of floats, one per item of its first (batch) axis: for a translator to hand back. */
    public static float[][] rows(NDList output) {
        NDArray array = output.singletonOrThrow();
        int count = (int) array.getShape().get(0);
        float[] values = array.toFloatArray();
        int width = count == 0 ? 0 : values.length / count;
        float[][] rows = new float[count][width];
        for (int r = 0; r < count; r++) {
            System.arraycopy(values, r * width, rows[r], 0, width);
        }
        return rows;
    }

    @Override
    public void close() {
        model.close();
    }
}
