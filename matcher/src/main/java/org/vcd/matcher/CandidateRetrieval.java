package org.vcd.matcher;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vcd.ingest.VideoFeatures;

/**
 * Finds which stored videos a query may copy: each query frame asks the store for its nearest frames
 * and votes, once per reference, with the best similarity that reference reached. Voting once per query
 * frame keeps a reference with many near-identical frames (a static shot) from outvoting a real copy.
 */
public final class CandidateRetrieval {

    private final MatcherConfig config;

    public CandidateRetrieval(MatcherConfig config) {
        this.config = config;
    }

    /** References ranked by votes, at most {@code config.candidates()} of them. */
    public List<Candidate> candidates(FrameStore store, VideoFeatures query) {
        return vote(store.nearest(informative(query), config.neighbours()));
    }

    /** The query's frames worth searching for: blank frames match nothing. */
    public static List<float[]> informative(VideoFeatures query) {
        List<float[]> informative = new ArrayList<>();
        for (float[] frame : query.vectors()) {
            if (!VideoFeatures.isBlank(frame)) {
                informative.add(frame);
            }
        }
        return informative;
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
