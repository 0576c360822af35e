package org.vcd.matcher;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vcd.audio.Landmark;
import org.vcd.domain.VideoFeatures;

/**
 * The library of reference videos' keyframes and, in a store made with audio ({@link FrameSpec#audio()}), their sound
 * landmarks: the embedded {@link LuceneFrameStore} on one machine, or {@link MilvusFrameStore} for a cluster. Both
 * give the same answers; a store refuses vectors from an embedder or keyframe selector other than the
 * {@link FrameSpec} that filled it, and landmarks unless it was made with audio.
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
    default void add(String videoId, VideoFeatures video, Map<String, String> metadata) {
        add(videoId, video, null, metadata);
    }

    /**
     * As {@link #add(String, VideoFeatures, Map)}, with the video's sound landmarks, stored with its frames as one
     * unit: a reader sees both or neither, and a replaced video's old landmarks go with its old frames.
     *
     * @param landmarks the landmarks (empty for a video without sound) in a store with audio; null in one without
     */
    void add(String videoId, VideoFeatures video, List<Landmark> landmarks, Map<String, String> metadata);

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

    /**
     * A stored video's landmarks in {@code LandmarkCodec}'s order (time, then hash); empty when no such video is
     * stored or the store holds no audio.
     */
    Optional<List<Landmark>> landmarks(String videoId);

    /**
     * For each of {@code hashes} that a stored video's landmarks have, the ids of those videos (each once, sorted);
     * hashes no video has are absent, and a store without audio answers an empty map.
     */
    Map<Integer, List<String>> videosWithHashes(Collection<Integer> hashes);

    /** The metadata a video was stored with, or empty when no such video is stored. */
    Optional<Map<String, String>> metadata(String videoId);

    /** Ids of all stored videos, sorted. */
    List<String> videoIds();

    /** What the store holds. */
    StoreStats stats();

    @Override
    void close();

    /** Checks an add's arguments the same way in every store. */
    static void requireValid(FrameSpec spec, String videoId, VideoFeatures video, List<Landmark> landmarks) {
        if (spec.audio() != (landmarks != null)) {
            throw new IllegalArgumentException(spec.audio()
                    ? "the store keeps each video's sound landmarks: " + videoId + " comes without them"
                    : "the store keeps no sound landmarks: " + videoId + " comes with them");
        }
        if (videoId == null || videoId.isBlank()) {
            throw new IllegalArgumentException("video id must not be blank");
        }
        if (video.frameCount() > 0 && video.dimension() != spec.dimension()) {
            throw new IllegalArgumentException("vectors have " + video.dimension() + " dimensions, the store "
                    + spec.dimension());
        }
    }
}
