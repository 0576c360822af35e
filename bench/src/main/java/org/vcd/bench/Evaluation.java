package org.vcd.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.vcd.testdata.GroundTruth;

/**
 * Scores a run's predictions against a benchmark's ground truth: over all queries, per transformation kind, and on
 * the negative queries; for a benchmark with sound, also per what became of the copies' sound and on the music-only
 * negatives, which stay out of every other number (whether a shared soundtrack is a copy is the product's setting,
 * not the benchmark's call). Pairs are every (query, reference) of the benchmark, as VCSL pairs every query with
 * every reference when no pair list is given.
 */
public final class Evaluation {

    private Evaluation() {
    }

    /**
     * The accuracy metrics over a set of queries.
     *
     * @param queries         queries scored
     * @param precision       VCSL segment precision
     * @param recall          VCSL segment recall
     * @param f1              their harmonic mean
     * @param falseRejection  share of (query, reference) pairs holding a copy that got no prediction
     * @param falseAlarm      share of pairs holding no copy that got one
     * @param segmentAp       VSC22 matching-track micro AP
     * @param copiesFound     copies some predicted segment overlaps on both axes ({@link BoundaryError})
     * @param boundaryError   mean absolute error of a found copy's ends, seconds (NaN when none was found)
     * @param startBias       mean signed error of a found copy's query start, seconds: positive when late
     */
    public record Metrics(int queries, int positivePairs, int negativePairs, double precision, double recall,
            double f1, double falseRejection, double falseAlarm, double segmentAp, int copiesFound,
            double boundaryError, double startBias) {
    }

    /**
     * How the queries without any copy fared: how many of each kind, and how many matched anything.
     *
     * @param fillerQueries        only unrelated footage
     * @param nearDuplicateQueries footage of the same scene as a reference, not copied
     */
    public record Negatives(int fillerQueries, int fillerFalseAlarms, int nearDuplicateQueries,
            int nearDuplicateFalseAlarms) {
    }

    /**
     * How a benchmark with sound fared on what the sound adds.
     *
     * @param byAudio   accuracy over the queries whose copies' sound was {@code kept}, {@code muted},
     *                  {@code replaced} or is {@code none} (the reference has no sound); a query counts in each of its
     *                  copies' groups, as with kinds
     * @param musicOnly the negatives whose pictures are unrelated but whose sound carries a reference's
     */
    public record Sound(Map<String, Metrics> byAudio, MusicOnly musicOnly) {
    }

    /**
     * The music-only negatives: a match naming the reference whose sound they carry, on its stretch (overlapping it
     * on both axes), is what the product reports as an audio-only match by default; one naming another reference is a
     * false alarm.
     *
     * @param matched                 queries with any match
     * @param matchedTheirReference   queries with a match of the sound's reference on its stretch
     * @param matchedOtherReferences  queries with a match of any other reference
     */
    public record MusicOnly(int queries, int matched, int matchedTheirReference, int matchedOtherReferences) {
    }

    /** @param sound null for a silent benchmark */
    public record Result(Metrics overall, Map<String, Metrics> byKind, Negatives negatives, Sound sound) {
    }

    /** Music-only negatives are scored on their own ({@link MusicOnly}), never among the other queries. */
    private static final String MUSIC_ONLY = "music_only";

    /** @param predictions per query id, every predicted segment (missing or empty: nothing predicted) */
    public static Result evaluate(GroundTruth truth, Map<String, List<SegmentAp.Prediction>> predictions) {
        Predicate<GroundTruth.Query> scored = q -> !MUSIC_ONLY.equals(q.negative());
        Metrics overall = metrics(truth, predictions, scored);
        Map<String, Metrics> byKind = new LinkedHashMap<>();
        Map<String, Boolean> kinds = new TreeMap<>();
        truth.queries().forEach(q -> q.kinds().forEach(k -> kinds.put(k, true)));
        for (String kind : kinds.keySet()) {
            byKind.put(kind, metrics(truth, predictions, q -> q.kinds().contains(kind)));
        }
        Sound sound = truth.sound() ? sound(truth, predictions) : null;
        int fillers = 0;
        int fillerAlarms = 0;
        int near = 0;
        int nearAlarms = 0;
        for (GroundTruth.Query query : truth.queries()) {
            boolean alarm = !predictions.getOrDefault(query.id(), List.of()).isEmpty();
            if ("filler".equals(query.negative())) {
                fillers++;
                fillerAlarms += alarm ? 1 : 0;
            } else if ("near_duplicate".equals(query.negative())) {
                near++;
                nearAlarms += alarm ? 1 : 0;
            }
        }
        return new Result(overall, byKind, new Negatives(fillers, fillerAlarms, near, nearAlarms), sound);
    }

