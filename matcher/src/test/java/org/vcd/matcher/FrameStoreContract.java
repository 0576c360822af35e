package org.vcd.matcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vcd.matcher.TestVideos.DIM;
import static org.vcd.matcher.TestVideos.SPEC;
import static org.vcd.matcher.TestVideos.unit;
import static org.vcd.matcher.TestVideos.video;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vcd.audio.Landmark;
import org.vcd.audio.LandmarkCodec;
import org.vcd.domain.VideoFeatures;

/**
 * The behaviour every {@link FrameStore} must have, run unchanged against each implementation and vector encoding:
 * vectors come back as the store's {@link VectorEncoding} keeps them (exact for float32, dequantized for int8) and
 * similarities are exact on those. A subclass says how to open a fresh store (the same one for every call within a
 * test).
 */
abstract class FrameStoreContract {

    /** Opens this test's store for adding, creating it for {@code spec} if it does not exist. */
    abstract FrameStore openForWriting(FrameSpec spec);

    /** Opens this test's existing store read-only. */
    abstract FrameStore openForReading();

    /** What filled this test's store, without opening it; empty before it is made. */
    abstract Optional<FrameSpec> storedSpec();

    /**
     * Whether every video a search finds can be read at once. Lucene adds a video atomically; Milvus writes its frame
     * rows before its video row, so a search may find a video that {@code frames} does not return yet (never a part
     * of one), and the pipeline skips such a candidate.
     */
    boolean searchHitsAlwaysReadable() {
        return true;
    }

    @Test
    void storedVideosSurviveReopeningAndAreFoundByTheirFrames() {
        VideoFeatures a = video(1, 20);
        VideoFeatures b = video(2, 30);
        try (FrameStore store = openForWriting(SPEC)) {
            store.add("a", a);
            store.add("b", b);
        }
        try (FrameStore store = openForReading()) {
            assertEquals(SPEC, store.spec());
            assertEquals(List.of("a", "b"), store.videoIds());
            VideoFeatures back = store.frames("b").orElseThrow();
            assertEquals(30, back.frameCount());
            assertEquals(30.0, back.durationSeconds());
            for (int i = 0; i < 30; i++) {
                assertEquals(b.timestamps()[i], back.timestamps()[i]);
                assertArrayEquals(store.encoding().roundTrip(b.vectors()[i]), back.vectors()[i], "frame " + i);
            }
            FrameHit top = store.nearest(List.of(b.vectors()[7]), 3).get(0).get(0);
            assertEquals("b", top.videoId());
            assertEquals(7, top.frame());
            assertEquals(VideoFeatures.dot(b.vectors()[7], store.encoding().roundTrip(b.vectors()[7])),
                    top.similarity(), 1e-5);
            assertEquals(1.0, top.similarity(), 0.01);
            assertTrue(store.frames("missing").isEmpty());
        }
    }

    @Test
    void nearestAnswersEachQueryVectorWithExactSimilaritiesBestFirst() {
        try (FrameStore store = openForWriting(SPEC)) {
            store.add("a", video(1, 40));
            store.add("b", video(2, 40));
            float[] query = unit(new Random(9));
            List<List<FrameHit>> batch = store.nearest(List.of(query, video(2, 40).vectors()[3]), 5);
            assertEquals(2, batch.size());
            List<FrameHit> hits = batch.get(0);
            assertEquals(5, hits.size());
            for (int i = 0; i < hits.size(); i++) {
                FrameHit hit = hits.get(i);
                float[] stored = store.frames(hit.videoId()).orElseThrow().vectors()[hit.frame()];
                assertEquals(VideoFeatures.dot(query, stored), hit.similarity(), 1e-5, hit.toString());
                if (i > 0) {
                    assertTrue(hits.get(i - 1).similarity() >= hit.similarity(), "not best first: " + hits);
                }
            }
            assertEquals("b", batch.get(1).get(0).videoId());
            assertEquals(3, batch.get(1).get(0).frame());
        }
    }

