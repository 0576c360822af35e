package org.vcd.matcher;

import java.util.Objects;

/**
 * What filled a frame store: the frame embedder (name and vector dimension) and the keyframe selector. Vectors
 * from another embedder are meaningless against the store, and frames chosen by another selector would mix two
 * sampling densities in one library, so a store records its spec and refuses a mismatched writer.
 */
public record FrameSpec(String embedder, int dimension, String keyframes) {

    public FrameSpec {
        Objects.requireNonNull(embedder, "embedder");
        Objects.requireNonNull(keyframes, "keyframes");
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be at least 1: " + dimension);
        }
    }

    /** Refuses a writer whose spec differs from the store's. */
    void requireSameForWriting(String store, FrameSpec writer) {
        if (!equals(writer)) {
            throw new StoreException("store " + store + " holds " + this + ", not " + writer);
        }
    }

    /** Refuses query vectors from another embedder; queries are not keyframe-selected, so the selector may differ. */
    void requireSameEmbedder(String store, String queryEmbedder, int queryDimension) {
        if (!embedder.equals(queryEmbedder) || dimension != queryDimension) {
            throw new StoreException("store " + store + " holds " + embedder + " vectors (" + dimension
                    + "-d), not " + queryEmbedder + " (" + queryDimension + "-d): check with the embedder that filled "
                    + "it (--embedder), or index the references again into a new store");
        }
    }

    @Override
    public String toString() {
        return embedder + " vectors (" + dimension + "-d) chosen by " + keyframes;
    }
}
