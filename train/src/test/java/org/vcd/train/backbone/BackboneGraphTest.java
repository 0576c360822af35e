package org.vcd.train.backbone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.vcd.tensorflow.TensorFlowNatives;

/**
 * A tiny model in the package's format, written here: the minified-JavaScript wrapping, the base64 shard, the uint8
 * dequantisation and each layer kind against values worked out by hand.
 */
class BackboneGraphTest {

    /**
     * input (1 channel) -> 1x1 convolution to 2 channels (weights 1 and -1) -> batch norm -> ReLU6, plus a skip:
     * Add(relu, conv). Weights quantized with min -1, scale 0.5: bytes 4 and 0 give 1 and -1; the batch norm's
     * gamma 2 (byte 6), beta 0.5 (3), mean 0 (2), variance 1 (4), epsilon 0 so the scale is exactly 2.
     */
    private static final String TOPOLOGY = "a.exports={modelTopology:{keras_version:\"2.2.4\",model_config:{class_name:"
            + "\"Model\",config:{name:\"tiny\",layers:["
            + "{name:\"input_1\",class_name:\"InputLayer\",config:{batch_input_shape:[null,2,2,1]},inbound_nodes:[]},"
            + "{name:\"conv\",class_name:\"Conv2D\",config:{trainable:!1,filters:2,kernel_size:[1,1],strides:[1,1],"
            + "padding:\"same\",dilation_rate:[1,1],activation:\"linear\",use_bias:!1},"
            + "inbound_nodes:[[[\"input_1\",0,0,{}]]]},"
            + "{name:\"bn\",class_name:\"BatchNormalization\",config:{epsilon:0,center:!0,scale:!0,momentum:.999},"
            + "inbound_nodes:[[[\"conv\",0,0,{}]]]},"
            + "{name:\"relu\",class_name:\"ReLU\",config:{max_value:6,negative_slope:0,threshold:0},"
            + "inbound_nodes:[[[\"bn\",0,0,{}]]]},"
            + "{name:\"add\",class_name:\"Add\",config:{},inbound_nodes:[[[\"relu\",0,0,{}],[\"conv\",0,0,{}]]]},"
            + "{name:\"dense\",class_name:\"Dense\",config:{units:3},inbound_nodes:[[[\"add\",0,0,{}]]]}"
            + "]}}},weightsManifest:[{paths:[\"group1-shard1of1\"],weights:["
            + "{name:\"conv/kernel\",shape:[1,1,1,2],dtype:\"float32\",quantization:{min:-1,scale:.5,dtype:\"uint8\"}},"
            + "{name:\"bn/gamma\",shape:[2],dtype:\"float32\",quantization:{min:-1,scale:.5,dtype:\"uint8\"}},"
            + "{name:\"bn/beta\",shape:[2],dtype:\"float32\",quantization:{min:-1,scale:.5,dtype:\"uint8\"}},"
            + "{name:\"bn/moving_mean\",shape:[2],dtype:\"float32\",quantization:{min:-1,scale:.5,dtype:\"uint8\"}},"
            + "{name:\"bn/moving_variance\",shape:[2],dtype:\"float32\",quantization:{min:-1,scale:.5,dtype:\"uint8\"}}"
            + "]}]}";
    private static final byte[] WEIGHTS = {4, 0, 6, 6, 3, 3, 2, 2, 4, 4};

    @TempDir
    Path folder;

    @Test
    void readsTheWrappedTopologyAndDequantizesTheShard() throws IOException {
        write(WEIGHTS);
        TfjsModel model = TfjsModel.read(folder);
        assertEquals(6, model.layers().size());
        assertEquals("Conv2D", model.layers().get(1).className());
        assertEquals(false, model.layers().get(1).config().path("trainable").asBoolean(true), "!1 is false");
        assertEquals(0.999, model.layers().get(2).config().path("momentum").asDouble(), 1e-12);
        assertEquals(List.of("relu", "conv"), model.layers().get(4).inbound());
        assertArrayEquals(new float[] {1, -1}, model.weight("conv/kernel").values());
        assertArrayEquals(new long[] {1, 1, 1, 2}, model.weight("conv/kernel").shape());
        assertArrayEquals(new float[] {2, 2}, model.weight("bn/gamma").values());
        assertArrayEquals(new float[] {0.5f, 0.5f}, model.weight("bn/beta").values());
        assertEquals(List.of(folder.resolve(TfjsModel.TOPOLOGY_FILE), folder.resolve("group1-shard1of1.min.js")),
                model.files());
    }

    @Test
    void buildsEachLayerKindAsKerasComputesIt() throws IOException {
        write(WEIGHTS);
        TfjsModel model = TfjsModel.read(folder);
        TensorFlowNatives.prepare();
        float[] input = {-1, 0.5f, 2, 4};
        float[] out = new float[8];
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            Parameters parameters = new Parameters(tf);
            Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, 2, 2, 1)));
            Operand<TFloat32> y = BackboneGraph.trunk(tf, parameters, x, model, "add");
            parameters.initialize(session);
            try (TFloat32 in = TFloat32.tensorOf(Shape.of(1, 2, 2, 1), DataBuffers.of(input));
                 Result result = session.runner().feed(x, in).fetch(y).run()) {
                ((TFloat32) result.get(0)).copyTo(DataBuffers.of(out, false, false));
            }
        }
        for (int p = 0; p < 4; p++) {
            for (int c = 0; c < 2; c++) {
                float conv = c == 0 ? input[p] : -input[p];
                float bn = 2 * conv + 0.5f;
                float relu = Math.min(6, Math.max(0, bn));
                assertEquals(relu + conv, out[p * 2 + c], 1e-6, "position " + p + ", channel " + c);
            }
        }
    }

    @Test
    void refusesLayerKindsItDoesNotBuildByName() throws IOException {
        write(WEIGHTS);
        TfjsModel model = TfjsModel.read(folder);
        TensorFlowNatives.prepare();
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, 2, 2, 1)));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> BackboneGraph.trunk(tf, new Parameters(tf), x, model, "dense"));
            assertTrue(e.getMessage().contains("dense") && e.getMessage().contains("Dense"), e.getMessage());
            IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                    () -> BackboneGraph.trunk(tf, new Parameters(tf), x, model, "block_99"));
            assertTrue(missing.getMessage().contains("block_99"), missing.getMessage());
        }
    }

    @Test
    void refusesAShardShorterOrLongerThanTheManifest() throws IOException {
        write(Arrays.copyOf(WEIGHTS, 7));
        IOException shorter = assertThrows(IOException.class, () -> TfjsModel.read(folder));
        assertTrue(shorter.getMessage().contains("end inside weight"), shorter.getMessage());
        write(Arrays.copyOf(WEIGHTS, 12));
        IOException longer = assertThrows(IOException.class, () -> TfjsModel.read(folder));
        assertTrue(longer.getMessage().contains("12 bytes"), longer.getMessage());
        Files.writeString(folder.resolve(TfjsModel.TOPOLOGY_FILE), "console.log(1)");
        assertThrows(IOException.class, () -> TfjsModel.read(folder));
    }

    private void write(byte[] shard) throws IOException {
        TfjsFiles.write(folder, TOPOLOGY, shard);
    }
}
