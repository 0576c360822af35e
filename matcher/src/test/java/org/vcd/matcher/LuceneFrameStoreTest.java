package org.vcd.matcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcd.domain.VideoFeatures;

/** The store contract on a Lucene index on disk (int8, the default encoding), plus what only a folder can get wrong. */
class LuceneFrameStoreTest extends FrameStoreContract {

    @TempDir
    Path dir;

    @Override
    FrameStore openForWriting(FrameSpec spec) {
        return LuceneFrameStore.openForWriting(dir, spec);
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
    void readingAMissingStoreFailsWithoutCreatingIt() {
        Path missing = dir.resolve("nothing-here");
        assertThrows(StoreException.class, () -> LuceneFrameStore.openForReading(missing));
        assertFalse(missing.toFile().exists());
        assertThrows(StoreException.class, () -> LuceneFrameStore.openForReading(dir));
    }

    @Test
    void compactionLeavesOneSegmentWithoutTheDeletedVideos() throws IOException {
        try (LuceneFrameStore store = LuceneFrameStore.openForWriting(dir, TestVideos.SPEC)) {
            for (int i = 0; i < 5; i++) {
                store.add("v" + i, TestVideos.video(i, 40)); // a commit, and so a segment, each
            }
            store.delete("v1");
            assertTrue(segments() > 1);
            store.compact();
            assertEquals(1, segments());
            try (Directory directory = FSDirectory.open(dir); DirectoryReader reader = DirectoryReader.open(directory)) {
                assertEquals(0, reader.numDeletedDocs());
                assertEquals(4 * 41, reader.maxDoc()); // 40 frame documents and a video document each
            }
        }
    }

    @Test
    void aBatchIsStoredUnderOneCommit() throws IOException {
        try (LuceneFrameStore store = LuceneFrameStore.openForWriting(dir, TestVideos.SPEC)) {
            Map<String, VideoFeatures> batch = new LinkedHashMap<>();
            for (int i = 0; i < 4; i++) {
                batch.put("v" + i, TestVideos.video(i, 25));
            }
            long before = commitGeneration();
            store.addAll(batch, Map.of("source", "batch"));
            assertEquals(before + 1, commitGeneration());
            try (FrameStore reader = LuceneFrameStore.openForReading(dir)) {
                assertEquals(List.of("v0", "v1", "v2", "v3"), reader.videoIds());
                for (int i = 0; i < 4; i++) {
                    assertArrayEquals(reader.encoding().roundTrip(batch.get("v" + i).vectors()[24]),
                            reader.frames("v" + i).orElseThrow().vectors()[24]);
                    assertEquals("v" + i, reader.nearest(List.of(batch.get("v" + i).vectors()[7]), 1).get(0).get(0).videoId());
                }
                assertEquals(Map.of("source", "batch"), reader.metadata("v3").orElseThrow());
            }
            Map<String, VideoFeatures> invalid = new LinkedHashMap<>();
            invalid.put("ok", TestVideos.video(9, 3));
            invalid.put(" ", TestVideos.video(10, 3));
            assertThrows(IllegalArgumentException.class, () -> store.addAll(invalid, Map.of()));
            assertEquals(4, store.videoIds().size()); // refused whole: not even the valid video is stored
        }
    }

    private long commitGeneration() throws IOException {
        try (Directory directory = FSDirectory.open(dir); DirectoryReader reader = DirectoryReader.open(directory)) {
            return reader.getIndexCommit().getGeneration();
        }
    }

    private long segments() throws IOException {
        try (Directory directory = FSDirectory.open(dir); DirectoryReader reader = DirectoryReader.open(directory)) {
            return reader.leaves().size();
        }
    }

    @Test
    void statsCountTheBytesOnDisk() {
        try (FrameStore store = openForWriting(TestVideos.SPEC)) {
            long empty = store.stats().bytes();
            store.add("a", TestVideos.video(1, 200));
            long full = store.stats().bytes();
            // 200 int8 vectors of 16 dimensions are 3,200 bytes; the graph and doc values come on top.
            assertTrue(full - empty > 200 * TestVideos.DIM, empty + " -> " + full);
            assertEquals(200, store.stats().frames());
        }
    }
}
