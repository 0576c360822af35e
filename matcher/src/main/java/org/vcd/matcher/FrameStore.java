package org.vcd.matcher;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vcd.domain.VideoFeatures;

/**
 * The library of reference videos' keyframes: the embedded {@link LuceneFrameStore} on one machine, or
 * {@link MilvusFrameStore} for a cluster. Both give the same answers; a store refuses vectors from an embedder
 * or keyframe selector other than the {@link FrameSpec} that filled it.
 */
public interface FrameStore extends AutoCloseable {

    /** The embedder and keyframe selector whose frames fill this store. */
    FrameSpec spec();

    /** How this store keeps its vectors: {@link #frames} and {@link #nearest} give them back so encoded. */
    VectorEncoding encoding();

    /** Refuses to search this store with vectors from another embedder. */
    default void requireEmbedder(String name, int dimension) {
        spec().requireSameEmbedder(toString(), name, dimension);
    }

    /** Stores {@code video}'s frames under {@code videoId}, replacing any earlier video of that id; durable on return. */
    default void add(String videoId, VideoFeatures video) {
        add(videoId, video, Map.of());
    }

    /** As {@link #add(String, VideoFeatures)}, keeping {@code metadata} (such as the video's source) with it. */
    void add(String videoId, VideoFeatures video, Map<String, String> metadata);

    /**
     * Reorganises the store for the fastest searches, for after bulk loads such as an import; may take minutes on a
     * large store. Durable on return; searches and adds may run meanwhile.
     */
    void compact();

    /** Removes a video and all its frames; durable and invisible to searches on return. Returns whether it was there. */
    boolean delete(String videoId);

    /**
     * For each of {@code vectors}, the {@code k} stored informative frames most similar to it, most similar first,
     * with the exact dot product of the query vector and the stored one as {@link #frames} returns it (for int8,
     * dequantized). Blank frames are never returned.
     */
    List<List<FrameHit>> nearest(List<float[]> vectors, int k);

    /**
     * A stored video's frames in time order, blank frames included, as they were added passed through
     * {@link #encoding()} ({@link VectorEncoding#roundTrip}).
     */
    Optional<VideoFeatures> frames(String videoId);

    /** The metadata a video was stored with, or empty when no such video is stored. */
    Optional<Map<String, String>> metadata(String videoId);

    /** Ids of all stored videos, sorted. */
    List<String> videoIds();

    /** What the store holds. */
    StoreStats stats();

    @Override
    void close();

    /** Checks an add's arguments the same way in every store. */
    static void requireValid(FrameSpec spec, String videoId, VideoFeatures video) {
        if (videoId == null || videoId.isBlank()) {
            throw new IllegalArgumentException("video id must not be blank");
        }
        if (video.frameCount() > 0 && video.dimension() != spec.dimension()) {
            throw new IllegalArgumentException("vectors have " + video.dimension() + " dimensions, the store "
                    + spec.dimension());
        }
    }
}
