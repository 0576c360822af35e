package org.vcd.matcher;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexNotFoundException;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.vcd.ingest.VideoFeatures;

/**
 * Frame store in a Lucene index on local disk. Each video is one block of documents: one document per
 * informative frame holding its vector in an HNSW graph, and one video document holding all its frames in
 * time order (for similarity matrices). A block replaces any earlier block of the same id atomically, and
 * an add returns only after a durable commit, so a crash leaves every acknowledged video whole and no
 * half video. The embedder that filled the store is recorded in the commit, and mismatched callers are
 * refused.
 */
public final class LuceneFrameStore implements AutoCloseable {

    private static final String FIELD_VIDEO = "video";
    private static final String FIELD_KIND = "kind";
    private static final String FIELD_VECTOR = "vector";
    private static final String FIELD_FRAME = "frame";
    private static final String FIELD_DURATION = "duration";
    private static final String FIELD_FRAMES = "frames";
    private static final String FIELD_METADATA_PREFIX = "meta.";
    private static final String KIND_FRAME = "frame";
    private static final String KIND_VIDEO = "video";
    private static final String META_EMBEDDER = "embedder";
    private static final String META_DIMENSION = "dimension";
    private static final String META_FORMAT = "format";
    private static final String FORMAT = "1";

    private final Path path;
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final String embedder;
    private final int dimension;

    private LuceneFrameStore(Path path, Directory directory, IndexWriter writer, SearcherManager searchers,
                             String embedder, int dimension) {
        this.path = path;
        this.directory = directory;
        this.writer = writer;
        this.searchers = searchers;
        this.embedder = embedder;
        this.dimension = dimension;
    }

