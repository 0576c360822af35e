package org.vcd.deploy;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.vcd.audio.AudioCandidates;
import org.vcd.audio.AudioConfig;
import org.vcd.audio.AudioMatch;
import org.vcd.audio.AudioMatcher;
import org.vcd.audio.EvidenceFusion;
import org.vcd.audio.Fingerprint;
import org.vcd.audio.Landmark;
import org.vcd.detector.Localizer;
import org.vcd.detector.SegmentEnds;
import org.vcd.detector.SegmentEndsConfig;
import org.vcd.domain.Segment;
import org.vcd.ingest.FrameEmbedder;
import org.vcd.ingest.HttpDownload;
import org.vcd.ingest.IngestConfig;
import org.vcd.ingest.IngestException;
import org.vcd.ingest.IngestProgress;
import org.vcd.domain.VideoFeatures;
import org.vcd.ingest.QueryFeatures;
import org.vcd.ingest.QueryRegion;
import org.vcd.ingest.QueryViews;
import org.vcd.ingest.VideoIngest;
import org.vcd.keyframe.KeyframeSelector;
import org.vcd.matcher.Candidate;
import org.vcd.matcher.CandidateRetrieval;
import org.vcd.matcher.FrameSpec;
import org.vcd.matcher.FrameStore;
import org.vcd.matcher.MatcherConfig;
import org.vcd.matcher.StoreException;
import org.vcd.domain.SimilarityMatrix;

/**
 * The whole flow on one machine: ingest -> keyframes -> frame store for references; ingest -> candidate
 * retrieval -> similarity matrix -> localization for queries. With a store that keeps sound (and audio not off:
 * {@link PipelineConfig#audio()}) the sound is decoded in the same pass: a reference's landmarks are stored with its
 * frames, and a query's are looked up in the store, matched against the references they vote for and fused with the
 * pictures' segments ({@link EvidenceFusion}). Its learned stages are models a {@link PipelineModels} holds: the
 * caller that made it closes those, when done with it.
 */
public final class CopyDetector {

    private final IngestConfig ingestConfig;
    private final VideoIngest ingest;
    /** References are sampled on the grid their keyframe selector chooses from, which may be denser. */
    private final VideoIngest referenceIngest;
    private final KeyframeSelector keyframes;
    private final MatcherConfig matcher;
    private final CandidateRetrieval retrieval;
    private final Localizer localizer;
    private final PipelineConfig pipeline;
    private final PipelineModels models;
    /** The embedder's store identity: name and dimension. */
    private final FrameEmbedder embedder;
    private final Supplier<FrameEmbedder> embedders;
    /** The sound's fingerprint and matching, used with stores that keep sound. */
    private final AudioConfig audio = AudioConfig.DEFAULT;
    /** Where a found segment's ends are read from: a denser pass over the query ({@link SegmentEnds}). */
    private final SegmentEndsConfig ends = SegmentEndsConfig.DEFAULT;
    private final VideoIngest denseIngest;

    private CopyDetector(IngestConfig ingest, MatcherConfig matcher, PipelineConfig pipeline, PipelineModels models) {
        this.pipeline = pipeline;
        this.models = models;
        this.ingestConfig = ingest;
        KeyframeSelector keyframes = Keyframes.named(pipeline.keyframes(), models);
        Supplier<FrameEmbedder> embedders = Embedders.named(pipeline.embedder(), models);
        this.embedder = embedders.get();
        this.embedders = embedders;
        this.ingest = new VideoIngest(ingest, embedders);
        this.referenceIngest = keyframes.sampleRate() == ingest.sampleRate() ? this.ingest
                : new VideoIngest(ingest.withSampleRate(keyframes.sampleRate()), embedders);
        this.denseIngest = new VideoIngest(ingest.withSampleRate(ends.rate()), embedders);
        this.keyframes = keyframes;
        this.matcher = matcher;
        this.retrieval = new CandidateRetrieval(matcher);
        this.localizer = localizer(pipeline.localizer());
    }

    /** The default pipeline, its learned stages taken from {@code models}. */
    public static CopyDetector withDefaults(PipelineModels models) {
        return of(PipelineConfig.DEFAULT, models);
    }

