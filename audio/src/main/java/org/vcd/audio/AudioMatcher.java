package org.vcd.audio;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vcd.domain.Segment;

/**
 * Where a query's sound copies a reference's: offset voting over equal landmark hashes, at every playback speed of a
 * geometric grid. A query landmark at query time q whose pair spans {@code d} spectra would, in a reference played
 * {@code s} times slower (an {@code atempo}-style change: time scaled, pitch kept), span {@code round(s d)}; it is
 * looked up with that time difference, and each reference landmark found at time r votes for the line
 * {@code r = s q + offset}. The copies are the (speed, offset) bins with the most distinct query landmarks, each cut
 * where its landmarks pause, taken one at a time from the strongest with the landmarks already explained removed.
 */
public final class AudioMatcher {

    private AudioMatcher() {
    }

    /** The copied segments, in query order; empty when the sounds share nothing. */
    public static List<AudioMatch> match(List<Landmark> query, List<Landmark> reference, AudioConfig config) {
        double[] speeds = speeds(config);
        Votes votes = vote(query, index(reference), speeds, config);
        BitSet explained = new BitSet(query.size());
        List<AudioMatch> matches = new ArrayList<>();
        while (true) {
            long best = votes.strongest(explained, config.minVotes());
            if (best == Votes.NONE) {
                break;
            }
            int speed = (int) (best >> 32);
            int bin = (int) best;
            List<int[]> line = votes.near(speed, bin, explained);
            line.forEach(pair -> explained.set(pair[0]));
            for (List<int[]> run : runs(line, query, config)) {
                AudioMatch match = segment(run, query, speeds[speed], config);
                if (match != null && matches.stream().noneMatch(m -> m.segment().overlap(match.segment()) >= 0.5)) {
                    matches.add(match);
                }
            }
        }
        matches.sort(Comparator.comparingDouble(m -> m.segment().queryStart()));
        return matches;
    }

    /** The speeds tried: powers of {@code speedStep} from {@code minSpeed} to {@code maxSpeed}, 1 among them. */
    static double[] speeds(AudioConfig config) {
        double log = Math.log(config.speedStep());
        int lowest = (int) Math.ceil(Math.log(config.minSpeed()) / log - 1e-9);
        int highest = (int) Math.floor(Math.log(config.maxSpeed()) / log + 1e-9);
        double[] speeds = new double[highest - lowest + 1];
        for (int k = lowest; k <= highest; k++) {
            speeds[k - lowest] = Math.pow(config.speedStep(), k);
        }
        return speeds;
    }

    /** The reference's landmarks as {@code hash << 32 | time}, sorted: equal hashes form one run. */
    private static long[] index(List<Landmark> reference) {
        long[] index = new long[reference.size()];
        for (int i = 0; i < index.length; i++) {
            Landmark landmark = reference.get(i);
            index[i] = (long) landmark.hash() << 32 | landmark.timeMs() & 0xffffffffL;
        }
        Arrays.sort(index);
        return index;
    }

    private static Votes vote(List<Landmark> query, long[] index, double[] speeds, AudioConfig config) {
        Votes votes = new Votes();
        for (int q = 0; q < query.size(); q++) {
            Landmark landmark = query.get(q);
            int deltaFrames = Landmark.deltaFrames(landmark.hash());
            for (int k = 0; k < speeds.length; k++) {
                int scaled = (int) Math.round(deltaFrames * speeds[k]);
                if (scaled > config.maxDeltaFrames()) {
                    break; // speeds only grow
                }
                long key = (long) Landmark.withDeltaFrames(landmark.hash(), scaled) << 32;
                for (int i = lowerBound(index, key); i < index.length && index[i] >>> 32 == key >>> 32; i++) {
                    double offset = (int) index[i] - speeds[k] * landmark.timeMs();
                    votes.add(q, k, (int) Math.floor(offset / config.offsetBinMillis()), (int) index[i]);
                }
            }
        }
        return votes;
    }

