package org.vcd.matcher;

import java.util.Objects;

/**
 * What filled a frame store: the frame embedder (name and vector dimension), the keyframe selector and whether each
 * reference's sound landmarks are stored beside its frames. Vectors from another embedder are meaningless against the
 * store, frames chosen by another selector would mix two sampling densities in one library, and a library where some
 * references have landmarks and others not would miss the copies of the others by sound, so a store records its spec
 * and refuses a mismatched writer.
 *
 * @param audio whether every stored video has its sound's landmarks ({@code org.vcd.audio.Fingerprint}, as
 *              {@code LandmarkCodec} encodes them; an empty list for a video without sound)
 */
public record FrameSpec(String embedder, int dimension, String keyframes, boolean audio) {

    /** A spec without sound: what every store held before landmarks were stored. */
    public FrameSpec(String embedder, int dimension, String keyframes) {
        this(embedder, dimension, keyframes, false);
    }

    public FrameSpec {
        Objects.requireNonNull(embedder, "embedder");
        Objects.requireNonNull(keyframes, "keyframes");
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be at least 1: " + dimension);
        }
    }

    /** Refuses a writer whose spec differs from the store's. */
    void requireSameForWriting(String store, FrameSpec writer) {
        if (audio != writer.audio && withAudio(false).equals(writer.withAudio(false))) {
            throw new StoreException(audio
                    ? "store " + store + " holds each reference's sound landmarks: index into it with audio on"
                    : "store " + store + " holds no sound landmarks (made with audio off, or before vcd stored"
                    + " them): index with audio off, or index the references again into a new store with audio on");
        }
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

    /** This spec with or without sound landmarks. */
    public FrameSpec withAudio(boolean audio) {
        return new FrameSpec(embedder, dimension, keyframes, audio);
    }

    @Override
    public String toString() {
        return embedder + " vectors (" + dimension + "-d) chosen by " + keyframes + (audio ? ", sound landmarks" : "");
    }
}
