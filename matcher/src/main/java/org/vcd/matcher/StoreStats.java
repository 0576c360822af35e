package org.vcd.matcher;

/**
 * How much a frame store holds.
 *
 * @param videos       stored videos
 * @param frames       stored frames (keyframes, blank ones included)
 * @param videoSeconds total duration of the stored videos
 * @param bytes        bytes the store occupies on disk, or null where the store cannot tell (Milvus)
 * @param landmarks     stored sound landmarks (0 in a store without audio)
 * @param landmarkBytes their size in {@code LandmarkCodec}'s encoding, as a Lucene store keeps them and export files
 *                      carry them (a Lucene store's index of their hashes comes on top; docs/AUDIO.md measures both)
 */
public record StoreStats(long videos, long frames, double videoSeconds, Long bytes, long landmarks,
                         long landmarkBytes) {
}