    @Test
    void readdingAnIdReplacesTheWholeVideo() {
        try (FrameStore store = openForWriting(SPEC)) {
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
    void deletedVideoIsGoneAndItsIdCanBeAddedAgain() {
        VideoFeatures a = video(1, 20);
        VideoFeatures b = video(2, 30);
        try (FrameStore store = openForWriting(SPEC)) {
            store.add("a", a);
            store.add("b", b);
            assertTrue(store.delete("a"));
            assertFalse(store.delete("a"));
            assertTrue(store.frames("a").isEmpty());
            assertTrue(store.metadata("a").isEmpty());
            assertEquals("b", store.nearest(List.of(a.vectors()[3]), 1).get(0).get(0).videoId());
        }
        try (FrameStore store = openForReading()) {
            assertEquals(List.of("b"), store.videoIds());
        }
        try (FrameStore store = openForWriting(SPEC)) {
            store.add("a", a, Map.of("source", "again"));
            assertEquals(List.of("a", "b"), store.videoIds());
            FrameHit top = store.nearest(List.of(a.vectors()[3]), 1).get(0).get(0);
            assertEquals("a", top.videoId());
            assertEquals(3, top.frame());
            assertEquals(Map.of("source", "again"), store.metadata("a").orElseThrow());
        }
    }

    @Test
    void blankFramesAreKeptInTheVideoButNotSearched() {
        VideoFeatures withBlank = new VideoFeatures(2, new double[] {0, 1},
                new float[][] {new float[DIM], unit(new Random(4))});
        try (FrameStore store = openForWriting(SPEC)) {
            store.add("v", withBlank);
            VideoFeatures back = store.frames("v").orElseThrow();
            assertEquals(2, back.frameCount());
            assertTrue(VideoFeatures.isBlank(back.vectors()[0]));
            List<FrameHit> hits = store.nearest(List.of(unit(new Random(5))), 10).get(0);
            assertEquals(1, hits.size());
            assertEquals(1, hits.get(0).frame());
        }
    }

    @Test
    void aVideoWithoutFramesIsStored() {
        try (FrameStore store = openForWriting(SPEC)) {
            store.add("empty", new VideoFeatures(0, new double[0], new float[0][]));
            assertEquals(0, store.frames("empty").orElseThrow().frameCount());
            assertEquals(List.of("empty"), store.videoIds());
        }
    }

    @Test
    void refusesAnotherEmbeddersOrKeyframeSelectorsFrames() {
        openForWriting(SPEC).close();
        StoreException embedder = assertThrows(StoreException.class,
                () -> openForWriting(new FrameSpec("other", DIM, SPEC.keyframes())));
        assertTrue(embedder.getMessage().contains("holds test vectors"), embedder.getMessage());
        StoreException keyframes = assertThrows(StoreException.class,
                () -> openForWriting(new FrameSpec(SPEC.embedder(), DIM, "learned-v1")));
        assertTrue(keyframes.getMessage().contains("uniform-1"), keyframes.getMessage());
        try (FrameStore store = openForReading()) {
            assertThrows(StoreException.class, () -> store.requireEmbedder("test", DIM + 1));
            assertThrows(StoreException.class, () -> store.requireEmbedder("other", DIM));
            store.requireEmbedder("test", DIM);
        }
    }

    @Test
    void refusesVectorsOfAnotherDimensionAndBlankIds() {
        try (FrameStore store = openForWriting(SPEC)) {
            VideoFeatures wide = new VideoFeatures(1, new double[] {0}, new float[][] {new float[DIM + 1]});
            assertThrows(IllegalArgumentException.class, () -> store.add("w", wide));
            assertThrows(IllegalArgumentException.class, () -> store.add(" ", video(1, 2)));
            assertTrue(store.videoIds().isEmpty());
        }
    }

    @Test
    void aReadOnlyStoreRefusesChanges() {
        openForWriting(SPEC).close();
        try (FrameStore store = openForReading()) {
            assertThrows(StoreException.class, () -> store.add("a", video(1, 2)));
            assertThrows(StoreException.class, () -> store.delete("a"));
            assertThrows(StoreException.class, store::compact);
        }
    }

    @Test
    void compactionKeepsEveryAnswer() {
        try (FrameStore store = openForWriting(SPEC)) {
            for (int i = 0; i < 6; i++) {
                store.add("v" + i, video(i, 30), Map.of("n", Integer.toString(i)));
            }
            store.delete("v2");
            store.add("v4", video(40, 10));
            try (FrameStore reader = openForReading()) {
                List<float[]> probes = List.of(video(1, 30).vectors()[4], video(40, 10).vectors()[9],
                        video(2, 30).vectors()[0], unit(new Random(11)));
                List<List<FrameHit>> before = reader.nearest(probes, 8);
                StoreStats statsBefore = reader.stats();
                store.compact();
                // A reader open across the compaction answers from the store as it was, then as it is: the same.
                assertEquals(before, reader.nearest(probes, 8));
                try (FrameStore reopened = openForReading()) {
                    assertEquals(before, reopened.nearest(probes, 8));
                    assertEquals(List.of("v0", "v1", "v3", "v4", "v5"), reopened.videoIds());
                    assertArrayEquals(reopened.encoding().roundTrip(video(40, 10).vectors()[3]),
                            reopened.frames("v4").orElseThrow().vectors()[3]);
                    assertEquals(Map.of("n", "5"), reopened.metadata("v5").orElseThrow());
                    assertEquals(statsBefore.frames(), reopened.stats().frames());
                    assertEquals(statsBefore.videoSeconds(), reopened.stats().videoSeconds(), 1e-9);
                }
            }
            store.add("after", video(50, 5));
            assertEquals("after", store.nearest(List.of(video(50, 5).vectors()[1]), 1).get(0).get(0).videoId());
        }
    }

    @Test
    void metadataIsKeptWithTheVideoAndReplacedWithIt() {
        try (FrameStore store = openForWriting(SPEC)) {
            store.add("a", video(1, 5), Map.of("source", "/videos/a \"quoted\".mp4", "owner", "x"));
            assertEquals(Map.of("source", "/videos/a \"quoted\".mp4", "owner", "x"), store.metadata("a").orElseThrow());
            store.add("a", video(1, 5));
            assertEquals(Map.of(), store.metadata("a").orElseThrow());
            assertTrue(store.metadata("missing").isEmpty());
        }
    }

    @Test
    void idsWithQuotesAndBackslashesAreStoredExactly() {
        String odd = "it's a \"copy\" \\ or not";
        try (FrameStore store = openForWriting(SPEC)) {
            store.add(odd, video(7, 3));
            store.add("plain", video(8, 3));
            assertEquals(3, store.frames(odd).orElseThrow().frameCount());
            assertEquals(odd, store.nearest(List.of(video(7, 3).vectors()[2]), 1).get(0).get(0).videoId());
            assertTrue(store.delete(odd));
            assertEquals(List.of("plain"), store.videoIds());
        }
    }

    @Test
    void statsCountVideosFramesAndSeconds() {
        try (FrameStore store = openForWriting(SPEC)) {
            assertEquals(0, store.stats().videos());
            store.add("a", video(1, 20));
            store.add("b", new VideoFeatures(31.5, new double[] {0, 10, 20}, video(2, 3).vectors()));
            store.add("c", video(3, 4));
            store.delete("c");
            StoreStats stats = store.stats();
            assertEquals(2, stats.videos());
            assertEquals(23, stats.frames());
            assertEquals(51.5, stats.videoSeconds(), 1e-9);
        }
    }

    @Test
    void searchesDuringAddsSeeWholeVideosOnly() throws Exception {
        int videos = 12;
        int frames = 50;
        try (FrameStore store = openForWriting(SPEC)) {
            store.add("seed", video(100, frames));
            AtomicBoolean done = new AtomicBoolean();
            ExecutorService readers = Executors.newFixedThreadPool(2);
            try {
                List<Future<Integer>> checks = new ArrayList<>();
                for (int r = 0; r < 2; r++) {
                    checks.add(readers.submit(() -> {
                        int searches = 0;
                        Random random = new Random(searches);
                        while (!done.get() || searches == 0) {
                            for (FrameHit hit : store.nearest(List.of(unit(random)), 5).get(0)) {
                                // A video a search finds is whole: all its frames are there to build a matrix.
                                Optional<VideoFeatures> found = store.frames(hit.videoId());
                                assertTrue(found.isPresent() || !searchHitsAlwaysReadable(), hit.videoId());
                                found.ifPresent(video -> assertEquals(frames, video.frameCount(), hit.videoId()));
                            }
                            searches++;
                        }
                        return searches;
                    }));
                }
                for (int i = 0; i < videos; i++) {
                    store.add("v" + i, video(i, frames));
                }
                done.set(true);
                for (Future<Integer> check : checks) {
                    assertTrue(check.get() > 0);
                }
            } finally {
                readers.shutdownNow();
            }
            assertEquals(videos + 1, store.videoIds().size());
            for (int i = 0; i < videos; i++) {
                assertEquals("v" + i, store.nearest(List.of(video(i, frames).vectors()[17]), 1).get(0).get(0).videoId());
            }
        }
    }

    private static final FrameSpec AUDIO = SPEC.withAudio(true);

    /** Landmarks with hashes from {@code from} on, two a time, out of order as a fingerprint may give them. */
    private static List<Landmark> landmarks(int from, int count) {
        List<Landmark> landmarks = new ArrayList<>();
        for (int i = count - 1; i >= 0; i--) {
            landmarks.add(new Landmark(from + i, 32 * (i / 2)));
        }
        return landmarks;
    }

    @Test
    void landmarksAreStoredWithTheFramesAndFoundByTheirHashes() {
        try (FrameStore store = openForWriting(AUDIO)) {
            store.add("a", video(1, 10), landmarks(1000, 300), Map.of("source", "a.mp4"));
            store.add("b", video(2, 10), landmarks(1200, 50), Map.of());
            store.add("silent", video(3, 10), List.of(), Map.of());
        }
        try (FrameStore store = openForReading()) {
            assertTrue(store.spec().audio());
            assertEquals(LandmarkCodec.sorted(landmarks(1000, 300)), store.landmarks("a").orElseThrow());
            assertEquals(List.of(), store.landmarks("silent").orElseThrow());
            assertTrue(store.landmarks("missing").isEmpty());
            assertEquals(Map.of(1000, List.of("a"), 1210, List.of("a", "b"), 1299, List.of("a")),
                    store.videosWithHashes(Set.of(1000, 1210, 1299, 5000)));
            StoreStats stats = store.stats();
            assertEquals(350, stats.landmarks());
            assertEquals(LandmarkCodec.encode(landmarks(1000, 300)).length
                    + LandmarkCodec.encode(landmarks(1200, 50)).length, stats.landmarkBytes());
            assertEquals(10, store.frames("a").orElseThrow().frameCount());
        }
    }

    @Test
    void replacingOrDeletingAVideoReplacesOrDeletesItsLandmarks() {
        try (FrameStore store = openForWriting(AUDIO)) {
            store.add("a", video(1, 10), landmarks(1000, 40), Map.of());
            store.add("a", video(1, 5), landmarks(3000, 20), Map.of());
            assertEquals(LandmarkCodec.sorted(landmarks(3000, 20)), store.landmarks("a").orElseThrow());
            assertEquals(Map.of(3005, List.of("a")), store.videosWithHashes(List.of(1005, 3005)));
            assertEquals(20, store.stats().landmarks());
            assertTrue(store.delete("a"));
            assertTrue(store.landmarks("a").isEmpty());
            assertEquals(Map.of(), store.videosWithHashes(List.of(1005, 3005)));
            assertEquals(0, store.stats().landmarks());
        }
    }

    @Test
    void aStoreKeepsLandmarksForEveryVideoOrForNone() {
        try (FrameStore store = openForWriting(AUDIO)) {
            IllegalArgumentException without = assertThrows(IllegalArgumentException.class,
                    () -> store.add("a", video(1, 3)));
            assertTrue(without.getMessage().contains("comes without them"), without.getMessage());
            // Landmarks that cannot be encoded refuse the whole video: no frames either.
            assertThrows(IllegalArgumentException.class,
                    () -> store.add("a", video(1, 3), List.of(new Landmark(1, -5)), Map.of()));
            assertTrue(store.frames("a").isEmpty());
            assertTrue(store.videoIds().isEmpty());
        }
        StoreException writer = assertThrows(StoreException.class, () -> openForWriting(SPEC));
        assertTrue(writer.getMessage().contains("index into it with audio on"), writer.getMessage());
    }

    /** A writer that follows the store's sound setting (the pipeline's audio auto) learns it before opening. */
    @Test
    void theStoredSpecSaysWhetherTheStoreHoldsSoundBeforeItIsOpened() {
        assertEquals(Optional.empty(), storedSpec());
        try (FrameStore store = openForWriting(AUDIO)) {
            store.add("a", video(1, 3), landmarks(1, 20), Map.of());
        }
        assertEquals(Optional.of(AUDIO), storedSpec());
    }

    /** A store made before landmarks were stored (or with audio off) works as ever, and says it has no sound. */
    @Test
    void aStoreWithoutAudioHasNoLandmarksAndRefusesThem() {
        try (FrameStore store = openForWriting(SPEC)) {
            store.add("a", video(1, 10));
            assertThrows(IllegalArgumentException.class,
                    () -> store.add("b", video(2, 3), landmarks(1, 20), Map.of()));
            assertTrue(store.landmarks("a").isEmpty());
            assertEquals(Map.of(), store.videosWithHashes(List.of(1, 2, 3)));
            assertEquals(0, store.stats().landmarks());
        }
        StoreException writer = assertThrows(StoreException.class, () -> openForWriting(AUDIO));
        assertTrue(writer.getMessage().contains("holds no sound landmarks"), writer.getMessage());
        try (FrameStore store = openForReading()) {
            assertFalse(store.spec().audio());
            assertEquals(List.of("a"), store.videoIds());
        }
    }
}
