package org.vcd.ingest;

import java.util.List;

/**
 * Turns sampled frames into feature vectors, a batch at a time (a learned embedder runs a batch per forward
 * pass). The embedder names the picture it wants: ingest's decoder has FFmpeg's scaler produce square
 * {@link #inputSize()} BGR frames, so no caller resizes. Instances keep scratch state: one per thread.
 */
public interface FrameEmbedder {

    /** Recorded in stores, so a store filled by one embedder refuses vectors from another. */
    String name();

    int dimension();

    /** Side in pixels of the square, packed 8-bit BGR frames {@link #embed} takes. */
    int inputSize();

    /**
     * @param frames each {@code inputSize() * inputSize() * 3} bytes, rows top to bottom; not kept after return
     * @return one vector per frame, in order: L2-normalised, or all zeros for a frame without information
     */
    float[][] embed(List<byte[]> frames);

    /**
     * The vectors of {@code mirrored}, the frames {@code asDecoded} was made of ({@link #embed}) each flipped left to
     * right: an embedder whose features barely change under a flip may take them from {@code asDecoded} rather than
     * pay for them twice. By default, {@link #embed}.
     */
    default float[][] embedMirrored(List<byte[]> mirrored, float[][] asDecoded) {
        return embed(mirrored);
    }
}
