package org.vcd.matcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcd.ingest.VideoFeatures;

class LuceneFrameStoreTest {

    static final int DIM = 16;

    static float[] unit(Random random) {
        float[] v = new float[DIM];
        double s = 0;
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) random.nextGaussian();
            s += v[i] * v[i];
        }
        for (int i = 0; i < DIM; i++) {
            v[i] /= (float) Math.sqrt(s);
        }
        return v;
    }

    static VideoFeatures video(long seed, int frames) {
        Random random = new Random(seed);
        double[] t = new double[frames];
        float[][] v = new float[frames][];
        for (int i = 0; i < frames; i++) {
            t[i] = i;
            v[i] = unit(random);
        }
        return new VideoFeatures(frames, t, v);
    }

    @Test
    void storedVideosSurviveReopeningAndAreFoundByTheirFrames(@TempDir Path dir) {
        VideoFeatures a = video(1, 20);
        VideoFeatures b = video(2, 30);
        try (LuceneFrameStore store = LuceneFrameStore.openForWriting(dir, "test", DIM)) {
            store.add("a", a);
            store.add("b", b);
        }
        try (LuceneFrameStore store = LuceneFrameStore.openForReading(dir)) {
            assertEquals(List.of("a", "b"), store.videoIds());
            VideoFeatures back = store.frames("b").orElseThrow();
            assertEquals(30, back.frameCount());
            assertEquals(30.0, back.durationSeconds());
            assertEquals(b.vectors()[7][3], back.vectors()[7][3]);
            FrameHit top = store.nearest(List.of(b.vectors()[7]), 3).get(0).get(0);
            assertEquals("b", top.videoId());
            assertEquals(7, top.frame());
            assertEquals(1.0, top.similarity(), 1e-5);
            assertTrue(store.frames("missing").isEmpty());
        }
    }

    @Test
    void readdingAnIdReplacesTheWholeVideo(@TempDir Path dir) {
        try (LuceneFrameStore store = LuceneFrameStore.openForWriting(dir, "test", DIM)) {
            VideoFeatures first = video(1, 20);
            store.add("a", first);
            store.add("a", video(3, 5));
            assertEquals(List.of("a"), store.videoIds());
            assertEquals(5, store.frames("a").orElseThrow().frameCount());
            // No frame of the first version is left in the vector index.
            for (FrameHit hit : store.nearest(List.of(first.vectors()[10]), 10).get(0)) {
                assertTrue(hit.frame() < 5 && hit.similarity() < 0.999, "stale frame " + hit);
            }
        }
    }

    @Test
    void blankFramesAreKeptInTheVideoButNotSearched(@TempDir Path dir) {
        VideoFeatures withBlank = new VideoFeatures(2, new double[] {0, 1},
                new float[][] {new float[DIM], unit(new Random(4))});
        try (LuceneFrameStore store = LuceneFrameStore.openForWriting(dir, "test", DIM)) {
            store.add("v", withBlank);
            assertEquals(2, store.frames("v").orElseThrow().frameCount());
            assertEquals(1, store.nearest(List.of(unit(new Random(5))), 10).get(0).size());
        }
    }

    @Test
    void refusesAnotherEmbeddersVectors(@TempDir Path dir) {
        LuceneFrameStore.openForWriting(dir, "test", DIM).close();
        StoreException e = assertThrows(StoreException.class,
                () -> LuceneFrameStore.openForWriting(dir, "other", DIM));
        assertTrue(e.getMessage().contains("holds test vectors"), e.getMessage());
        try (LuceneFrameStore store = LuceneFrameStore.openForReading(dir)) {
            assertThrows(StoreException.class, () -> store.requireEmbedder("test", DIM + 1));
        }
    }

    @Test
    void readingAMissingStoreFailsWithoutCreatingIt(@TempDir Path dir) {
        Path missing = dir.resolve("nothing-here");
        assertThrows(StoreException.class, () -> LuceneFrameStore.openForReading(missing));
        assertFalse(missing.toFile().exists());
        assertThrows(StoreException.class, () -> LuceneFrameStore.openForReading(dir));
    }

    @Test
    void aReadOnlyStoreRefusesAdds(@TempDir Path dir) {
        LuceneFrameStore.openForWriting(dir, "test", DIM).close();
        try (LuceneFrameStore store = LuceneFrameStore.openForReading(dir)) {
            assertThrows(StoreException.class, () -> store.add("a", video(1, 2)));
        }
    }

    @Test
    void deletedVideoIsGoneFromFramesListingAndSearchAfterReopening(@TempDir Path dir) {
        VideoFeatures a = video(1, 20);
        VideoFeatures b = video(2, 30);
        try (LuceneFrameStore store = LuceneFrameStore.openForWriting(dir, "test", DIM)) {
            store.add("a", a);
            store.add("b", b);
            assertTrue(store.delete("a"));
            assertFalse(store.delete("a"));
            assertTrue(store.frames("a").isEmpty());
            assertEquals("b", store.nearest(List.of(a.vectors()[3]), 1).get(0).get(0).videoId());
        }
        try (LuceneFrameStore store = LuceneFrameStore.openForReading(dir)) {
            assertEquals(List.of("b"), store.videoIds());
        }
    }

    @Test
    void metadataIsKeptWithTheVideoAndReplacedWithIt(@TempDir Path dir) {
        try (LuceneFrameStore store = LuceneFrameStore.openForWriting(dir, "test", DIM)) {
            store.add("a", video(1, 5), Map.of("source", "/videos/a.mp4"));
            assertEquals(Map.of("source", "/videos/a.mp4"), store.metadata("a").orElseThrow());
            store.add("a", video(1, 5));
            assertEquals(Map.of(), store.metadata("a").orElseThrow());
            assertTrue(store.metadata("missing").isEmpty());
        }
    }
}
