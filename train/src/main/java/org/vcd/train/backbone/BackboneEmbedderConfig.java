package org.vcd.train.backbone;

import java.util.List;

/**
 * How {@link BackboneEmbedder} builds a frame embedder on a pretrained trunk: everything that, with the package's
 * files and the training videos, rebuilds the same model.
 *
 * @param model       folder of the model inside the npm package ({@code dist/models/<model>})
 * @param layer       the trunk's last layer, whose activations are pooled
 * @param inputSize   side of the square frames the trunk takes (it is fully convolutional: any multiple of 16)
 * @param inputRange  pixel range the trunk is fed: {@code unit} [0, 1] as the package itself feeds it, or
 *                    {@code symmetric} [-1, 1] as Keras's ImageNet MobileNetV2 was trained
 * @param gemPower    generalised-mean pooling exponent over the activations' positions (1 is average pooling)
 * @param dimension   the embedding's dimension: principal components kept by the fitted head, or the trained head's
 *                    output
 * @param whitening   with the fitted head, exponent of the eigenvalues the components are scaled by: 0 only centres
 *                    and rotates, 0.5 whitens fully
 * @param sampleRate  frames per second decoded from each training video
 * @param head        how the head is trained on the trunk's features ({@link ProjectionHead}); null fits the
 *                    principal-component head instead
 */
public record BackboneEmbedderConfig(String model, String layer, int inputSize, String inputRange, double gemPower,
                                     int dimension, double whitening, double sampleRate, HeadTrainingConfig head) {

    public static final List<String> RANGES = List.of("unit", "symmetric");

    /**
     * MobileNetV2's last ImageNet-only layer's depthwise activations (384 channels at 1/16 of the input side), as
     * chosen on the training split (docs/BENCHMARKS.md, "Pretrained features"): 192 px (three times the classic
     * descriptor's side, as good as 224 and a quarter cheaper), the symmetric range, centred and rotated onto 256
     * components without whitening (whitening at exponent 0.25 halved the copies' similarity).
     */
    public static final BackboneEmbedderConfig DEFAULT = new BackboneEmbedderConfig("mobilenet_v2",
            "block_10_depthwise_relu", 192, "symmetric", 3, 256, 0, 2, null);

    public BackboneEmbedderConfig {
        if (inputSize < 32 || inputSize % 16 != 0) {
            throw new IllegalArgumentException("the input side must be a multiple of 16 of at least 32: " + inputSize);
        }
        if (!RANGES.contains(inputRange)) {
            throw new IllegalArgumentException("input range " + inputRange + " is not one of " + RANGES);
        }
        if (head != null && head.sourceSize() < inputSize) {
            throw new IllegalArgumentException("the head's source side " + head.sourceSize() + " is below the input "
                    + "side " + inputSize);
        }
        if (!(gemPower >= 1) || dimension < 1 || !(whitening >= 0 && whitening <= 0.5) || !(sampleRate > 0)) {
            throw new IllegalArgumentException("pooling power >= 1, a positive dimension, whitening in [0, 0.5] and "
                    + "a positive sample rate");
        }
    }

    public BackboneEmbedderConfig withHead(HeadTrainingConfig newHead) {
        return new BackboneEmbedderConfig(model, layer, inputSize, inputRange, gemPower, dimension, whitening,
                sampleRate, newHead);
    }
}