    /** Opens the store at {@code dir} for adding videos, creating it for {@code embedder} if it does not exist. */
    public static LuceneFrameStore openForWriting(Path dir, String embedder, int dimension) {
        Directory directory = null;
        try {
            Files.createDirectories(dir);
            directory = FSDirectory.open(dir);
            boolean exists = DirectoryReader.indexExists(directory);
            if (exists) {
                Map<String, String> meta = readMetadata(directory);
                requireSame(dir, meta.get(META_EMBEDDER), meta.get(META_DIMENSION), embedder, dimension);
            }
            IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig()
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND));
            writer.setLiveCommitData(Map.of(META_EMBEDDER, embedder, META_DIMENSION,
                    Integer.toString(dimension), META_FORMAT, FORMAT).entrySet());
            if (!exists) {
                writer.commit();
            }
            return new LuceneFrameStore(dir, directory, writer, new SearcherManager(writer, null), embedder,
                    dimension);
        } catch (IOException e) {
            closeQuietly(directory);
            throw new StoreException("cannot open store for writing at " + dir + ": " + e.getMessage(), e);
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
            Map<String, String> meta = readMetadata(directory);
            return new LuceneFrameStore(dir, directory, null, new SearcherManager(directory, null),
                    meta.get(META_EMBEDDER), Integer.parseInt(meta.get(META_DIMENSION)));
        } catch (IndexNotFoundException e) {
            closeQuietly(directory);
            throw new StoreException("no store at " + dir, e);
        } catch (IOException | RuntimeException e) {
            closeQuietly(directory);
            throw new StoreException("cannot open store at " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Name of the frame embedder whose vectors fill this store. */
    public String embedder() {
        return embedder;
    }

    public int dimension() {
        return dimension;
    }

    /** Refuses to mix vectors from another embedder into, or against, this store. */
    public void requireEmbedder(String name, int dim) {
        requireSame(path, embedder, Integer.toString(dimension), name, dim);
    }

    /** Stores {@code video}'s frames under {@code videoId}, replacing any earlier video of that id; durable on return. */
    public void add(String videoId, VideoFeatures video) {
        add(videoId, video, Map.of());
    }

    /**
     * As {@link #add(String, VideoFeatures)}, keeping {@code metadata} (such as the video's source) with it for
     * {@link #metadata(String)}.
     */
    public void add(String videoId, VideoFeatures video, Map<String, String> metadata) {
        if (writer == null) {
            throw new StoreException("store at " + path + " is open read-only");
        }
        if (videoId == null || videoId.isBlank()) {
            throw new IllegalArgumentException("video id must not be blank");
        }
        if (video.frameCount() > 0 && video.dimension() != dimension) {
            throw new IllegalArgumentException("vectors have " + video.dimension() + " dimensions, the store "
                    + dimension);
        }
        List<Document> block = new ArrayList<>(video.frameCount() + 1);
        for (int i = 0; i < video.frameCount(); i++) {
            float[] v = video.vectors()[i];
            if (VideoFeatures.isBlank(v)) {
                continue; // a flat frame matches nothing; keeping it out of the graph saves space
            }
            Document frame = new Document();
            frame.add(new StringField(FIELD_VIDEO, videoId, Field.Store.YES));
            frame.add(new StringField(FIELD_KIND, KIND_FRAME, Field.Store.NO));
            frame.add(new StoredField(FIELD_FRAME, i));
            frame.add(new KnnFloatVectorField(FIELD_VECTOR, v, VectorSimilarityFunction.DOT_PRODUCT));
            block.add(frame);
        }
        Document summary = new Document();
        summary.add(new StringField(FIELD_VIDEO, videoId, Field.Store.YES));
        summary.add(new StringField(FIELD_KIND, KIND_VIDEO, Field.Store.NO));
        summary.add(new StoredField(FIELD_DURATION, video.durationSeconds()));
        summary.add(new StoredField(FIELD_FRAMES, encode(video)));
        metadata.forEach((key, value) -> summary.add(new StoredField(FIELD_METADATA_PREFIX + key, value)));
        block.add(summary);
        try {
            writer.updateDocuments(new Term(FIELD_VIDEO, videoId), block);
            writer.commit();
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new StoreException("cannot add " + videoId + " to " + path + ": " + e.getMessage(), e);
        }
    }

    /** Removes a video and all its frames; durable and invisible to searches on return. Returns whether it was there. */
    public boolean delete(String videoId) {
        if (writer == null) {
            throw new StoreException("store at " + path + " is open read-only");
        }
        try {
            boolean present = frames(videoId).isPresent();
            writer.deleteDocuments(new Term(FIELD_VIDEO, videoId));
            writer.commit();
            searchers.maybeRefreshBlocking();
            return present;
        } catch (IOException e) {
            throw new StoreException("cannot delete " + videoId + " from " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * For each of {@code vectors}, the {@code k} stored frames most similar to it, most similar first. One
     * snapshot of the store answers the whole batch, so all of a query's frames see the same library.
     */
    public List<List<FrameHit>> nearest(List<float[]> vectors, int k) {
        return withSearcher(searcher -> {
            StoredFields stored = searcher.storedFields();
            List<List<FrameHit>> batch = new ArrayList<>(vectors.size());
            for (float[] vector : vectors) {
                TopDocs top = searcher.search(new KnnFloatVectorQuery(FIELD_VECTOR, vector, k), k);
                List<FrameHit> hits = new ArrayList<>(top.scoreDocs.length);
                for (ScoreDoc hit : top.scoreDocs) {
                    Document doc = stored.document(hit.doc);
                    // Lucene scores a dot product d as (1 + d) / 2.
                    hits.add(new FrameHit(doc.get(FIELD_VIDEO), doc.getField(FIELD_FRAME).numericValue().intValue(),
                            2 * hit.score - 1));
                }
                batch.add(hits);
            }
            return batch;
        });
    }

    /** A stored video's frames in time order. */
    public Optional<VideoFeatures> frames(String videoId) {
        return withSearcher(searcher -> {
            TopDocs top = searcher.search(videoQuery(videoId), 1);
            if (top.scoreDocs.length == 0) {
                return Optional.empty();
            }
            Document doc = searcher.storedFields().document(top.scoreDocs[0].doc);
            return Optional.of(decode(doc.getField(FIELD_DURATION).numericValue().doubleValue(),
                    doc.getBinaryValue(FIELD_FRAMES)));
        });
    }

    /** The metadata a video was stored with, or empty when no such video is stored. */
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

    /** Ids of all stored videos. */
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

    private static Map<String, String> readMetadata(Directory directory) throws IOException {
        try (DirectoryReader reader = DirectoryReader.open(directory)) {
            Map<String, String> meta = new HashMap<>(reader.getIndexCommit().getUserData());
            if (!FORMAT.equals(meta.get(META_FORMAT)) || meta.get(META_EMBEDDER) == null) {
                throw new IOException("not a vcd frame store (format " + meta.get(META_FORMAT) + ")");
            }
            return meta;
        }
    }

    private static void requireSame(Path dir, String storedEmbedder, String storedDimension, String embedder,
                                    int dimension) {
        if (!embedder.equals(storedEmbedder) || !Integer.toString(dimension).equals(storedDimension)) {
            throw new StoreException("store at " + dir + " holds " + storedEmbedder + " vectors ("
                    + storedDimension + "-d), not " + embedder + " (" + dimension + "-d)");
        }
    }

    /** Frames as: count, then per frame its timestamp (float64) and vector (float32), little-endian. */
    private static BytesRef encode(VideoFeatures video) {
        int n = video.frameCount();
        int d = video.dimension();
        ByteBuffer buffer = ByteBuffer.allocate(8 + n * (8 + 4 * d)).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(n).putInt(d);
        for (int i = 0; i < n; i++) {
            buffer.putDouble(video.timestamps()[i]);
            for (float x : video.vectors()[i]) {
                buffer.putFloat(x);
            }
        }
        return new BytesRef(buffer.array());
    }

    private static VideoFeatures decode(double duration, BytesRef bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes.bytes, bytes.offset, bytes.length).order(ByteOrder.LITTLE_ENDIAN);
        int n = buffer.getInt();
        int d = buffer.getInt();
        double[] timestamps = new double[n];
        float[][] vectors = new float[n][d];
        for (int i = 0; i < n; i++) {
            timestamps[i] = buffer.getDouble();
            for (int k = 0; k < d; k++) {
                vectors[i][k] = buffer.getFloat();
            }
        }
        return new VideoFeatures(duration, timestamps, vectors);
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
}
