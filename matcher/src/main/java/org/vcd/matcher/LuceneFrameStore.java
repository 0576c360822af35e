package org.vcd.matcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnByteVectorField;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.ByteVectorValues;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexNotFoundException;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnByteVectorQuery;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.vcd.domain.VideoFeatures;

/**
 * Frame store in a Lucene index on local disk. Each video is one block of documents: one per frame in time
 * order (its timestamp in doc values; an informative frame also has its vector in an HNSW graph), then one video
 * document (duration, frame count, metadata). A store keeps its vectors in one {@link VectorEncoding}, fixed when
 * it is created: int8 (bytes in the graph, dot product; matrices and rescoring use them dequantized) or float32
 * (the float vectors beside a 7-bit quantized copy the graph is searched on; matrices and rescoring use the
 * floats). Either way no second copy of the vectors is kept. A block replaces any earlier block of the same id
 * atomically, and an add returns only after a durable commit, so a crash leaves every acknowledged video whole
 * and no half video. The {@link FrameSpec} that filled the store and the encoding are recorded in the commit.
 */
public final class LuceneFrameStore implements FrameStore {

    private static final String FIELD_VIDEO = "video";
    private static final String FIELD_KIND = "kind";
    private static final String FIELD_VECTOR = "vector";
    private static final String FIELD_FRAME = "frame";
    private static final String FIELD_TIME = "time";
    private static final String FIELD_DURATION = "duration";
    private static final String FIELD_FRAMES = "frames";
    private static final String FIELD_METADATA_PREFIX = "meta.";
    private static final String KIND_FRAME = "frame";
    private static final String KIND_VIDEO = "video";
    private static final String META_EMBEDDER = "embedder";
    private static final String META_DIMENSION = "dimension";
    private static final String META_KEYFRAMES = "keyframes";
    private static final String META_FORMAT = "format";
    /**
     * Per-frame documents with doc values and a graph, in one format per encoding: 2 float32 (as older vcd versions
     * write and read it, so they keep reading float stores), 3 int8 (which older versions refuse rather than
     * misread). 1 kept a float blob per video and is refused.
     */
    private static final Map<VectorEncoding, String> FORMATS = Map.of(VectorEncoding.FLOAT32, "2",
            VectorEncoding.INT8, "3");

    /** HNSW links per node and build beam; Lucene's defaults, measured in docs/benchmarks/store.md. */
    private static final int GRAPH_LINKS = 16;
    private static final int GRAPH_BEAM = 100;
    /** float32 stores: the graph is searched on a 7-bit copy (a quarter of the float bytes); hits are rescored exactly. */
    private static final int QUANTIZATION_BITS = 7;
    /**
     * Heap for documents not yet flushed (Lucene's limit per writing thread is 1,945 MB). An add commits, and so
     * flushes, each video; only {@link #addAll} fills it: a large batch then becomes one segment per writing thread,
     * each graph built once, instead of many small segments whose graphs merges rebuild.
     */
    private static final double WRITE_BUFFER_MB = 1900;
    /**
     * Each query frame explores at least this many graph candidates before the exact rescoring keeps the best k:
     * widening the search makes up for the quantized scores' ranking errors.
     */
    static final int MIN_SEARCH_BREADTH = 48;

    private final Path path;
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final FrameSpec spec;
    private final VectorEncoding encoding;

    private LuceneFrameStore(Path path, Directory directory, IndexWriter writer, SearcherManager searchers,
                             Recorded recorded) {
        this.path = path;
        this.directory = directory;
        this.writer = writer;
        this.searchers = searchers;
        this.spec = recorded.spec();
        this.encoding = recorded.encoding();
    }

    /** What a store's commit says about it. */
    private record Recorded(FrameSpec spec, VectorEncoding encoding) {
    }

    /** As {@link #openForWriting(Path, FrameSpec, VectorEncoding)} with {@link VectorEncoding#DEFAULT}. */
    public static LuceneFrameStore openForWriting(Path dir, FrameSpec spec) {
        return openForWriting(dir, spec, VectorEncoding.DEFAULT);
    }

