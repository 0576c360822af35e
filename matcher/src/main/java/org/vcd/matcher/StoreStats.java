package org.vcd.matcher;

/**
 * How much a frame store holds.
 *
 * @param videos       stored videos
 * @param frames       stored frames (keyframes, blank ones included)
 * @param videoSeconds total duration of the stored videos
 * @param bytes        bytes the store occupies on disk, or null where the store cannot tell (Milvus)
 */
public record StoreStats(long videos, long frames, double videoSeconds, Long bytes) {
}