    private static int lowerBound(long[] sorted, long key) {
        int low = 0;
        int high = sorted.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (sorted[mid] < key) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** A line's pairs (query landmark, reference time) cut where the query's landmarks pause. */
    private static List<List<int[]>> runs(List<int[]> line, List<Landmark> query, AudioConfig config) {
        line.sort(Comparator.comparingInt(pair -> query.get(pair[0]).timeMs()));
        List<List<int[]>> runs = new ArrayList<>();
        List<int[]> run = new ArrayList<>();
        for (int[] pair : line) {
            if (!run.isEmpty() && query.get(pair[0]).timeMs() - query.get(run.get(run.size() - 1)[0]).timeMs()
                    > config.maxGapMillis()) {
                runs.add(run);
                run = new ArrayList<>();
            }
            run.add(pair);
        }
        if (!run.isEmpty()) {
            runs.add(run);
        }
        return runs;
    }

    /**
     * A run as a segment: the query span of its landmarks (half a hop either side: a landmark stands for the spectrum
     * around it), mapped to the reference through the run's median offset at its speed; null when too few landmarks
     * voted or too small a share of those in the span.
     */
    private static AudioMatch segment(List<int[]> run, List<Landmark> query, double speed, AudioConfig config) {
        BitSet voters = new BitSet(query.size());
        double[] offsets = new double[run.size()];
        for (int i = 0; i < run.size(); i++) {
            int[] pair = run.get(i);
            voters.set(pair[0]);
            offsets[i] = pair[1] - speed * query.get(pair[0]).timeMs();
        }
        int votes = voters.cardinality();
        if (votes < config.minVotes()) {
            return null;
        }
        int first = query.get(run.get(0)[0]).timeMs();
        int last = query.get(run.get(run.size() - 1)[0]).timeMs();
        long inSpan = query.stream().filter(l -> l.timeMs() >= first && l.timeMs() <= last).count();
        double score = (double) votes / inSpan;
        if (score < config.minScore()) {
            return null;
        }
        Arrays.sort(offsets);
        double offset = offsets[offsets.length / 2];
        double queryStart = Math.max(0, first - config.hopMillis() / 2);
        double queryEnd = last + config.hopMillis() / 2;
        double referenceStart = Math.max(0, speed * queryStart + offset);
        double referenceEnd = Math.max(referenceStart, speed * queryEnd + offset);
        return new AudioMatch(new Segment(queryStart / 1000, queryEnd / 1000, referenceStart / 1000,
                referenceEnd / 1000, score), speed, votes);
    }

    /** Every pair of equal hashes, and their count per (speed, offset bin). */
    private static final class Votes {

        static final long NONE = Long.MIN_VALUE;

        private int[] queryLandmark = new int[1024];
        private int[] speed = new int[1024];
        private int[] bin = new int[1024];
        private int[] referenceTime = new int[1024];
        private int size;

        void add(int q, int k, int offsetBin, int time) {
            if (size == queryLandmark.length) {
                queryLandmark = Arrays.copyOf(queryLandmark, size * 2);
                speed = Arrays.copyOf(speed, size * 2);
                bin = Arrays.copyOf(bin, size * 2);
                referenceTime = Arrays.copyOf(referenceTime, size * 2);
            }
            queryLandmark[size] = q;
            speed[size] = k;
            bin[size] = offsetBin;
            referenceTime[size] = time;
            size++;
        }

        /**
         * The (speed, offset bin) with the most votes of landmarks not yet explained, as {@code speed << 32 | bin};
         * {@link #NONE} when none has {@code minVotes}.
         */
        long strongest(BitSet explained, int minVotes) {
            Map<Long, int[]> counts = new HashMap<>();
            long best = NONE;
            int most = minVotes - 1;
            for (int i = 0; i < size; i++) {
                if (explained.get(queryLandmark[i])) {
                    continue;
                }
                long key = (long) speed[i] << 32 | bin[i] & 0xffffffffL;
                int[] count = counts.computeIfAbsent(key, k -> new int[1]);
                if (++count[0] > most) {
                    most = count[0];
                    best = key;
                }
            }
            return best;
        }

        /** The unexplained pairs {query landmark, reference time} at this speed within one bin of this offset. */
        List<int[]> near(int k, int offsetBin, BitSet explained) {
            List<int[]> pairs = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                if (speed[i] == k && Math.abs(bin[i] - offsetBin) <= 1 && !explained.get(queryLandmark[i])) {
                    pairs.add(new int[] {queryLandmark[i], referenceTime[i]});
                }
            }
            return pairs;
        }
    }
}