    private static Sound sound(GroundTruth truth, Map<String, List<SegmentAp.Prediction>> predictions) {
        Map<String, Metrics> byAudio = new LinkedHashMap<>();
        Map<String, Boolean> groups = new TreeMap<>();
        truth.queries().forEach(q -> q.audio().forEach(a -> groups.put(a, true)));
        for (String group : groups.keySet()) {
            byAudio.put(group, metrics(truth, predictions, q -> q.audio().contains(group)));
        }
        int queries = 0;
        int matched = 0;
        int theirs = 0;
        int others = 0;
        for (GroundTruth.Query query : truth.queries()) {
            if (!MUSIC_ONLY.equals(query.negative())) {
                continue;
            }
            List<SegmentAp.Prediction> predicted = predictions.getOrDefault(query.id(), List.of());
            queries++;
            matched += predicted.isEmpty() ? 0 : 1;
            theirs += predicted.stream().anyMatch(p -> query.music().stream().anyMatch(m ->
                    m.reference().equals(p.reference()) && p.box().overlaps(box(m)))) ? 1 : 0;
            others += predicted.stream().anyMatch(p -> query.music().stream()
                    .noneMatch(m -> m.reference().equals(p.reference()))) ? 1 : 0;
        }
        return new Sound(byAudio, new MusicOnly(queries, matched, theirs, others));
    }

    private static Metrics metrics(GroundTruth truth, Map<String, List<SegmentAp.Prediction>> predictions,
            Predicate<GroundTruth.Query> included) {
        List<Vcsl.PairScore> pairs = new ArrayList<>();
        List<SegmentAp.Prediction> scored = new ArrayList<>();
        List<SegmentAp.Truth> truths = new ArrayList<>();
        BoundaryError ends = BoundaryError.NONE;
        int queries = 0;
        for (GroundTruth.Query query : truth.queries()) {
            if (!included.test(query)) {
                continue;
            }
            queries++;
            List<SegmentAp.Prediction> predicted = predictions.getOrDefault(query.id(), List.of());
            scored.addAll(predicted);
            for (GroundTruth.Copy copy : query.copies()) {
                truths.add(new SegmentAp.Truth(query.id(), copy.reference(), box(copy)));
            }
            for (GroundTruth.Reference reference : truth.references()) {
                List<Box> predictedBoxes = predicted.stream().filter(p -> p.reference().equals(reference.id()))
                        .map(SegmentAp.Prediction::box).toList();
                List<Box> truthBoxes = query.copies().stream().filter(c -> c.reference().equals(reference.id()))
                        .map(Evaluation::box).toList();
                pairs.add(Vcsl.pair(predictedBoxes, truthBoxes));
                ends = ends.plus(BoundaryError.of(predictedBoxes, truthBoxes));
            }
            // A prediction naming a reference the benchmark does not have is a false alarm on a pair of its own.
            predicted.stream().map(SegmentAp.Prediction::reference).distinct()
                    .filter(r -> truth.references().stream().noneMatch(ref -> ref.id().equals(r)))
                    .forEach(r -> pairs.add(Vcsl.pair(predicted.stream().filter(p -> p.reference().equals(r))
                            .map(SegmentAp.Prediction::box).toList(), List.of())));
        }
        Vcsl.Summary summary = Vcsl.summarize(pairs);
        return new Metrics(queries, summary.positivePairs(), summary.negativePairs(), summary.precision(),
                summary.recall(), summary.f1(), summary.falseRejectionRate(), summary.falseAlarmRate(),
                SegmentAp.averagePrecision(scored, truths), ends.found(), ends.meanError(), ends.meanStartBias());
    }

    static Box box(GroundTruth.Copy copy) {
        return Box.spanning(copy.queryStart(), copy.queryEnd(), copy.referenceStart(), copy.referenceEnd());
    }
}
