package org.vcd.matcher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;
import org.vcd.audio.Landmark;
import org.vcd.domain.VideoFeatures;

/**
 * The Lucene store's one writer (Lucene's write lock keeps out a second): adds, replaces and deletes whole video
 * blocks ({@link LuceneLayout}), each call ending with a durable commit that carries the {@link StoreHeader}.
 */
final class LuceneFrameWriter implements AutoCloseable {

    /**
     * Heap for documents not yet flushed (Lucene's limit per writing thread is 1,945 MB). A single add commits, and
     * so flushes, each video; a batch of many videos fills it and becomes one segment per writing thread, each graph
     * built once, instead of many small segments whose graphs merges rebuild.
     */
    private static final double WRITE_BUFFER_MB = 1900;

    private final Path path;
    private final IndexWriter writer;
    private final VectorEncoding encoding;

    private LuceneFrameWriter(Path path, IndexWriter writer, VectorEncoding encoding) {
        this.path = path;
        this.writer = writer;
        this.encoding = encoding;
    }

    /**
     * Opens the writer of the store at {@code path}, whose every commit records {@code header}; a new store's header
     * is committed at once, so that the store exists, empty, once this returns.
     */
    static LuceneFrameWriter open(Path path, Directory directory, StoreHeader header, boolean exists)
            throws IOException {
        IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig()
                .setCodec(new FrameVectorCodec(header.encoding()))
                .setRAMBufferSizeMB(WRITE_BUFFER_MB)
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND));
        writer.setLiveCommitData(header.entries(StoreHeader.Dialect.LUCENE).entrySet());
        if (!exists) {
            writer.commit();
        }
        return new LuceneFrameWriter(path, writer, header.encoding());
    }

    /** Searchers that see this writer's commits as soon as they are refreshed. */
    SearcherManager searchers() throws IOException {
        return new SearcherManager(writer, null);
    }

    /** A video to write: its frames, and its landmarks in a store with audio (null otherwise). */
    record Entry(VideoFeatures video, List<Landmark> landmarks) {
    }

    /** Writes each video as one block replacing any earlier block of its id, then commits them all at once. */
    void write(Map<String, Entry> videos, Map<String, String> metadata) throws IOException {
        // Each writing thread fills its own segment and builds its graph: a large batch is written from all cores.
        videos.entrySet().parallelStream().forEach(entry -> {
            try {
                writer.updateDocuments(LuceneLayout.video(entry.getKey()),
                        LuceneLayout.block(entry.getKey(), entry.getValue().video(), entry.getValue().landmarks(),
                                metadata, encoding));
            } catch (IOException e) {
                throw new StoreException("cannot add " + entry.getKey() + " to " + path + ": " + e.getMessage(), e);
            }
        });
        writer.commit();
    }

    void delete(String videoId) throws IOException {
        writer.deleteDocuments(LuceneLayout.video(videoId));
        writer.commit();
    }

    /**
     * Merges all segments into one (dropping deleted documents) and commits. Each segment has its own graph, which
     * every query frame searches, so a store built video by video (a segment per commit, merged by tiers into a few
     * dozen) searches many times slower than a compacted one. Searches and adds go on meanwhile; a crash leaves the
     * previous commit.
     */
    void compact() throws IOException {
        writer.forceMerge(1);
        writer.commit();
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
