package org.vcd.matcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexNotFoundException;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.vcd.audio.Landmark;
import org.vcd.domain.VideoFeatures;

/**
 * Frame store in a Lucene index on local disk. Each video is one block of documents ({@link LuceneLayout}): one per
 * frame in time order (its timestamp in doc values; an informative frame also has its vector in an HNSW graph), then
 * one video document (duration, frame count, metadata). A store keeps its vectors in one {@link VectorEncoding}, fixed
 * when it is created: int8 (bytes in the graph, dot product; matrices and rescoring use them dequantized) or float32
 * (the float vectors beside a 7-bit quantized copy the graph is searched on; matrices and rescoring use the floats).
 * Either way no second copy of the vectors is kept. A block replaces any earlier block of the same id atomically, and
 * an add returns only after a durable commit ({@link LuceneFrameWriter}), so a crash leaves every acknowledged video
 * whole and no half video. The {@link FrameSpec} that filled the store and the encoding are recorded in the commit
 * ({@link StoreHeader}).
 */
public final class LuceneFrameStore implements FrameStore {

    /**
     * Each query frame explores at least this many graph candidates before the exact rescoring keeps the best k:
     * widening the search makes up for the quantized scores' ranking errors.
     */
    public static final int MIN_SEARCH_BREADTH = 48;

    private final Path path;
    private final Directory directory;
    private final LuceneFrameWriter writer;
    private final LuceneFrameSearcher searcher;
    private final StoreHeader header;

    private LuceneFrameStore(Path path, Directory directory, LuceneFrameWriter writer, SearcherManager searchers,
                             StoreHeader header) {
        this.path = path;
        this.directory = directory;
        this.writer = writer;
        this.searcher = new LuceneFrameSearcher(path, searchers, header.encoding(), header.spec().dimension());
        this.header = header;
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
            StoreHeader header = new StoreHeader(spec, newStoreEncoding);
            if (exists) {
                header = readHeader(dir, directory);
                header.spec().requireSameForWriting(dir.toString(), spec);
            }
            LuceneFrameWriter writer = LuceneFrameWriter.open(dir, directory, header, exists);
            return new LuceneFrameStore(dir, directory, writer, writer.searchers(), header);
        } catch (IOException e) {
            closeQuietly(directory);
            throw new StoreException("cannot open store for writing at " + dir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(directory);
            throw e;
        }
    }

    /**
     * What filled the store at {@code dir}, read from its last commit without opening it; empty when there is no store
     * there yet (a writer would create it).
     */
    public static Optional<FrameSpec> storedSpec(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Directory directory = FSDirectory.open(dir)) {
            return DirectoryReader.indexExists(directory)
                    ? Optional.of(readHeader(dir, directory).spec()) : Optional.empty();
        } catch (IOException e) {
            throw new StoreException("cannot read store at " + dir + ": " + e.getMessage(), e);
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
                    readHeader(dir, directory));
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

    private static StoreHeader readHeader(Path dir, Directory directory) throws IOException {
        try (DirectoryReader reader = DirectoryReader.open(directory)) {
            return StoreHeader.read(StoreHeader.Dialect.LUCENE, reader.getIndexCommit().getUserData(), "at " + dir);
        }
    }

    @Override
    public FrameSpec spec() {
        return header.spec();
    }

    @Override
    public VectorEncoding encoding() {
        return header.encoding();
    }

    @Override
    public void add(String videoId, VideoFeatures video, List<Landmark> landmarks, Map<String, String> metadata) {
        requireWritable();
        FrameStore.requireValid(spec(), videoId, video, landmarks);
        write(Map.of(videoId, new LuceneFrameWriter.Entry(video, landmarks)), metadata);
    }

    /**
     * Adds several videos, each with {@code metadata}, under one durable commit, for bulk loads where a commit per
     * video would dominate: each video is still written as one block, so a crash loses the unacknowledged batch's
     * videos whole, never part of one. A large batch becomes one segment per writing thread, each graph built once.
     * Refuses the whole batch if any video is invalid, and a store with audio (the videos come without sound).
     */
    public void addAll(Map<String, VideoFeatures> videos, Map<String, String> metadata) {
        requireWritable();
        Map<String, LuceneFrameWriter.Entry> entries = new LinkedHashMap<>();
        videos.forEach((videoId, video) -> {
            FrameStore.requireValid(spec(), videoId, video, null);
            entries.put(videoId, new LuceneFrameWriter.Entry(video, null));
        });
        write(entries, metadata);
    }

    private void write(Map<String, LuceneFrameWriter.Entry> videos, Map<String, String> metadata) {
        try {
            writer.write(videos, metadata);
            searcher.refresh();
        } catch (IOException e) {
            throw new StoreException("cannot add to " + path + ": " + e.getMessage(), e);
        }
    }

    /** Merges all segments into one: see {@link LuceneFrameWriter#compact()}. */
    @Override
    public void compact() {
        requireWritable();
        try {
            writer.compact();
            searcher.refresh();
        } catch (IOException e) {
            throw new StoreException("cannot compact " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean delete(String videoId) {
        requireWritable();
        boolean present = searcher.contains(videoId);
        try {
            writer.delete(videoId);
            searcher.refresh();
            return present;
        } catch (IOException e) {
            throw new StoreException("cannot delete " + videoId + " from " + path + ": " + e.getMessage(), e);
        }
    }

    /** One snapshot of the store answers the whole batch, so all of a query's frames see the same library. */
    @Override
    public List<List<FrameHit>> nearest(List<float[]> vectors, int k) {
        return nearest(vectors, k, Math.max(k, MIN_SEARCH_BREADTH));
    }

    /**
     * As {@link #nearest(List, int)}, exploring {@code breadth} (at least k) graph candidates per query vector instead
     * of {@link #MIN_SEARCH_BREADTH}: for measuring what breadth buys.
     */
    public List<List<FrameHit>> nearest(List<float[]> vectors, int k, int breadth) {
        return searcher.nearest(vectors, k, breadth);
    }

    @Override
    public Optional<VideoFeatures> frames(String videoId) {
        return searcher.frames(videoId);
    }

    @Override
    public Optional<List<Landmark>> landmarks(String videoId) {
        return searcher.landmarks(videoId);
    }

    @Override
    public Map<Integer, List<String>> videosWithHashes(Collection<Integer> hashes) {
        return searcher.videosWithHashes(hashes);
    }

    @Override
    public Optional<Map<String, String>> metadata(String videoId) {
        return searcher.metadata(videoId);
    }

    @Override
    public List<String> videoIds() {
        return searcher.videoIds();
    }

    @Override
    public StoreStats stats() {
        StoreStats counts = searcher.counts();
        return new StoreStats(counts.videos(), counts.frames(), counts.videoSeconds(), diskBytes(), counts.landmarks(),
                counts.landmarkBytes());
    }

    private long diskBytes() {
        long bytes = 0;
        try {
            for (String file : directory.listAll()) {
                try {
                    bytes += directory.fileLength(file);
                } catch (NoSuchFileException e) {
                    // an older commit's file, deleted by the writer since we listed it
                }
            }
        } catch (IOException e) {
            throw new StoreException("cannot read store at " + path + ": " + e.getMessage(), e);
        }
        return bytes;
    }

    private void requireWritable() {
        if (writer == null) {
            throw new StoreException("store at " + path + " is open read-only");
        }
    }

    @Override
    public void close() {
        try {
            searcher.close();
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
