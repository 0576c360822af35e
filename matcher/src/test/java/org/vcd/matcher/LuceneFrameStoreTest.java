package org.vcd.matcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on a Lucene index on disk, plus what only a folder can get wrong. */
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

    @Test
    void readingAMissingStoreFailsWithoutCreatingIt() {
        Path missing = dir.resolve("nothing-here");
        assertThrows(StoreException.class, () -> LuceneFrameStore.openForReading(missing));
        assertFalse(missing.toFile().exists());
        assertThrows(StoreException.class, () -> LuceneFrameStore.openForReading(dir));
    }

    @Test
    void statsCountTheBytesOnDisk() {
        try (FrameStore store = openForWriting(TestVideos.SPEC)) {
            long empty = store.stats().bytes();
            store.add("a", TestVideos.video(1, 200));
            long full = store.stats().bytes();
            // 200 float vectors of 16 dimensions are 12,800 bytes; quantized copies and the graph come on top.
            assertTrue(full - empty > 200 * TestVideos.DIM * 4, empty + " -> " + full);
            assertEquals(200, store.stats().frames());
        }
    }
}
