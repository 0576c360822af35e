package org.vcd.audio;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which references of a library a query's sound may copy, from a store's inverted lookup (hash to the videos holding
 * it) rather than from every reference's landmarks: the query's hashes at every speed {@link AudioMatcher} tries are
 * looked up, and each reference gets, at its best speed, one vote per query anchor time that found one of its hashes.
 * The references with the most votes are then matched in full ({@link AudioMatcher#match}).
 */
public final class AudioCandidates {

    /**
     * A reference worth matching: its votes at its best speed (which speed is left to the matcher: without offsets,
     * neighbouring speeds find nearly the same hashes).
     */
    public record Candidate(String videoId, int votes) {
    }

    private AudioCandidates() {
    }

    /**
     * Every hash the query's landmarks take at the speeds tried, ascending and each once: what to look up in the
     * store (in the order its terms are sorted).
     */
    public static List<Integer> hashes(List<Landmark> query, AudioConfig config) {
        double[] speeds = AudioMatcher.speeds(config);
        // A few tens of thousands of hashes for 20 s at 140 speeds: primitive ints, as a set of boxed ones cost more
        // than the store's lookup itself.
        int[] hashes = new int[query.size() * speeds.length];
        int n = 0;
        for (Landmark landmark : query) {
            int last = AudioMatcher.NO_HASH;
            for (double speed : speeds) { // ascending: a landmark's scaled hashes repeat in runs
                int hash = AudioMatcher.scaledHash(landmark.hash(), speed, config);
                if (hash != AudioMatcher.NO_HASH && hash != last) {
                    hashes[n++] = hash;
                    last = hash;
                }
            }
        }
        Arrays.sort(hashes, 0, n);
        List<Integer> distinct = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (i == 0 || hashes[i] != hashes[i - 1]) {
                distinct.add(hashes[i]);
            }
        }
        return distinct;
    }

    /**
     * The references with at least {@code minVotes} votes, most first (ties by id), at most {@code candidates}.
     *
     * @param holders for each looked-up hash, the stored videos holding it (a hash no video holds may be absent)
     */
    public static List<Candidate> vote(List<Landmark> query, Map<Integer, ? extends Collection<String>> holders,
                                       AudioConfig config) {
        List<Landmark> inTime = query.stream().sorted(Comparator.comparingInt(Landmark::timeMs)).toList();
        Map<String, Candidate> best = new HashMap<>();
        for (double speed : AudioMatcher.speeds(config)) {
            // Per video: the last anchor time that voted and the votes so far; times come in order, so a time
            // votes once however many of its pairs found the video.
            Map<String, int[]> votes = new HashMap<>();
            for (Landmark landmark : inTime) {
                Collection<String> videos = holders.get(AudioMatcher.scaledHash(landmark.hash(), speed, config));
                if (videos == null) {
                    continue;
                }
                for (String video : videos) {
                    int[] tally = votes.computeIfAbsent(video, v -> new int[] {-1, 0});
                    if (tally[0] != landmark.timeMs()) {
                        tally[0] = landmark.timeMs();
                        tally[1]++;
                    }
                }
            }
            votes.forEach((video, tally) -> best.merge(video, new Candidate(video, tally[1]),
                    (a, b) -> b.votes() > a.votes() ? b : a));
        }
        List<Candidate> candidates = new ArrayList<>(best.values().stream()
                .filter(c -> c.votes() >= config.minVotes()).toList());
        candidates.sort(Comparator.comparingInt(Candidate::votes).reversed().thenComparing(Candidate::videoId));
        return List.copyOf(candidates.subList(0, Math.min(config.candidates(), candidates.size())));
    }
}
