package org.vcd.deploy;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.vcd.detector.Localizer;
import org.vcd.domain.Segment;
import org.vcd.ingest.FrameEmbedder;
import org.vcd.ingest.HttpDownload;
import org.vcd.ingest.IngestConfig;
import org.vcd.ingest.IngestException;
import org.vcd.ingest.IngestProgress;
import org.vcd.domain.VideoFeatures;
import org.vcd.ingest.QueryFeatures;
import org.vcd.ingest.VideoIngest;
import org.vcd.keyframe.KeyframeSelector;
import org.vcd.matcher.Candidate;
import org.vcd.matcher.CandidateRetrieval;
import org.vcd.matcher.FrameSpec;
import org.vcd.matcher.FrameStore;
import org.vcd.matcher.MatcherConfig;
import org.vcd.domain.SimilarityMatrix;

/**
 * The whole flow on one machine: ingest -> keyframes -> frame store for references; ingest -> candidate
 * retrieval -> similarity matrix -> localization for queries. Its learned stages are models a {@link PipelineModels}
 * holds: the caller that made it closes those, when done with it.
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

    /** The embedder and keyframe selector whose frames this detector stores. */
    public FrameSpec frameSpec() {
        return new FrameSpec(embedder.name(), embedder.dimension(), keyframes.name());
    }

    /**
     * Opens (or creates) the store at {@code location} (a folder or a Milvus URI, see {@link StoreLocation}) for this
     * detector's embedder and keyframe selector, refusing one filled by others.
     */
    public FrameStore openStoreForWriting(String location) {
        return StoreLocation.parse(location).openForWriting(frameSpec());
    }

    /** Opens the existing store at {@code location} (a folder or a Milvus URI) to check queries against it. */
    public FrameStore openStoreForReading(String location) {
        return requireEmbedder(StoreLocation.parse(location).openForReading());
    }

    /** As {@link #openStoreForWriting(String)} for a folder. */
    public FrameStore openStoreForWriting(Path dir) {
        return StoreLocation.folder(dir).openForWriting(frameSpec());
    }

    /** As {@link #openStoreForReading(String)} for a folder. */
    public FrameStore openStoreForReading(Path dir) {
        return requireEmbedder(StoreLocation.folder(dir).openForReading());
    }

    private FrameStore requireEmbedder(FrameStore store) {
        try {
            store.requireEmbedder(embedder.name(), embedder.dimension());
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

    /** Ingests a reference and stores it under {@code id} (replacing an earlier one); durable on return. */
    public VideoFeatures index(FrameStore store, Path file, String id) throws IngestException {
        VideoFeatures features = referenceFeatures(file);
        store(store, id, file, features);
        return features;
    }

    /** Stores a reference's features, made by {@link #referenceFeatures}, with the file they came from. */
    public void store(FrameStore store, String id, Path file, VideoFeatures features) {
        store.add(id, features, Map.of(SOURCE, file.toAbsolutePath().toString()));
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
        QueryFeatures query = queryViews(file);
        List<VideoFeatures> views = query.views();
        SegmentViews.QueryRows rows = SegmentViews.QueryRows.of(query, matcher.gridStep());
        List<CandidateMatrix> matrices = new ArrayList<>();
        for (Candidate candidate : retrieval.candidates(store, views)) {
            VideoFeatures reference = store.frames(candidate.videoId()).orElse(null);
            if (reference == null) {
                continue; // deleted between retrieval and now
            }
            matrices.add(new CandidateMatrix(candidate.videoId(),
                    SimilarityMatrix.between(views, reference, matcher.gridStep()), rows));
        }
        return matrices;
    }

    public CheckResult check(FrameStore store, Path file, String queryName) throws IngestException {
        return localize(localizer, queryName, candidateMatrices(store, file));
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