    /**
     * Opens the store at {@code dir} for adding videos, creating it for {@code spec} with {@code newStoreEncoding} if
     * it does not exist; an existing store keeps the encoding it was created with.
     */
    public static LuceneFrameStore openForWriting(Path dir, FrameSpec spec, VectorEncoding newStoreEncoding) {
        Directory directory = null;
        try {
            Files.createDirectories(dir);
            directory = FSDirectory.open(dir);
            boolean exists = DirectoryReader.indexExists(directory);
            Recorded recorded = new Recorded(spec, newStoreEncoding);
            if (exists) {
                recorded = readRecorded(dir, directory);
                recorded.spec().requireSameForWriting(dir.toString(), spec);
            }
            IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig()
                    .setCodec(new FrameVectorCodec(recorded.encoding()))
                    .setRAMBufferSizeMB(WRITE_BUFFER_MB)
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND));
            writer.setLiveCommitData(Map.of(META_EMBEDDER, spec.embedder(), META_DIMENSION,
                    Integer.toString(spec.dimension()), META_KEYFRAMES, spec.keyframes(), META_FORMAT,
                    FORMATS.get(recorded.encoding())).entrySet());
            if (!exists) {
                writer.commit();
            }
            return new LuceneFrameStore(dir, directory, writer, new SearcherManager(writer, null), recorded);
        } catch (IOException e) {
            closeQuietly(directory);
            throw new StoreException("cannot open store for writing at " + dir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(directory);
            throw e;
        }
    }

    /** Opens an existing store read-only; several readers and one writer may use a store at once. */
    public static LuceneFrameStore openForReading(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new StoreException("no store at " + dir);
        }
        Directory directory = null;
        try {
            directory = FSDirectory.open(dir);
            return new LuceneFrameStore(dir, directory, null, new SearcherManager(directory, null),
                    readRecorded(dir, directory));
        } catch (IndexNotFoundException e) {
            closeQuietly(directory);
            throw new StoreException("no store at " + dir, e);
        } catch (IOException e) {
            closeQuietly(directory);
            throw new StoreException("cannot open store at " + dir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(directory);
            throw e;
        }
    }

    @Override
    public FrameSpec spec() {
        return spec;
    }

    @Override
    public VectorEncoding encoding() {
        return encoding;
    }

    @Override
    public void add(String videoId, VideoFeatures video, Map<String, String> metadata) {
        requireWritable();
        FrameStore.requireValid(spec, videoId, video);
        write(Map.of(videoId, video), metadata);
    }

    /**
     * Adds several videos under one durable commit, for bulk loads where a commit per video would dominate (the
     * benchmark's loader): each video is still written as one block, so a crash loses the unacknowledged batch's
     * videos whole, never part of one.
     */
    void addAll(Map<String, VideoFeatures> videos, Map<String, String> metadata) {
        requireWritable();
        videos.forEach((videoId, video) -> FrameStore.requireValid(spec, videoId, video));
        write(videos, metadata);
    }

    private void write(Map<String, VideoFeatures> videos, Map<String, String> metadata) {
        // Each writing thread fills its own segment and builds its graph: a large batch is written from all cores.
        videos.entrySet().parallelStream().forEach(entry -> {
            try {
                writer.updateDocuments(new Term(FIELD_VIDEO, entry.getKey()),
                        block(entry.getKey(), entry.getValue(), metadata, encoding));
            } catch (IOException e) {
                throw new StoreException("cannot add " + entry.getKey() + " to " + path + ": " + e.getMessage(), e);
            }
        });
        try {
            writer.commit();
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new StoreException("cannot add to " + path + ": " + e.getMessage(), e);
        }
    }

    private static List<Document> block(String videoId, VideoFeatures video, Map<String, String> metadata,
                                        VectorEncoding encoding) {
        List<Document> block = new ArrayList<>(video.frameCount() + 1);
        for (int i = 0; i < video.frameCount(); i++) {
            float[] v = video.vectors()[i];
            Document frame = new Document();
            frame.add(new StringField(FIELD_VIDEO, videoId, Field.Store.NO));
            frame.add(new SortedDocValuesField(FIELD_VIDEO, new BytesRef(videoId)));
            frame.add(new StringField(FIELD_KIND, KIND_FRAME, Field.Store.NO));
            frame.add(new NumericDocValuesField(FIELD_FRAME, i));
            frame.add(new NumericDocValuesField(FIELD_TIME, Double.doubleToRawLongBits(video.timestamps()[i])));
            if (!VideoFeatures.isBlank(v)) { // a flat frame matches nothing; keeping it out of the graph saves space
                frame.add(encoding == VectorEncoding.INT8
                        ? new KnnByteVectorField(FIELD_VECTOR, VectorEncoding.quantize(v), VectorSimilarityFunction.DOT_PRODUCT)
                        : new KnnFloatVectorField(FIELD_VECTOR, v, VectorSimilarityFunction.DOT_PRODUCT));
            }
            block.add(frame);
        }
        Document summary = new Document();
        summary.add(new StringField(FIELD_VIDEO, videoId, Field.Store.YES));
        summary.add(new SortedDocValuesField(FIELD_VIDEO, new BytesRef(videoId)));
        summary.add(new StringField(FIELD_KIND, KIND_VIDEO, Field.Store.NO));
        summary.add(new StoredField(FIELD_FRAMES, video.frameCount()));
        summary.add(new StoredField(FIELD_DURATION, video.durationSeconds()));
        summary.add(new NumericDocValuesField(FIELD_DURATION, Double.doubleToRawLongBits(video.durationSeconds())));
        metadata.forEach((key, value) -> summary.add(new StoredField(FIELD_METADATA_PREFIX + key, value)));
        block.add(summary); // last: frames(id) finds the frames just before it in the same segment
        return block;
    }

    /**
     * Merges all segments into one and commits. Each segment has its own graph, which every query frame searches, so
     * a store built video by video (a segment per commit, merged by tiers into a few dozen) searches many times
     * slower than a compacted one. Searches and adds go on meanwhile; a crash leaves the previous commit.
     */
    @Override
    public void compact() {
        requireWritable();
        try {
            writer.forceMerge(1);
            writer.commit();
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new StoreException("cannot compact " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean delete(String videoId) {
        requireWritable();
        try {
            boolean present = withSearcher(searcher -> searcher.count(videoQuery(videoId)) > 0);
            writer.deleteDocuments(new Term(FIELD_VIDEO, videoId));
            writer.commit();
            searchers.maybeRefreshBlocking();
            return present;
        } catch (IOException e) {
            throw new StoreException("cannot delete " + videoId + " from " + path + ": " + e.getMessage(), e);
        }
    }

    /** One graph hit waiting for its video id, frame index and exact similarity. */
    private record Pending(int query, int doc) {
    }

    /** One snapshot of the store answers the whole batch, so all of a query's frames see the same library. */
    @Override
    public List<List<FrameHit>> nearest(List<float[]> vectors, int k) {
        return nearest(vectors, k, Math.max(k, MIN_SEARCH_BREADTH));
    }

    /** As {@link #nearest(List, int)}, exploring {@code breadth} (at least k) graph candidates per query vector. */
    List<List<FrameHit>> nearest(List<float[]> vectors, int k, int breadth) {
        return withSearcher(searcher -> {
            // Each query vector is its own graph search: spread them over the cores (this thread and the common pool).
            List<Pending> pending = new ArrayList<>(vectors.size() * breadth);
            IntStream.range(0, vectors.size()).parallel()
                    .mapToObj(q -> graphSearch(searcher, q, vectors.get(q), breadth, encoding))
                    .toList().forEach(pending::addAll);
            return resolve(searcher, vectors, pending, k);
        });
    }

    private static List<Pending> graphSearch(IndexSearcher searcher, int query, float[] vector, int breadth,
                                             VectorEncoding encoding) {
        try {
            Query knn = encoding == VectorEncoding.INT8
                    ? new KnnByteVectorQuery(FIELD_VECTOR, VectorEncoding.quantize(vector), breadth)
                    : new KnnFloatVectorQuery(FIELD_VECTOR, vector, breadth);
            ScoreDoc[] hits = searcher.search(knn, breadth).scoreDocs;
            List<Pending> found = new ArrayList<>(hits.length);
            for (ScoreDoc hit : hits) {
                found.add(new Pending(query, hit.doc));
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * As {@link #nearest}, by comparing each query vector with every stored vector: the exact answer that
     * the graph search approximates, for measuring its recall (too slow for serving).
     */
    public List<List<FrameHit>> exactNearest(List<float[]> vectors, int k) {
        return withSearcher(searcher -> {
            List<PriorityQueue<ScoreDoc>> best = new ArrayList<>(vectors.size());
            for (int q = 0; q < vectors.size(); q++) {
                best.add(new PriorityQueue<>(k + 1, Comparator.comparingDouble((ScoreDoc d) -> d.score)));
            }
            // One pass over the stored vectors per core, each for its share of the query vectors.
            int groups = Math.min(vectors.size(), ForkJoinPool.getCommonPoolParallelism() + 1);
            IntStream.range(0, groups).parallel().forEach(group -> {
                try {
                    for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                        scan(leaf, vectors, best, group, groups, k);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            List<Pending> pending = new ArrayList<>();
            for (int q = 0; q < vectors.size(); q++) {
                for (ScoreDoc hit : best.get(q)) {
                    pending.add(new Pending(q, hit.doc));
                }
            }
            return resolve(searcher, vectors, pending, k);
        });
    }

    /** Offers every live stored vector of {@code leaf} to the top-k heaps of query vectors group, group + groups, ... */
    private static void scan(LeafReaderContext leaf, List<float[]> vectors, List<PriorityQueue<ScoreDoc>> best, int group,
                             int groups, int k) throws IOException {
        LeafVectors stored = LeafVectors.of(leaf.reader());
        Bits live = leaf.reader().getLiveDocs();
        if (stored == null) {
            return;
        }
        for (int doc = stored.docs().nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = stored.docs().nextDoc()) {
            if (live != null && !live.get(doc)) {
                continue;
            }
            float[] vector = stored.vector();
            for (int q = group; q < vectors.size(); q += groups) {
                PriorityQueue<ScoreDoc> top = best.get(q);
                float score = VideoFeatures.dot(vectors.get(q), vector);
                if (top.size() < k || score > top.peek().score) {
                    top.add(new ScoreDoc(leaf.docBase + doc, score));
                    if (top.size() > k) {
                        top.poll();
                    }
                }
            }
        }
    }

    /** Turns hits into frame hits with their similarities to the stored vectors, best first, at most k per query. */
    private static List<List<FrameHit>> resolve(IndexSearcher searcher, List<float[]> vectors, List<Pending> pending,
                                                int k) throws IOException {
        // Doc values and vectors are read forward only: visit the hits in document order, one pass per segment.
        pending.sort(Comparator.comparingInt(Pending::doc));
        List<List<FrameHit>> batch = new ArrayList<>(vectors.size());
        for (int q = 0; q < vectors.size(); q++) {
            batch.add(new ArrayList<>());
        }
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        int i = 0;
        while (i < pending.size()) {
            LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(pending.get(i).doc(), leaves));
            LeafReader reader = leaf.reader();
            SortedDocValues videos = DocValues.getSorted(reader, FIELD_VIDEO);
            NumericDocValues frames = DocValues.getNumeric(reader, FIELD_FRAME);
            LeafVectors stored = LeafVectors.of(reader);
            int end = leaf.docBase + reader.maxDoc();
            int current = -1;
            String video = null;
            int frame = 0;
            float[] vector = null;
            for (; i < pending.size() && pending.get(i).doc() < end; i++) {
                int doc = pending.get(i).doc() - leaf.docBase;
                if (doc != current) {
                    current = doc;
                    videos.advanceExact(doc);
                    video = videos.lookupOrd(videos.ordValue()).utf8ToString();
                    frames.advanceExact(doc);
                    frame = (int) frames.longValue();
                    stored.docs().advance(doc);
                    vector = stored.vector();
                }
                int q = pending.get(i).query();
                batch.get(q).add(new FrameHit(video, frame, VideoFeatures.dot(vectors.get(q), vector)));
            }
        }
        for (int q = 0; q < batch.size(); q++) {
            List<FrameHit> hits = batch.get(q);
            hits.sort(Comparator.comparingDouble(FrameHit::similarity).reversed());
            batch.set(q, List.copyOf(hits.subList(0, Math.min(k, hits.size()))));
        }
        return batch;
    }

    @Override
    public Optional<VideoFeatures> frames(String videoId) {
        return withSearcher(searcher -> {
            TopDocs top = searcher.search(videoQuery(videoId), 1);
            if (top.scoreDocs.length == 0) {
                return Optional.empty();
            }
            int summary = top.scoreDocs[0].doc;
            Document doc = searcher.storedFields().document(summary);
            int n = doc.getField(FIELD_FRAMES).numericValue().intValue();
            double duration = doc.getField(FIELD_DURATION).numericValue().doubleValue();
            List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
            LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(summary, leaves));
            LeafReader reader = leaf.reader();
            int first = summary - leaf.docBase - n;
            NumericDocValues times = DocValues.getNumeric(reader, FIELD_TIME);
            LeafVectors stored = LeafVectors.of(reader);
            double[] timestamps = new double[n];
            float[][] vectors = new float[n][];
            for (int i = 0; i < n; i++) {
                int frameDoc = first + i;
                if (!times.advanceExact(frameDoc)) {
                    throw new IOException("video " + videoId + " lacks frame " + i);
                }
                timestamps[i] = Double.longBitsToDouble(times.longValue());
                if (stored != null && stored.docs().docID() < frameDoc) {
                    stored.docs().advance(frameDoc);
                }
                vectors[i] = stored != null && stored.docs().docID() == frameDoc ? stored.vector().clone()
                        : new float[spec.dimension()];
            }
            return Optional.of(new VideoFeatures(duration, timestamps, vectors));
        });
    }

    @Override
    public Optional<Map<String, String>> metadata(String videoId) {
        return withSearcher(searcher -> {
            TopDocs top = searcher.search(videoQuery(videoId), 1);
            if (top.scoreDocs.length == 0) {
                return Optional.empty();
            }
            Map<String, String> metadata = new TreeMap<>();
            for (IndexableField field : searcher.storedFields().document(top.scoreDocs[0].doc)) {
                if (field.name().startsWith(FIELD_METADATA_PREFIX)) {
                    metadata.put(field.name().substring(FIELD_METADATA_PREFIX.length()), field.stringValue());
                }
            }
            return Optional.of(metadata);
        });
    }

    @Override
    public List<String> videoIds() {
        return withSearcher(searcher -> {
            TermQuery videos = new TermQuery(new Term(FIELD_KIND, KIND_VIDEO));
            int count = Math.max(1, searcher.count(videos));
            StoredFields stored = searcher.storedFields();
            List<String> ids = new ArrayList<>();
            for (ScoreDoc hit : searcher.search(videos, count).scoreDocs) {
                ids.add(stored.document(hit.doc).get(FIELD_VIDEO));
            }
            ids.sort(null);
            return ids;
        });
    }

    @Override
    public StoreStats stats() {
        return withSearcher(searcher -> {
            long videos = searcher.count(new TermQuery(new Term(FIELD_KIND, KIND_VIDEO)));
            long frames = searcher.count(new TermQuery(new Term(FIELD_KIND, KIND_FRAME)));
            double seconds = 0;
            for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                Bits live = leaf.reader().getLiveDocs();
                NumericDocValues durations = DocValues.getNumeric(leaf.reader(), FIELD_DURATION);
                for (int doc = durations.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = durations.nextDoc()) {
                    if (live == null || live.get(doc)) {
                        seconds += Double.longBitsToDouble(durations.longValue());
                    }
                }
            }
            long bytes = 0;
            for (String file : directory.listAll()) {
                try {
                    bytes += directory.fileLength(file);
                } catch (NoSuchFileException e) {
                    // an older commit's file, deleted by the writer since we listed it
                }
            }
            return new StoreStats(videos, frames, seconds, bytes);
        });
    }

    private void requireWritable() {
        if (writer == null) {
            throw new StoreException("store at " + path + " is open read-only");
        }
    }

    private static Query videoQuery(String videoId) {
        return new BooleanQuery.Builder()
                .add(new TermQuery(new Term(FIELD_VIDEO, videoId)), BooleanClause.Occur.FILTER)
                .add(new TermQuery(new Term(FIELD_KIND, KIND_VIDEO)), BooleanClause.Occur.FILTER)
                .build();
    }

    private interface SearchAction<T> {
        T run(IndexSearcher searcher) throws IOException;
    }

    private <T> T withSearcher(SearchAction<T> action) {
        try {
            searchers.maybeRefresh();
            IndexSearcher searcher = searchers.acquire();
            try {
                return action.run(searcher);
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new StoreException("cannot read store at " + path + ": " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new StoreException("cannot read store at " + path + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    @Override
    public void close() {
        try {
            searchers.close();
            if (writer != null) {
                writer.close();
            }
            directory.close();
        } catch (IOException e) {
            throw new StoreException("cannot close store at " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "at " + path;
    }

    private static Recorded readRecorded(Path dir, Directory directory) throws IOException {
        try (DirectoryReader reader = DirectoryReader.open(directory)) {
            Map<String, String> meta = new HashMap<>(reader.getIndexCommit().getUserData());
            if (meta.get(META_EMBEDDER) == null) {
                throw new StoreException("not a vcd frame store at " + dir);
            }
            String format = meta.get(META_FORMAT);
            VectorEncoding encoding = FORMATS.entrySet().stream().filter(e -> e.getValue().equals(format))
                    .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new StoreException("store at " + dir
                            + " has format " + format + ", this vcd reads formats 2 (float32) and 3 (int8): index"
                            + " its references again into a new store"));
            return new Recorded(new FrameSpec(meta.get(META_EMBEDDER), Integer.parseInt(meta.get(META_DIMENSION)),
                    meta.get(META_KEYFRAMES)), encoding);
        }
    }

    private static void closeQuietly(Directory directory) {
        if (directory != null) {
            try {
                directory.close();
            } catch (IOException ignored) {
                // Already failing with the more useful error.
            }
        }
    }

    /**
     * A segment's stored vectors as floats, whichever encoding its field has (read from the segment itself, so
     * reading never depends on what the commit claims); forward only.
     */
    private record LeafVectors(DocIdSetIterator docs, FloatVectorValues floats, ByteVectorValues bytes) {

        /** The leaf's vectors, or null when it has none. */
        static LeafVectors of(LeafReader reader) throws IOException {
            FieldInfo field = reader.getFieldInfos().fieldInfo(FIELD_VECTOR);
            if (field == null) {
                return null;
            }
            if (field.getVectorEncoding() == org.apache.lucene.index.VectorEncoding.BYTE) {
                ByteVectorValues bytes = reader.getByteVectorValues(FIELD_VECTOR);
                return bytes == null ? null : new LeafVectors(bytes, null, bytes);
            }
            FloatVectorValues floats = reader.getFloatVectorValues(FIELD_VECTOR);
            return floats == null ? null : new LeafVectors(floats, floats, null);
        }

        /** The current document's vector; a float32 leaf's array is reused by the next call. */
        float[] vector() throws IOException {
            return floats != null ? floats.vectorValue() : VectorEncoding.dequantize(bytes.vectorValue());
        }
    }

    /**
     * Lucene's current codec with the frame vectors in an HNSW graph: the bytes themselves for int8 stores, a
     * 7-bit quantized copy beside the floats for float32 stores.
     */
    private static final class FrameVectorCodec extends Lucene912Codec {

        private final KnnVectorsFormat vectors;

        FrameVectorCodec(VectorEncoding encoding) {
            vectors = encoding == VectorEncoding.INT8 ? new Lucene99HnswVectorsFormat(GRAPH_LINKS, GRAPH_BEAM)
                    : new Lucene99HnswScalarQuantizedVectorsFormat(GRAPH_LINKS, GRAPH_BEAM, 1, QUANTIZATION_BITS,
                    false, null, null);
        }

        @Override
        public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
            return vectors;
        }
    }
}