    /** The detector the named stages make up, its learned stages taken from {@code models}. */
    public static CopyDetector of(PipelineConfig pipeline, PipelineModels models) {
        return new CopyDetector(IngestConfig.DEFAULT, MatcherConfig.DEFAULT, pipeline, models);
    }

    public PipelineConfig pipeline() {
        return pipeline;
    }

    /**
     * The limits this detector's ingest puts on a video, for a caller that downloads one itself to read the file
     * again afterwards (the audit draws evidence from it): a URL gets no more than a file would.
     */
    public HttpDownload.Limits downloadLimits() {
        return ingestConfig.downloadLimits();
    }

    /**
     * The named localizer (of {@link Localizers#NAMES}) for this detector's stores: the segment detector trained with
     * its keyframe selector, if one was, or on its embedder's matrices.
     */
    public Localizer localizer(String name) {
        return Localizers.named(name, pipeline.embedder(), keyframes, models);
    }

    /** As {@link #localizer}, reporting every segment found whatever its score (see {@link Localizers#unfiltered}). */
    public Localizer unfilteredLocalizer(String name) {
        return Localizers.unfiltered(name, pipeline.embedder(), keyframes, models);
    }

    /** Side of the square frames this detector's embedder takes. */
    public int frameSize() {
        return embedder.inputSize();
    }

    /** The embedder and keyframe selector whose frames this detector stores; whether a store it makes keeps sound. */
    public FrameSpec frameSpec() {
        return new FrameSpec(embedder.name(), embedder.dimension(), keyframes.name(),
                pipeline.audio().newStoresKeepSound());
    }

    /**
     * Opens (or creates) the store at {@code location} (a folder or a Milvus URI, see {@link StoreLocation}) for this
     * detector's embedder and keyframe selector, refusing one filled by others.
     */
    public FrameStore openStoreForWriting(String location) {
        return openForWriting(StoreLocation.parse(location));
    }

    /**
     * Whether references written into the store at {@code location} keep their sound: as the store already there
     * says with audio {@code auto}, else as {@link #frameSpec()} (a mismatched store is refused when it is opened).
     */
    public boolean keepsSound(String location) {
        return keepsSound(StoreLocation.parse(location));
    }

    private boolean keepsSound(StoreLocation location) {
        boolean keeps = pipeline.audio().newStoresKeepSound();
        return pipeline.audio() == PipelineConfig.Audio.AUTO
                ? location.storedSpec().map(FrameSpec::audio).orElse(keeps) : keeps;
    }

    private FrameStore openForWriting(StoreLocation location) {
        return location.openForWriting(frameSpec().withAudio(keepsSound(location)));
    }

    /** Opens the existing store at {@code location} (a folder or a Milvus URI) to check queries against it. */
    public FrameStore openStoreForReading(String location) {
        return requireEmbedder(StoreLocation.parse(location).openForReading());
    }

    /** As {@link #openStoreForWriting(String)} for a folder. */
    public FrameStore openStoreForWriting(Path dir) {
        return openForWriting(StoreLocation.folder(dir));
    }

    /** As {@link #openStoreForReading(String)} for a folder. */
    public FrameStore openStoreForReading(Path dir) {
        return requireEmbedder(StoreLocation.folder(dir).openForReading());
    }

