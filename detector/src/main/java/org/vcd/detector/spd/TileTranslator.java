package org.vcd.detector.spd;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import java.util.List;
import org.vcd.tensorflow.ServedModel;

/**
 * The detector model's tensors: a batch of tiles in ({@code [tiles, TILE, TILE, CHANNELS]}, channels last), one
 * grid of {@link Grid#OUTPUTS} numbers per cell back for each tile. The batch is the model's own first axis, so DJL
 * batches nothing.
 */
final class TileTranslator implements NoBatchifyTranslator<List<TileTranslator.InputTile>, float[][]> {

    /** A tile of a matrix's detector input. */
    record InputTile(DetectorInput input, Tile tile) {
    }

    private static final int PIXELS = Grid.TILE * Grid.TILE * DetectorInput.CHANNELS;

    @Override
    public NDList processInput(TranslatorContext context, List<InputTile> tiles) {
        float[] batch = new float[tiles.size() * PIXELS];
        for (int t = 0; t < tiles.size(); t++) {
            tiles.get(t).input().write(tiles.get(t).tile(), Grid.TILE, batch, t * PIXELS);
        }
        return new NDList(context.getNDManager().create(batch,
                new Shape(tiles.size(), Grid.TILE, Grid.TILE, DetectorInput.CHANNELS)));
    }

    @Override
    public float[][] processOutput(TranslatorContext context, NDList list) {
        return ServedModel.rows(list);
    }
}
