package org.vcd.matcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcd.domain.VideoFeatures;

/**
 * The store contract on a float32 Lucene store: format 2, the layout older vcd versions wrote, so this is also what
 * a store indexed before int8 became the default does; plus the encoding being fixed per store.
 */
class LuceneFloatFrameStoreTest extends FrameStoreContract {

    @TempDir
    Path dir;

    @Override
    FrameStore openForWriting(FrameSpec spec) {
        return LuceneFrameStore.openForWriting(dir, spec, VectorEncoding.FLOAT32);
    }

    @Override
    FrameStore openForReading() {
        return LuceneFrameStore.openForReading(dir);
    }

    @Override
    Optional<FrameSpec> storedSpec() {
        return LuceneFrameStore.storedSpec(dir);
    }

    @Test
    void aFloatStoreStaysFloatWhenOpenedWithTheDefaultAndKeepsFormat2() throws IOException {
        VideoFeatures a = TestVideos.video(1, 10);
        try (FrameStore store = openForWriting(TestVideos.SPEC)) {
            store.add("a", a);
        }
        try (FrameStore store = LuceneFrameStore.openForWriting(dir, TestVideos.SPEC)) {
            assertEquals(VectorEncoding.FLOAT32, store.encoding());
            store.add("b", TestVideos.video(2, 10));
            assertArrayEquals(a.vectors()[4], store.frames("a").orElseThrow().vectors()[4]);
        }
        assertEquals("2", commitData().get("format"));
        try (FrameStore store = openForReading()) {
            assertEquals(VectorEncoding.FLOAT32, store.encoding());
            assertEquals(List.of("a", "b"), store.videoIds());
        }
    }

    @Test
    void anInt8StoreIsFormat3AndKeepsOneBytePerComponent() throws IOException {
        VideoFeatures a = TestVideos.video(1, 10);
        try (FrameStore store = LuceneFrameStore.openForWriting(dir, TestVideos.SPEC, VectorEncoding.INT8)) {
            store.add("a", a);
        }
        assertEquals("3", commitData().get("format"));
        try (FrameStore store = LuceneFrameStore.openForWriting(dir, TestVideos.SPEC, VectorEncoding.FLOAT32)) {
            assertEquals(VectorEncoding.INT8, store.encoding()); // the encoding asked for applies to new stores only
            float[] back = store.frames("a").orElseThrow().vectors()[4];
            for (int i = 0; i < back.length; i++) {
                assertEquals(Math.round(back[i] * 127), back[i] * 127, 1e-4, "not a multiple of 1/127");
                assertEquals(a.vectors()[4][i], back[i], 0.5 / 127 + 1e-6);
            }
        }
    }

    @Test
    void aStoreOfAnUnknownFormatIsRefusedWithTheWayOut() throws IOException {
        try (FrameStore store = openForWriting(TestVideos.SPEC)) {
            store.add("a", TestVideos.video(1, 3));
        }
        try (Directory directory = FSDirectory.open(dir);
             IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig())) {
            writer.setLiveCommitData(Map.of("embedder", "test", "dimension", "16", "keyframes", "uniform-1",
                    "format", "9").entrySet());
            writer.commit();
        }
        StoreException e = assertThrows(StoreException.class, () -> LuceneFrameStore.openForReading(dir));
        assertTrue(e.getMessage().contains("format 9") && e.getMessage().contains("index its references again"),
                e.getMessage());
    }

    private Map<String, String> commitData() throws IOException {
        try (Directory directory = FSDirectory.open(dir); DirectoryReader reader = DirectoryReader.open(directory)) {
            return reader.getIndexCommit().getUserData();
        }
    }
}
