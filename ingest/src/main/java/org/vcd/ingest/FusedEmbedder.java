package org.vcd.ingest;

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
        float[][] vectors = new float[frames.size()][dimension()];
        int split = classic.dimension();
        for (int f = 0; f < vectors.length; f++) {
            float[] c = classic.embed(frames.get(f));
            float[] m = learnedVectors[f];
            if (VideoFeatures.isBlank(c) || VideoFeatures.isBlank(m)) {
                continue;
            }
            for (int i = 0; i < split; i++) {
                vectors[f][i] = classicScale * c[i];
            }
            for (int i = 0; i < m.length; i++) {
                vectors[f][split + i] = learnedScale * m[i];
            }
        }
        return vectors;
    }
}
