package org.vcd.audio;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import org.vcd.domain.Segment;

/**
 * Where a query's sound copies a reference's: offset voting over equal landmark hashes, at every playback speed of a
 * geometric grid. When the query plays the reference {@code s} times as fast (an {@code atempo}-style change: time
 * scaled, pitch kept), a query pair spanning {@code d} spectra spans {@code round(s d)} in the reference; the query
 * landmark is looked up with that time difference, and each reference landmark found at time r votes for the line
 * {@code r = s q + offset}. At each speed the lines are the offset bins with the most votes, taken one at a time from
 * the strongest with the landmarks already on a line removed, and cut where their landmarks pause; across speeds, a
 * segment sharing half its query span with one of more votes is dropped.
 */
public final class AudioMatcher {

    private AudioMatcher() {
    }

    /** The copied segments, in query order; empty when the sounds share nothing. */
    public static List<AudioMatch> match(List<Landmark> query, List<Landmark> reference, AudioConfig config) {
        long[] index = index(reference);
        List<AudioMatch> found = new ArrayList<>();
        // One speed at a time: only its votes are held, whatever the number of speeds.
        for (double speed : speeds(config)) {
            Votes votes = vote(query, index, speed, config);
            BitSet explained = new BitSet(query.size());
            for (int bin; (bin = votes.strongest(explained, config.minVotes())) != Votes.NONE; ) {
                List<int[]> line = votes.near(bin, explained);
                line.forEach(pair -> explained.set(pair[0]));
                for (List<int[]> run : runs(line, query, config)) {
                    AudioMatch match = segment(run, query, speed, config);
                    if (match != null) {
                        found.add(match);
                    }
                }
            }
        }
        // Of equal votes (neighbouring speeds see a short copy alike), the speed nearer 1 is the likelier.
        found.sort(Comparator.comparingInt(AudioMatch::votes).reversed()
                .thenComparingDouble(m -> Math.abs(Math.log(m.speed()))));
        List<AudioMatch> matches = new ArrayList<>();
        for (AudioMatch match : found) {
            if (matches.stream().noneMatch(m -> sharesQuery(m.segment(), match.segment()))) {
                matches.add(match);
            }
        }
        matches.sort(Comparator.comparingDouble(m -> m.segment().queryStart()));
        return matches;
    }

