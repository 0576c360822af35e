package org.vcd.train.backbone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.vcd.ingest.cnn.CnnEmbedder;
import org.vcd.ingest.cnn.EmbedderModel;
import org.vcd.tensorflow.SavedModels;
import org.vcd.tensorflow.TensorFlowNatives;

/**
 * The committed pretrained embedder against TensorFlow.js: its trunk's activations on two generated pictures must be
 * those the package's own runtime computes from the package's files (the fixture, made by
 * {@code reference-activations.js}), so a wrong layer order, padding, batch normalisation or weight dequantisation
 * fails here; and DJL must serve what the SavedModel computes.
 */
class CommittedBackboneTest {

    private static final String FIXTURE = "mobilenet_v2-activations.json";

    private static Path folder;
    private static EmbedderModel description;
    private static JsonNode fixture;

    @BeforeAll
    static void unpack() throws IOException {
        folder = SavedModels.unpack(CnnEmbedder.class, "/org/vcd/ingest/cnn/mobilenet/", List.of(EmbedderModel.FILE));
        description = SavedModels.readDescription(folder, EmbedderModel.FILE, EmbedderModel.class);
        try (InputStream in = CommittedBackboneTest.class.getResourceAsStream(FIXTURE)) {
            fixture = new ObjectMapper().readTree(in);
        }
        TensorFlowNatives.prepare();
    }

    @Test
    void trunkActivationsAreThoseOfTensorFlowJs() {
        @SuppressWarnings("unchecked")
        Map<String, Object> config = (Map<String, Object>) description.training().get("config");
        assertEquals(fixture.path("layer").asText(), config.get("layer"));
        int side = fixture.path("size").asInt();
        assertEquals(side, description.inputSize(), "the fixture was computed at the model's input size");
        String range = (String) config.get("input_range");
        int compared = 0;
        try (SavedModelBundle bundle = SavedModelBundle.load(folder.toString(), "serve")) {
            for (JsonNode expected : fixture.path("frames")) {
                if (!expected.path("input").asText().equals(range)) {
                    continue;
                }
                int frame = expected.path("frame").asInt();
                float[] activations;
                long[] shape;
                try (TFloat32 x = TFloat32.tensorOf(Shape.of(1, side, side, 3), DataBuffers.of(bgrFloats(frame, side)));
                     Result result = bundle.session().runner().feed(CnnEmbedder.INPUT, x)
                             .fetch(BackboneEmbedder.ACTIVATIONS).run()) {
                    TFloat32 y = (TFloat32) result.get(0);
                    shape = y.shape().asArray();
                    activations = new float[(int) y.shape().size()];
                    y.copyTo(DataBuffers.of(activations, false, false));
                }
                int height = (int) shape[1];
                int width = (int) shape[2];
                int channels = (int) shape[3];
                assertEquals(expected.path("height").asInt(), height);
                assertEquals(expected.path("width").asInt(), width);
                float[] mean = new float[channels];
                for (int p = 0; p < height * width; p++) {
                    for (int c = 0; c < channels; c++) {
                        mean[c] += activations[p * channels + c] / (height * width);
                    }
                }
                assertClose(floats(expected.path("mean")), mean, "frame " + frame + " mean activation");
                for (JsonNode at : expected.path("at")) {
                    int offset = (at.path("row").asInt() * width + at.path("column").asInt()) * channels;
                    float[] actual = new float[channels];
                    System.arraycopy(activations, offset, actual, 0, channels);
                    assertClose(floats(at.path("values")), actual, "frame " + frame + " at " + at.path("row") + ","
                            + at.path("column"));
                }
                compared++;
            }
        }
        assertEquals(2, compared, "the fixture holds both frames for the model's input range " + range);
    }

    @Test
    void djlServesWhatTheSavedModelComputes() throws IOException {
        int side = description.inputSize();
        List<byte[]> frames = new ArrayList<>();
        for (int f = 0; f < 2; f++) {
            float[] values = bgrFloats(f, side);
            byte[] bgr = new byte[values.length];
            for (int i = 0; i < values.length; i++) {
                bgr[i] = (byte) values[i];
            }
            frames.add(bgr);
        }
        float[] direct = new float[2 * description.dimension()];
        try (SavedModelBundle bundle = SavedModelBundle.load(folder.toString(), "serve");
             TFloat32 x = TFloat32.tensorOf(Shape.of(2, side, side, 3),
                     DataBuffers.of(concat(bgrFloats(0, side), bgrFloats(1, side))));
             Result result = bundle.session().runner().feed(CnnEmbedder.INPUT, x).fetch(CnnEmbedder.OUTPUT).run()) {
            ((TFloat32) result.get(0)).copyTo(DataBuffers.of(direct, false, false));
        }
        try (CnnEmbedder embedder = CnnEmbedder.load(folder, "mobilenet")) {
            assertTrue(embedder.name().startsWith("mobilenet-"), embedder.name());
            float[][] served = embedder.embed(frames);
            for (int f = 0; f < 2; f++) {
                float[] expected = new float[description.dimension()];
                System.arraycopy(direct, f * expected.length, expected, 0, expected.length);
                assertArrayEquals(expected, served[f], 1e-5f);
                double norm = 0;
                for (float v : served[f]) {
                    norm += v * v;
                }
                assertEquals(1, norm, 1e-4);
            }
            double cosine = 0;
            for (int i = 0; i < description.dimension(); i++) {
                cosine += served[0][i] * served[1][i];
            }
            assertTrue(cosine < 0.9, "two different pictures are told apart after centring: " + cosine);
        }
    }

    /** Within 1% of the largest activation: the quantized weights are the same, float summation orders are not. */
    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        float scale = 0;
        for (float v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int c = 0; c < expected.length; c++) {
            assertEquals(expected[c], actual[c], 0.01f * scale, what + ", channel " + c);
        }
    }

    /** Frame {@code frame} of reference-activations.js's formula, as BGR byte values in floats. */
    private static float[] bgrFloats(int frame, int side) {
        float[] bgr = new float[side * side * 3];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                for (int c = 0; c < 3; c++) {
                    bgr[(y * side + x) * 3 + (2 - c)] = pixel(frame, x, y, c, side);
                }
            }
        }
        return bgr;
    }

    private static float pixel(int f, int x, int y, int c, int side) {
        double u = (double) x / side;
        double v = (double) y / side;
        double p = 128 + 90 * Math.sin(6.3 * (u * (1 + f) + 0.7 * v * (c + 1))) * Math.cos(4.1 * v - f);
        if (u > 0.3 && u < 0.6 && v > 0.2 + 0.1 * f && v < 0.7) {
            p = c == f ? 230 : 40;
        }
        return Math.round(Math.min(255, Math.max(0, p)));
    }

    private static float[] floats(JsonNode array) {
        float[] values = new float[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) array.get(i).asDouble();
        }
        return values;
    }

    private static float[] concat(float[] a, float[] b) {
        float[] both = new float[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
