package org.vcd.ingest;

import java.util.Arrays;
import java.util.List;
import org.vcd.domain.VideoFeatures;

/**
 * The classic descriptor and a learned embedder side by side in one vector, each scaled so that the dot product of two
 * fused vectors is {@code w * classic + (1 - w) * learned} similarity: one vector field in the stores, one search, and
 * every similarity matrix fuses both. The two fail on different copies (the classic one on crops, borders, insets
 * and rotations; the learned one on blur, noise, re-encoding and brightness changes: docs/BENCHMARKS.md), so their
 * mean separates copies from other footage better than either. Frames come at the learned embedder's size; the
 * classic descriptor averages them down itself.
 */
public final class FusedEmbedder implements FrameEmbedder {

    private final ClassicEmbedder classic;
    private final FrameEmbedder learned;
    private final double classicWeight;
    private final float classicScale;
    private final float learnedScale;

    /**
     * @param learned       the learned embedder; its input side must be a multiple of {@link ClassicEmbedder#GREY_SIZE}
     * @param classicWeight share {@code w} of the classic similarity in the fused one, in (0, 1)
     */
    public FusedEmbedder(FrameEmbedder learned, double classicWeight) {
        if (!(classicWeight > 0 && classicWeight < 1)) {
            throw new IllegalArgumentException("the classic weight must be in (0, 1): " + classicWeight);
        }
        this.classic = new ClassicEmbedder(learned.inputSize());
        this.learned = learned;
        this.classicWeight = classicWeight;
        this.classicScale = (float) Math.sqrt(classicWeight);
        this.learnedScale = (float) Math.sqrt(1 - classicWeight);
    }

    @Override
    public String name() {
        return classic.name() + "+" + learned.name() + "@" + classicWeight;
    }

    @Override
    public int dimension() {
        return classic.dimension() + learned.dimension();
    }

    @Override
    public int inputSize() {
        return learned.inputSize();
    }

    /** A frame either part finds blank (flat) is blank: half a vector would not be unit length. */
    @Override
    public float[][] embed(List<byte[]> frames) {
        float[][] learnedVectors = learned.embed(frames);
        float[][] vectors = new float[frames.size()][];
        for (int f = 0; f < vectors.length; f++) {
            vectors[f] = fuse(classic.embed(frames.get(f)), learnedVectors[f], learnedScale);
        }
        return vectors;
    }

    /**
     * Only the classic part is computed for the mirror images; the learned part is the frame's as decoded. The learned
     * features are nearly mirror-invariant (MobileNetV2's pooled features of a frame and of its mirror image: median
     * cosine 0.92 on the training split's references, above the 0.72 of a frame and its copy), the classic descriptor
     * is not, and the learned part is most of the cost.
     */
    @Override
    public float[][] embedMirrored(List<byte[]> mirrored, float[][] asDecoded) {
        float[][] vectors = new float[mirrored.size()][];
        int split = classic.dimension();
        for (int f = 0; f < vectors.length; f++) {
            vectors[f] = fuse(classic.embed(mirrored.get(f)),
                    Arrays.copyOfRange(asDecoded[f], split, asDecoded[f].length), 1);
        }
        return vectors;
    }

    /** The fused vector of a frame's classic vector and its learned part, the latter multiplied by {@code scale}. */
    private float[] fuse(float[] classicVector, float[] learnedPart, float scale) {
        float[] vector = new float[dimension()];
        if (VideoFeatures.isBlank(classicVector) || VideoFeatures.isBlank(learnedPart)) {
            return vector;
        }
        int split = classicVector.length;
        for (int i = 0; i < split; i++) {
            vector[i] = classicScale * classicVector[i];
        }
        for (int i = 0; i < learnedPart.length; i++) {
            vector[split + i] = scale * learnedPart[i];
        }
        return vector;
    }
}
