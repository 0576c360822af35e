package org.vcd.train.backbone;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Builds a TensorFlow.js Keras model's layers as a TF Java graph, inference only, up to a chosen layer: the frozen
 * trunk of a pretrained network. Weights become {@link Parameters}; a batch normalisation becomes the per-channel scale and
 * offset its moving statistics give. Only the layer kinds MobileNetV2 uses up to its middle are known; anything else
 * is refused by name rather than built wrongly.
 */
public final class BackboneGraph {

    private BackboneGraph() {
    }

    /**
     * @param input NHWC images in the range and channel order the model was trained on
     * @return the activations of layer {@code last}
     */
    static Operand<TFloat32> trunk(Ops tf, Parameters parameters, Operand<TFloat32> input, TfjsModel model,
                                   String last) {
        if (model.layers().stream().noneMatch(layer -> layer.name().equals(last))) {
            throw new IllegalArgumentException("the model has no layer " + last);
        }
        Map<String, Operand<TFloat32>> outputs = new HashMap<>();
        for (TfjsModel.Layer layer : model.layers()) {
            outputs.put(layer.name(), layer(tf, parameters, layer, input, outputs, model));
            if (layer.name().equals(last)) {
                break;
            }
        }
        return outputs.get(last);
    }

    private static Operand<TFloat32> layer(Ops tf, Parameters parameters, TfjsModel.Layer layer,
                                           Operand<TFloat32> input, Map<String, Operand<TFloat32>> outputs,
                                           TfjsModel model) {
        if (layer.className().equals("InputLayer")) {
            return input;
        }
        List<Operand<TFloat32>> in = layer.inbound().stream().map(name -> {
            Operand<TFloat32> x = outputs.get(name);
            if (x == null) {
                throw new IllegalArgumentException("layer " + layer.name() + " takes " + name + ", not built before it");
            }
            return x;
        }).toList();
        JsonNode config = layer.config();
        String name = layer.name();
        return switch (layer.className()) {
            case "ZeroPadding2D" -> {
                JsonNode p = config.path("padding");
                yield tf.pad(in.get(0), tf.constant(new int[][] {{0, 0}, {p.get(0).get(0).asInt(), p.get(0).get(1).asInt()},
                        {p.get(1).get(0).asInt(), p.get(1).get(1).asInt()}, {0, 0}}), tf.constant(0f));
            }
            case "Conv2D" -> {
                linear(layer);
                Operand<TFloat32> y = tf.nn.conv2d(in.get(0), parameters.of(model.weight(name + "/kernel")),
                        strides(config), padding(config));
                yield bias(tf, parameters, y, layer, model);
            }
            case "DepthwiseConv2D" -> {
                linear(layer);
                Operand<TFloat32> y = tf.nn.depthwiseConv2dNative(in.get(0),
                        parameters.of(model.weight(name + "/depthwise_kernel")), strides(config), padding(config));
                yield bias(tf, parameters, y, layer, model);
            }
            case "BatchNormalization" -> batchNorm(tf, parameters, in.get(0), layer, model);
            case "ReLU" -> {
                if (config.path("negative_slope").asDouble() != 0 || config.path("threshold").asDouble() != 0
                        || config.path("max_value").asDouble() != 6) {
                    throw new IllegalArgumentException("layer " + name + ": only ReLU6 is built, not " + config);
                }
                yield tf.nn.relu6(in.get(0));
            }
            case "Add" -> {
                Operand<TFloat32> sum = in.get(0);
                for (int i = 1; i < in.size(); i++) {
                    sum = tf.math.add(sum, in.get(i));
                }
                yield sum;
            }
            default -> throw new IllegalArgumentException("layer " + name + ": " + layer.className()
                    + " layers are not built");
        };
    }

    /** y = (x - mean) / sqrt(variance + epsilon) * gamma + beta, folded into one scale and one offset per channel. */
    private static Operand<TFloat32> batchNorm(Ops tf, Parameters parameters, Operand<TFloat32> x, TfjsModel.Layer layer,
                                               TfjsModel model) {
        String name = layer.name();
        float[] mean = model.weight(name + "/moving_mean").values();
        float[] variance = model.weight(name + "/moving_variance").values();
        boolean scaled = layer.config().path("scale").asBoolean(true);
        boolean centred = layer.config().path("center").asBoolean(true);
        float[] gamma = scaled ? model.weight(name + "/gamma").values() : null;
        float[] beta = centred ? model.weight(name + "/beta").values() : null;
        double epsilon = layer.config().path("epsilon").asDouble(1e-3);
        float[] scale = new float[mean.length];
        float[] offset = new float[mean.length];
        for (int c = 0; c < mean.length; c++) {
            double s = (scaled ? gamma[c] : 1) / Math.sqrt(variance[c] + epsilon);
            scale[c] = (float) s;
            offset[c] = (float) ((centred ? beta[c] : 0) - mean[c] * s);
        }
        return tf.math.add(tf.math.mul(x, parameters.of(scale)), parameters.of(offset));
    }

    private static Operand<TFloat32> bias(Ops tf, Parameters parameters, Operand<TFloat32> y, TfjsModel.Layer layer,
                                          TfjsModel model) {
        return layer.config().path("use_bias").asBoolean(false)
                ? tf.nn.biasAdd(y, parameters.of(model.weight(layer.name() + "/bias"))) : y;
    }

    private static void linear(TfjsModel.Layer layer) {
        String activation = layer.config().path("activation").asText("linear");
        JsonNode dilation = layer.config().path("dilation_rate");
        if (!activation.equals("linear") || (dilation.isArray() && (dilation.get(0).asInt() != 1
                || dilation.get(1).asInt() != 1))) {
            throw new IllegalArgumentException("layer " + layer.name() + ": only linear, undilated convolutions are "
                    + "built, not " + activation + " with dilation " + dilation);
        }
    }

    private static List<Long> strides(JsonNode config) {
        JsonNode s = config.path("strides");
        return List.of(1L, s.get(0).asLong(), s.get(1).asLong(), 1L);
    }

    private static String padding(JsonNode config) {
        return config.path("padding").asText().toUpperCase(Locale.ROOT);
    }
}
