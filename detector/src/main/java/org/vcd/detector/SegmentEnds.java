package org.vcd.detector;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.IntStream;
import org.vcd.domain.Segment;
import org.vcd.domain.VideoFeatures;

/**
 * A segment's ends read from a denser pass over the query than the grid it was found on. On a 1 s grid a copy that
 * starts between two samples shows only from the next one, so a localizer's ends are off by up to half a step even
 * when its box is right, and by a step or more when the first sample inside is a transition. Here the segment's line
 * (query time to reference time, forward or backward, whichever fits its inside better) is followed through the
 * query's frames at {@link SegmentEndsConfig#rate} per second: each frame is compared with the stored reference frames
 * on either side of where the line says it shows, and an end moves to where that similarity first holds at the level
 * halfway between the copy's inside and what lies beyond the end. The reference's ends follow along the line; the
 * score is kept. Plain function over the features: the caller decodes the denser pass.
 */
public final class SegmentEnds {

    private SegmentEnds() {
    }

    /**
     * The segment with its ends refined, or {@code segment} itself when it is too short, its inside is not told apart
     * from its surroundings, or no refined end is found.
     *
     * @param query     one view of the query (the one that found the segment), sampled at {@code config.rate()}
     * @param reference the reference's stored frames
     */
    public static Segment refine(Segment segment, VideoFeatures query, VideoFeatures reference,
                                 SegmentEndsConfig config) {
        double qs = segment.queryStart();
        double qe = segment.queryEnd();
        if (qe - qs < config.shortest() || reference.frameCount() == 0) {
            return segment;
        }
        double slope = (segment.referenceEnd() - segment.referenceStart()) / (qe - qs);
        DoubleUnaryOperator forward = t -> segment.referenceStart() + slope * (t - qs);
        DoubleUnaryOperator backward = t -> segment.referenceEnd() - slope * (t - qs);
        double[] times = query.timestamps();
        double insideForward = median(similarities(query, reference, forward, qs + 0.5, qe - 0.5));
        double insideBackward = median(similarities(query, reference, backward, qs + 0.5, qe - 0.5));
        if (Double.isNaN(insideForward)) {
            return segment;
        }
        boolean reversed = insideBackward > insideForward;
        DoubleUnaryOperator line = reversed ? backward : forward;
        double inside = Math.max(insideForward, insideBackward);
        double half = 0.5 / config.rate();

        double start = qs;
        double before = median(similarities(query, reference, line, qs - config.reach(), qs - config.window()));
        Double threshold = threshold(inside, before, config);
        if (threshold != null) {
            for (int j = 0; j + config.run() <= times.length; j++) {
                if (times[j] >= qs - config.window() && times[j] <= qs + config.window()
                        && holds(query, reference, line, j, 1, threshold, config.run())) {
                    start = Math.max(0, times[j] - half);
                    break;
                }
            }
        }
        double end = qe;
        double after = median(similarities(query, reference, line, qe + config.window(), qe + config.reach()));
        threshold = threshold(inside, after, config);
        if (threshold != null) {
            for (int j = times.length - 1; j + 1 >= config.run(); j--) {
                if (times[j] >= qe - config.window() && times[j] <= qe + config.window()
                        && holds(query, reference, line, j, -1, threshold, config.run())) {
                    end = Math.min(query.durationSeconds(), times[j] + half);
                    break;
                }
            }
        }
        if (end - start < 0.5 || start == qs && end == qe) {
            return segment;
        }
        double referenceStart = reversed ? line.applyAsDouble(end) : line.applyAsDouble(start);
        double referenceEnd = reversed ? line.applyAsDouble(start) : line.applyAsDouble(end);
        referenceStart = Math.max(0, referenceStart);
        referenceEnd = Math.min(reference.durationSeconds(), Math.max(referenceStart, referenceEnd));
        return new Segment(start, end, referenceStart, referenceEnd, segment.score());
    }

    /**
     * The level halfway between the copy's inside and what lies beyond an end; beyond the query's own end there is
     * nothing, and the inside less the margin stands in. Null when the two are too close to tell apart.
     */
    private static Double threshold(double inside, double beyond, SegmentEndsConfig config) {
        if (Double.isNaN(beyond)) {
            return inside - config.margin();
        }
        return inside - beyond >= config.margin() ? (inside + beyond) / 2 : null;
    }

    /** Whether {@code run} frames from {@code j} on, stepping by {@code direction}, all reach the threshold. */
    private static boolean holds(VideoFeatures query, VideoFeatures reference, DoubleUnaryOperator line, int j,
                                 int direction, double threshold, int run) {
        for (int k = 0; k < run; k++) {
            int frame = j + direction * k;
            if (similarity(query, frame, reference, line.applyAsDouble(query.timestamps()[frame])) < threshold) {
                return false;
            }
        }
        return true;
    }

    /** Similarities of the query's frames from {@code from} to {@code to} seconds with the reference along the line. */
    private static double[] similarities(VideoFeatures query, VideoFeatures reference, DoubleUnaryOperator line,
                                         double from, double to) {
        double[] times = query.timestamps();
        return IntStream.range(0, times.length).filter(j -> times[j] >= from && times[j] <= to)
                .mapToDouble(j -> similarity(query, j, reference, line.applyAsDouble(times[j]))).toArray();
    }

    /** The query frame's similarity with the better of the stored reference frames either side of {@code time}. */
    private static double similarity(VideoFeatures query, int frame, VideoFeatures reference, double time) {
        double[] stored = reference.timestamps();
        int after = Arrays.binarySearch(stored, time);
        after = after < 0 ? -after - 1 : after;
        double best = -1;
        for (int k = Math.max(0, after - 1); k <= Math.min(stored.length - 1, after); k++) {
            best = Math.max(best, VideoFeatures.dot(query.vectors()[frame], reference.vectors()[k]));
        }
        return best;
    }

    /** The median, NaN of nothing. */
    private static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
