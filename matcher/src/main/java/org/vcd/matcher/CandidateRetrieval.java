package org.vcd.matcher;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vcd.domain.VideoFeatures;

/**
 * Finds which stored videos a query may copy: each query frame asks the store for its nearest frames
 * and votes, once per reference, with the best similarity that reference reached. Voting once per query
 * frame keeps a reference with many near-identical frames (a static shot) from outvoting a real copy.
 * A query may come in several views (as decoded and mirrored, see {@code VideoIngest.ingestViews}): a frame's
 * neighbours in every view are pooled before it votes, so a frame still votes once per reference, with the best
 * similarity any of its views reached.
 */
public final class CandidateRetrieval {

    private final MatcherConfig config;

    public CandidateRetrieval(MatcherConfig config) {
        this.config = config;
    }

    /** References ranked by votes, at most {@code config.candidates()} of them. */
    public List<Candidate> candidates(FrameStore store, VideoFeatures query) {
        return candidates(store, List.of(query));
    }

    /**
     * As {@link #candidates(FrameStore, VideoFeatures)} for a query seen in several views of the same frames at the
     * same times (the first as decoded); all views' frames go to the store in one search.
     */
    public List<Candidate> candidates(FrameStore store, List<VideoFeatures> views) {
        List<float[]> vectors = new ArrayList<>();
        List<Integer> frameOf = new ArrayList<>();
        float[][] decoded = views.get(0).vectors();
        for (int i = 0; i < decoded.length; i++) {
            if (VideoFeatures.isBlank(decoded[i])) {
                continue; // blank as decoded is blank in every view: a flat picture stays flat
            }
            for (VideoFeatures view : views) {
                if (!VideoFeatures.isBlank(view.vectors()[i])) {
                    vectors.add(view.vectors()[i]);
                    frameOf.add(i);
                }
            }
        }
        List<List<FrameHit>> found = store.nearest(vectors, config.neighbours());
        List<List<FrameHit>> perFrame = new ArrayList<>();
        for (int v = 0; v < found.size(); v++) {
            if (v == 0 || !frameOf.get(v).equals(frameOf.get(v - 1))) {
                perFrame.add(new ArrayList<>());
            }
            perFrame.get(perFrame.size() - 1).addAll(found.get(v));
        }
        return vote(perFrame);
    }

    /** Ranks references by the votes of each query frame's neighbours (one list of stored frames per query frame). */
    public List<Candidate> vote(List<List<FrameHit>> neighbours) {
        Map<String, Double> votes = new HashMap<>();
        Map<String, Float> best = new HashMap<>();
        for (List<FrameHit> frameNeighbours : neighbours) {
            best.clear();
            for (FrameHit hit : frameNeighbours) {
                if (hit.similarity() >= config.minSimilarity()) {
                    best.merge(hit.videoId(), hit.similarity(), Math::max);
                }
            }
            best.forEach((video, similarity) -> votes.merge(video, (double) similarity, Double::sum));
        }
        List<Candidate> ranked = new ArrayList<>();
        votes.forEach((video, v) -> ranked.add(new Candidate(video, v)));
        ranked.sort(Comparator.comparingDouble(Candidate::votes).reversed().thenComparing(Candidate::videoId));
        return ranked.subList(0, Math.min(config.candidates(), ranked.size()));
    }
}