    /** Refuses a store of another embedder's vectors, and one without sound when this detector matches sound. */
    private FrameStore requireEmbedder(FrameStore store) {
        try {
            store.requireEmbedder(embedder.name(), embedder.dimension());
            if (pipeline.audio() == PipelineConfig.Audio.ON && !store.spec().audio()) {
                throw new StoreException("store " + store + " holds no sound landmarks (made with audio off, or"
                        + " before vcd stored them): check with audio off, or index the references again into a new"
                        + " store with audio on");
            }
            return store;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** Decodes and embeds a reference's keyframes, ready to store; nothing is stored if it fails. */
    public VideoFeatures referenceFeatures(Path file) throws IngestException {
        return keyframes.select(referenceIngest.ingest(file));
    }

    /**
     * Decodes and embeds several references {@code threads} at a time; each finished one (keyframes selected)
     * or its refusal goes to {@code done}, one at a time.
     */
    public void referenceFeatures(List<URI> sources, int threads, IngestProgress progress,
                                  VideoIngest.OutcomeConsumer done) {
        referenceIngest.ingestAll(sources, threads, progress, outcome -> done.accept(outcome.features() == null
                ? outcome
                : new VideoIngest.Outcome(outcome.source(), keyframes.select(outcome.features()), null)));
    }

    /** Metadata key under which a reference's source file (absolute path) is stored, for thumbnails and playback. */
    public static final String SOURCE = "source";

    /**
     * A reference ready to store: its keyframes and, for a store that keeps sound, its sound's landmarks (null for one
     * that does not).
     */
    public record Reference(VideoFeatures frames, List<Landmark> landmarks) {
    }

    /**
     * Decodes a reference's keyframes and, when {@code sound} (the store it goes to keeps sound:
     * {@code store.spec().audio()}, or {@link #keepsSound} before the store is opened), its sound in the same pass,
     * fingerprinted; nothing is stored if it fails.
     */
    public Reference reference(Path file, boolean sound) throws IngestException {
        if (!sound) {
            return new Reference(referenceFeatures(file), null);
        }
        VideoIngest.WithAudio decoded = referenceIngest.ingestWithAudio(file, QueryViews.DECODED, audio.sampleRate());
        return new Reference(keyframes.select(decoded.pictures().decoded()),
                Fingerprint.landmarks(decoded.audio().samples(), audio));
    }

    /** Ingests a reference and stores it under {@code id} (replacing an earlier one); durable on return. */
    public Reference index(FrameStore store, Path file, String id) throws IngestException {
        Reference reference = reference(file, store.spec().audio());
        store(store, id, file, reference);
        return reference;
    }

    /** Stores a reference, made by {@link #reference}, with the file it came from: frames and sound as one unit. */
    public void store(FrameStore store, String id, Path file, Reference reference) {
        store.add(id, reference.frames(), reference.landmarks(), Map.of(SOURCE, file.toAbsolutePath().toString()));
    }

    /**
     * Decodes and embeds a video on a grid of {@code rate} frames per second, before any keyframe selection: the
     * dense frames a keyframe selector is trained to choose from.
     */
    public VideoFeatures sampledFeatures(Path file, double rate) throws IngestException {
        return new VideoIngest(ingestConfig.withSampleRate(rate), embedders).ingest(file);
    }

    /** Decodes and embeds a query: every sampled frame (queries are not stored, so none is left out). */
    public VideoFeatures queryFeatures(Path file) throws IngestException {
        return ingest.ingest(file);
    }

    /**
     * As {@link #queryFeatures}, in the views this pipeline matches (one decode pass): as decoded, and also mirrored
     * and in its regions (with where each frame's region is) when the pipeline asks for them.
     */
    public QueryFeatures queryViews(Path file) throws IngestException {
        return ingest.ingestViews(file, pipeline.queryViews());
    }

    /** Seconds between rows and columns of the similarity matrices this detector localizes copies in. */
    public double gridStep() {
        return matcher.gridStep();
    }

    /**
     * A candidate reference of a query and their similarity matrix, with which view of the query gave each cell and
     * what those views are (shared by the query's candidates): the localizer reads the matrix, the views say which
     * view found each segment.
     */
    public record CandidateMatrix(String reference, SimilarityMatrix.BestOfViews views, SegmentViews.QueryRows rows) {

        public SimilarityMatrix matrix() {
            return views.matrix();
        }
    }

    /**
     * Ingests a query and builds its similarity matrix with each candidate reference the store retrieves for it, in
     * candidate order: the localizer's whole input for this query. A pipeline with several views retrieves with all
     * of them and keeps each cell's best similarity.
     */
    public List<CandidateMatrix> candidateMatrices(FrameStore store, Path file) throws IngestException {
        return candidateMatrices(store, queryViews(file));
    }

    private List<CandidateMatrix> candidateMatrices(FrameStore store, QueryFeatures query) {
        List<CandidateMatrix> matrices = new ArrayList<>();
        for (Candidate candidate : retrieval.candidates(store, query.views())) {
            CandidateMatrix matrix = candidateMatrix(store, query, candidate.videoId());
            if (matrix != null) {
                matrices.add(matrix);
            }
        }
        return matrices;
    }

    /** The query's matrix with a stored reference; null when it was deleted since it was found. */
    private CandidateMatrix candidateMatrix(FrameStore store, QueryFeatures query, String referenceId) {
        VideoFeatures reference = store.frames(referenceId).orElse(null);
        return reference == null ? null : new CandidateMatrix(referenceId,
                SimilarityMatrix.between(query.views(), reference, matcher.gridStep()),
                SegmentViews.QueryRows.of(query, matcher.gridStep()));
    }

    public CheckResult check(FrameStore store, Path file, String queryName) throws IngestException {
        if (!pipeline.audio().matchesSoundIn(store.spec().audio())) {
            return withEnds(store, file, localize(localizer, queryName, candidateMatrices(store, file)));
        }
        VideoIngest.WithAudio query = ingest.ingestWithAudio(file, pipeline.queryViews(), audio.sampleRate());
        CheckResult seen = withEnds(store, file,
                localize(localizer, queryName, candidateMatrices(store, query.pictures())));
        Map<String, List<Segment>> heard = heard(store, Fingerprint.landmarks(query.audio().samples(), audio));
        List<Match> matches = new ArrayList<>();
        for (Match match : seen.matches()) {
            matches.add(fused(match.reference(), match.segments(), match.matrix(),
                    heard.getOrDefault(match.reference(), List.of()), pipeline.audioOnly()));
        }
        heard.forEach((reference, segments) -> {
            if (pipeline.audioOnly() && seen.matches().stream().noneMatch(m -> m.reference().equals(reference))) {
                // Heard only: its matrix still goes with it, for the heat map of reports and the moderator page.
                CandidateMatrix matrix = candidateMatrix(store, query.pictures(), reference);
                if (matrix != null) {
                    matches.add(fused(reference, List.of(), matrix.matrix(), segments, true));
                }
            }
        });
        matches.sort(Comparator.comparingDouble(Match::score).reversed());
        return new CheckResult(queryName, matches);
    }

    /**
     * The result with the ends of the segments that the query as decoded, mirrored or cut to a region found read from
     * a denser pass over the query ({@link SegmentEnds}): one more decode, only for a query that matched, embedding
     * only the stretches those ends are read over, and mirrored frames only when a mirrored segment needs them. A
     * segment a region view found is read in the region it was found in, cut from every dense frame alike (an inset, a
     * border or a stacked half stays put while it plays). The levelled view turns each frame by its own tilt, so its segments
     * keep the grid's ends, as do a mirrored region's (the dense pass cuts regions as decoded).
     */
    public CheckResult withEnds(FrameStore store, Path file, CheckResult found) throws IngestException {
        List<MatchedSegment> segments = found.matches().stream().flatMap(m -> m.segments().stream())
                .filter(CopyDetector::hasDenseView).toList();
        if (segments.isEmpty()) {
            return found;
        }
        List<QueryRegion> cuts = segments.stream().filter(s -> s.queryView() == MatchedSegment.View.REGION)
                .map(MatchedSegment::queryRegion).distinct().toList();
        boolean mirrored = segments.stream().anyMatch(s -> s.queryView() == MatchedSegment.View.MIRRORED);
        // Only the stretches the ends are read from are embedded (a dense frame more on each side, against rounding).
        double reach = ends.reach() + 1 / ends.rate();
        List<QueryViews.Span> read = segments.stream().map(s -> new QueryViews.Span(
                s.segment().queryStart() - reach, s.segment().queryEnd() + reach)).toList();
        QueryFeatures dense = denseIngest.ingestViews(file, new QueryViews(mirrored, false, cuts, read));
        List<Match> matches = new ArrayList<>();
        for (Match match : found.matches()) {
            VideoFeatures reference = store.frames(match.reference()).orElse(null); // null: deleted since
            matches.add(new Match(match.reference(), match.score(), match.segments().stream()
                    .map(s -> reference == null || !hasDenseView(s) ? s : new MatchedSegment(SegmentEnds.refine(
                            s.segment(), denseView(s, dense, cuts), reference, ends), s.queryView(), s.queryRegion(),
                            s.evidence()))
                    .toList(), match.matrix()));
        }
        return new CheckResult(found.query(), matches);
    }

    private static boolean hasDenseView(MatchedSegment segment) {
        return segment.queryView() == MatchedSegment.View.DECODED || segment.queryView() == MatchedSegment.View.MIRRORED
                || (segment.queryView() == MatchedSegment.View.REGION && segment.queryRegion() != null);
    }

    /** The dense pass's view a segment is read in ({@link #hasDenseView} says it has one). */
    private static VideoFeatures denseView(MatchedSegment segment, QueryFeatures dense, List<QueryRegion> cuts) {
        return switch (segment.queryView()) {
            case MIRRORED -> dense.mirrored();
            case REGION -> dense.cuts().get(cuts.indexOf(segment.queryRegion()));
            default -> dense.decoded();
        };
    }

    /**
     * The segments the query's sound copies, by reference: the store's references its landmark hashes vote for most,
     * each matched on its stored landmarks.
     */
    private Map<String, List<Segment>> heard(FrameStore store, List<Landmark> query) {
        Map<String, List<Segment>> heard = new TreeMap<>();
        if (query.isEmpty()) {
            return heard;
        }
        Map<Integer, List<String>> holders = store.videosWithHashes(AudioCandidates.hashes(query, audio));
        for (AudioCandidates.Candidate candidate : AudioCandidates.vote(query, holders, audio)) {
            store.landmarks(candidate.videoId()).ifPresent(reference -> { // absent: deleted since the lookup
                List<Segment> segments = AudioMatcher.match(query, reference, audio).stream()
                        .map(AudioMatch::segment).toList();
                if (!segments.isEmpty()) {
                    heard.put(candidate.videoId(), segments);
                }
            });
        }
        return heard;
    }

    /**
     * A reference's match with its pictures' segments and its sound's fused ({@link EvidenceFusion}), those only the
     * sound found left out unless {@code audioOnly}.
     */
    private static Match fused(String reference, List<MatchedSegment> seen, SimilarityMatrix matrix,
                               List<Segment> heard, boolean audioOnly) {
        List<EvidenceFusion.Fused> fused = EvidenceFusion.fuse(seen.stream().map(MatchedSegment::segment).toList(),
                heard);
        List<MatchedSegment> segments = new ArrayList<>();
        for (EvidenceFusion.Fused f : fused) {
            if (!f.seen()) {
                if (audioOnly) {
                    segments.add(new MatchedSegment(f.segment(), null, null, MatchedSegment.HEARD));
                }
            } else {
                MatchedSegment visual = seen.get(f.visual());
                segments.add(new MatchedSegment(f.segment(), visual.queryView(), visual.queryRegion(),
                        f.audio() ? MatchedSegment.SEEN_AND_HEARD : MatchedSegment.SEEN));
            }
        }
        double best = segments.stream().mapToDouble(s -> s.segment().score()).max().orElse(0);
        return new Match(reference, best, segments, matrix);
    }

    /**
     * The check result {@code localizer} gives for a query's candidate matrices: a match per candidate it found
     * segments in, best first, each segment with the view of the query that found it.
     */
    public static CheckResult localize(Localizer localizer, String queryName, List<CandidateMatrix> candidates) {
        // One call for all of the query's candidates: a learned localizer answers them as one batch.
        List<List<Segment>> found = localizer.localizeAll(candidates.stream().map(CandidateMatrix::matrix).toList());
        List<Match> matches = new ArrayList<>();
        for (int c = 0; c < candidates.size(); c++) {
            List<Segment> segments = found.get(c);
            if (!segments.isEmpty()) {
                CandidateMatrix candidate = candidates.get(c);
                double best = segments.stream().mapToDouble(Segment::score).max().orElse(0);
                List<MatchedSegment> matched = segments.stream()
                        .map(segment -> SegmentViews.attribute(segment, candidate.views(), candidate.rows())).toList();
                matches.add(new Match(candidate.reference(), best, matched, candidate.matrix()));
            }
        }
        matches.sort(Comparator.comparingDouble(Match::score).reversed());
        return new CheckResult(queryName, matches);
    }
}
