package org.vcd.train.backbone;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Keras model in TensorFlow.js layers format as an npm package bundles it: the topology and weights manifest in
 * {@code model.min.js}, the weight shards as base64 strings in {@code <path>.min.js}, each wrapped in a browserify
 * module ({@code exports=...}). Weights come dequantized: a uint8 value {@code q} stands for {@code min + scale * q}.
 *
 * @param layers  the model's layers in topology order
 * @param weights every weight by its name ({@code <layer>/<kind>}, e.g. {@code Conv1/kernel})
 * @param files   the files it was read from: the topology, then the shards in manifest order
 */
public record TfjsModel(List<Layer> layers, Map<String, Weight> weights, List<Path> files) {

    public static final String TOPOLOGY_FILE = "model.min.js";

    /** Minified JavaScript object literals: unquoted keys, {@code .5}; {@code !0}/{@code !1} are replaced first. */
    private static final ObjectMapper LITERALS = new ObjectMapper(JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
            .enable(JsonReadFeature.ALLOW_LEADING_DECIMAL_POINT_FOR_NUMBERS)
            .enable(JsonReadFeature.ALLOW_TRAILING_DECIMAL_POINT_FOR_NUMBERS)
            .build());

    /**
     * @param name      the layer's name, also its weights' prefix
     * @param className Keras class ({@code Conv2D}, {@code BatchNormalization}, ...)
     * @param config    the layer's Keras config
     * @param inbound   names of the layers it takes its inputs from
     */
    public record Layer(String name, String className, JsonNode config, List<String> inbound) {
    }

    /** @param shape the tensor's shape (Keras order: a convolution kernel is {@code [h, w, in, out]}) */
    public record Weight(long[] shape, float[] values) {
    }

    public TfjsModel {
        layers = List.copyOf(layers);
        weights = Map.copyOf(weights);
        files = List.copyOf(files);
    }

    /** Reads the model in {@code folder} ({@value #TOPOLOGY_FILE} and the shards its manifest names). */
    public static TfjsModel read(Path folder) throws IOException {
        JsonNode model = topology(folder);
        List<Layer> layers = new ArrayList<>();
        for (JsonNode layer : model.path("modelTopology").path("model_config").path("config").path("layers")) {
            List<String> inbound = new ArrayList<>();
            for (JsonNode node : layer.path("inbound_nodes")) {
                node.forEach(edge -> inbound.add(edge.get(0).asText()));
            }
            layers.add(new Layer(layer.path("name").asText(), layer.path("class_name").asText(),
                    layer.path("config"), inbound));
        }
        if (layers.isEmpty()) {
            throw new IOException("no layers in " + folder.resolve(TOPOLOGY_FILE) + ": not a TensorFlow.js layers model");
        }
        Map<String, Weight> weights = new LinkedHashMap<>();
        List<Path> files = new ArrayList<>(List.of(folder.resolve(TOPOLOGY_FILE)));
        for (JsonNode group : model.path("weightsManifest")) {
            List<Path> shards = new ArrayList<>();
            group.path("paths").forEach(p -> shards.add(folder.resolve(p.asText() + ".min.js")));
            files.addAll(shards);
            byte[] bytes = shards(shards);
            int offset = 0;
            for (JsonNode spec : group.path("weights")) {
                long[] shape = new long[spec.path("shape").size()];
                long count = 1;
                for (int d = 0; d < shape.length; d++) {
                    shape[d] = spec.path("shape").get(d).asLong();
                    count *= shape[d];
                }
                JsonNode quantization = spec.path("quantization");
                if (!quantization.path("dtype").asText().equals("uint8") || !spec.path("dtype").asText().equals("float32")) {
                    throw new IOException("weight " + spec.path("name").asText() + ": only uint8-quantized float32 "
                            + "weights are read, not " + spec.path("dtype").asText() + "/" + quantization.path("dtype"));
                }
                if (offset + count > bytes.length) {
                    throw new IOException("the shards of " + folder + " end inside weight " + spec.path("name").asText());
                }
                double min = quantization.path("min").asDouble();
                double scale = quantization.path("scale").asDouble();
                float[] values = new float[(int) count];
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) (min + scale * (bytes[offset + i] & 0xff));
                }
                offset += (int) count;
                weights.put(spec.path("name").asText(), new Weight(shape, values));
            }
            if (offset != bytes.length) {
                throw new IOException("the shards of " + folder + " hold " + bytes.length + " bytes; the manifest names "
                        + offset);
            }
        }
        return new TfjsModel(layers, weights, files);
    }

    /** The named weight, or a clear error when the package lacks it. */
    public Weight weight(String name) {
        Weight weight = weights.get(name);
        if (weight == null) {
            throw new IllegalArgumentException("the model has no weight " + name);
        }
        return weight;
    }

    private static JsonNode topology(Path folder) throws IOException {
        return LITERALS.readTree(exported(Files.readString(folder.resolve(TOPOLOGY_FILE)), '{')
                .replace(":!0", ":true").replace(":!1", ":false"));
    }

    private static byte[] shards(List<Path> files) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Path file : files) {
            String js = Files.readString(file, StandardCharsets.US_ASCII);
            String literal = exported(js, '"');
            out.write(Base64.getDecoder().decode(literal.substring(1, literal.indexOf('"', 1))));
        }
        return out.toByteArray();
    }

    /** The text of the module's exported value, from its first character {@code open} on. */
    private static String exported(String js, char open) throws IOException {
        int at = js.indexOf("exports=" + open);
        if (at < 0) {
            throw new IOException("no bundled module value (exports=" + open + "...) found");
        }
        return js.substring(at + "exports=".length());
    }
}