    /**
     * Whether two segments share half the shorter one's query span: a moment of the query sounds like one moment of
     * the reference, so the weaker is the same copy seen at a neighbouring speed or through landmarks left over
     * from it (or a repeat within the reference, which adds nothing).
     */
    private static boolean sharesQuery(Segment a, Segment b) {
        double shared = Math.min(a.queryEnd(), b.queryEnd()) - Math.max(a.queryStart(), b.queryStart());
        return shared >= 0.5 * Math.min(a.queryDuration(), b.queryDuration());
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

    private static Votes vote(List<Landmark> query, long[] index, double speed, AudioConfig config) {
        Votes votes = new Votes();
        for (int q = 0; q < query.size(); q++) {
            Landmark landmark = query.get(q);
            int hash = scaledHash(landmark.hash(), speed, config);
            if (hash == NO_HASH) {
                continue;
            }
            long key = (long) hash << 32;
            for (int i = lowerBound(index, key); i < index.length && index[i] >>> 32 == key >>> 32; i++) {
                double offset = (int) index[i] - speed * landmark.timeMs();
                votes.add(q, (int) Math.floor(offset / config.offsetBinMillis()), (int) index[i]);
            }
        }
        return votes;
    }

    /** What {@link #scaledHash} gives for a pair a speed change stretches beyond {@code maxDeltaFrames}. */
    static final int NO_HASH = -1;

    /**
     * The hash the reference's pair has when the query plays it {@code speed} times as fast: the query pair's time
     * difference scaled; {@link #NO_HASH} when that exceeds what the reference's pairs span.
     */
    static int scaledHash(int hash, double speed, AudioConfig config) {
        int scaled = (int) Math.round(Landmark.deltaFrames(hash) * speed);
        return scaled > config.maxDeltaFrames() ? NO_HASH : Landmark.withDeltaFrames(hash, scaled);
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

    /**
     * A line's pairs (query landmark, reference time) cut where the query's landmarks pause, each run without the
     * stray votes at its ends.
     */
    private static List<List<int[]>> runs(List<int[]> line, List<Landmark> query, AudioConfig config) {
        line.sort(Comparator.comparingInt(pair -> query.get(pair[0]).timeMs()));
        List<List<int[]>> runs = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= line.size(); i++) {
            if (i == line.size() || time(line, i, query) - time(line, i - 1, query) > config.maxGapMillis()) {
                runs.add(trimmed(line.subList(start, i), query, config));
                start = i;
            }
        }
        return runs;
    }

    /**
     * The run without votes at either end that lie more than {@code edgeGapMillis} from the next one inwards: a
     * lone coincidence just outside a copy would otherwise move its edge by up to {@code maxGapMillis}.
     */
    private static List<int[]> trimmed(List<int[]> run, List<Landmark> query, AudioConfig config) {
        int first = 0;
        int last = run.size() - 1;
        while (true) {
            int next = first;
            while (next < last && time(run, next, query) == time(run, first, query)) {
                next++; // pairs of one anchor time stand or fall together
            }
            if (next == first || time(run, next, query) - time(run, first, query) <= config.edgeGapMillis()) {
                break;
            }
            first = next;
        }
        while (true) {
            int previous = last;
            while (previous > first && time(run, previous, query) == time(run, last, query)) {
                previous--;
            }
            if (previous == last || time(run, last, query) - time(run, previous, query) <= config.edgeGapMillis()) {
                break;
            }
            last = previous;
        }
        return run.subList(first, last + 1);
    }

    private static int time(List<int[]> pairs, int i, List<Landmark> query) {
        return query.get(pairs.get(i)[0]).timeMs();
    }

    /**
     * A run as a segment: the query span of its landmarks (half a hop either side: a landmark stands for the spectrum
     * around it), mapped to the reference through the run's median offset at its speed; null when too few landmarks
     * voted, the span is too short or too small a share of its landmarks voted.
     */
    private static AudioMatch segment(List<int[]> run, List<Landmark> query, double speed, AudioConfig config) {
        // Votes count anchor times, not landmarks: an anchor's pairs share its peak, and a chord that happens to
        // recur elsewhere would otherwise weigh up to fanOut times.
        int votes = 0;
        double[] offsets = new double[run.size()];
        for (int i = 0; i < run.size(); i++) {
            int time = query.get(run.get(i)[0]).timeMs();
            if (i == 0 || time != query.get(run.get(i - 1)[0]).timeMs()) {
                votes++;
            }
            offsets[i] = run.get(i)[1] - speed * time;
        }
        if (votes < config.minVotes()) {
            return null;
        }
        int first = query.get(run.get(0)[0]).timeMs();
        int last = query.get(run.get(run.size() - 1)[0]).timeMs();
        if (last - first + config.hopMillis() < config.minMillis()) {
            return null;
        }
        long inSpan = query.stream().mapToInt(Landmark::timeMs).filter(t -> t >= first && t <= last).distinct().count();
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

    /** One speed's pairs of equal hashes (query landmark, reference time) and their offset bins. */
    private static final class Votes {

        static final int NONE = Integer.MIN_VALUE;

        private int[] queryLandmark = new int[1024];
        private int[] bin = new int[1024];
        private int[] referenceTime = new int[1024];
        private int size;

        void add(int q, int offsetBin, int time) {
            if (size == queryLandmark.length) {
                queryLandmark = Arrays.copyOf(queryLandmark, size * 2);
                bin = Arrays.copyOf(bin, size * 2);
                referenceTime = Arrays.copyOf(referenceTime, size * 2);
            }
            queryLandmark[size] = q;
            bin[size] = offsetBin;
            referenceTime[size] = time;
            size++;
        }

        /**
         * The offset bin whose votes of landmarks not yet explained, with its two neighbours' (a line need not sit in
         * one bin), are the most; {@link #NONE} when no bin has {@code minVotes}.
         */
        int strongest(BitSet explained, int minVotes) {
            int[] bins = new int[size];
            int n = 0;
            for (int i = 0; i < size; i++) {
                if (!explained.get(queryLandmark[i])) {
                    bins[n++] = bin[i];
                }
            }
            Arrays.sort(bins, 0, n);
            int best = NONE;
            int most = minVotes - 1;
            // A window over the sorted bins: the votes within one bin of bins[end]'s.
            for (int start = 0, mid = 0, end = 0; mid < n; mid = end) {
                while (end < n && bins[end] == bins[mid]) {
                    end++;
                }
                while (bins[start] < bins[mid] - 1) {
                    start++;
                }
                int stop = end;
                while (stop < n && bins[stop] == bins[mid] + 1) {
                    stop++;
                }
                if (stop - start > most) {
                    most = stop - start;
                    best = bins[mid];
                }
            }
            return best;
        }

        /** The unexplained pairs {query landmark, reference time} within one bin of this offset. */
        List<int[]> near(int offsetBin, BitSet explained) {
            List<int[]> pairs = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                if (Math.abs(bin[i] - offsetBin) <= 1 && !explained.get(queryLandmark[i])) {
                    pairs.add(new int[] {queryLandmark[i], referenceTime[i]});
                }
            }
            return pairs;
        }
    }
}
