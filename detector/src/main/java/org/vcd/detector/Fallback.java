package org.vcd.detector;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.vcd.domain.Segment;
import org.vcd.domain.SimilarityMatrix;

/**
 * One localizer's segments, plus another's where the first found nothing: a segment of the second is kept when no
 * segment of the first overlaps it on both axes, its score weighed down (the two localizers' scores do not mean the
 * same). Made for the segment detector, which misses copies of near-static footage (a bright block rather than a
 * line) that the temporal network finds.
 *
 * @param weight what the second localizer's scores are multiplied by, in (0, 1]: ranks its segments below the
 *               first's alike-scored ones
 */
public record Fallback(Localizer primary, Localizer secondary, double weight) implements Localizer {

    public Fallback {
        if (!(weight > 0 && weight <= 1)) {
            throw new IllegalArgumentException("weight must be in (0, 1]: " + weight);
        }
    }

    @Override
    public List<Segment> localize(SimilarityMatrix matrix) {
        return localizeAll(List.of(matrix)).get(0);
    }

    @Override
    public List<List<Segment>> localizeAll(List<SimilarityMatrix> matrices) {
        List<List<Segment>> first = primary.localizeAll(matrices);
        List<List<Segment>> second = secondary.localizeAll(matrices);
        List<List<Segment>> all = new ArrayList<>(matrices.size());
        for (int m = 0; m < matrices.size(); m++) {
            List<Segment> kept = new ArrayList<>(first.get(m));
            for (Segment s : second.get(m)) {
                if (first.get(m).stream().allMatch(f -> f.overlap(s) == 0)) {
                    kept.add(new Segment(s.queryStart(), s.queryEnd(), s.referenceStart(), s.referenceEnd(),
                            s.score() * weight));
                }
            }
            kept.sort(Comparator.comparingDouble(Segment::score).reversed());
            all.add(kept);
        }
        return all;
    }
}
