package org.vcd.matcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vcd.matcher.TestVideos.SPEC;
import static org.vcd.matcher.TestVideos.video;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.vcd.domain.VideoFeatures;

/**
 * The store contract against {@link MilvusFrameStore} talking gRPC to {@link FakeMilvusServer} on loopback, plus
 * the adapter's own logic: batching, the schema and index it asks for, retries. What this does and does not prove
 * is in docs/STORE.md.
 */
class MilvusFrameStoreTest extends FrameStoreContract {

    private FakeMilvusServer server;
    private MilvusConfig config;

    @BeforeEach
    void startServer() throws Exception {
        server = new FakeMilvusServer();
        config = new MilvusConfig(server.uri(), null, "default", "frames", Duration.ofSeconds(10), 3,
                Duration.ofMillis(10));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Override
    FrameStore openForWriting(FrameSpec spec) {
        return MilvusFrameStore.openForWriting(config, spec);
    }

    @Override
    boolean searchHitsAlwaysReadable() {
        return false;
    }

    @Override
    FrameStore openForReading() {
        return MilvusFrameStore.openForReading(config);
    }

    @Override
    Optional<FrameSpec> storedSpec() {
        return MilvusFrameStore.storedSpec(config);
    }

    @Test
    void readingACollectionThatDoesNotExistFailsWithoutCreatingIt() {
        StoreException e = assertThrows(StoreException.class, () -> MilvusFrameStore.openForReading(config));
        assertTrue(e.getMessage().startsWith("no store at " + server.uri()), e.getMessage());
        assertTrue(server.calls.stream().noneMatch(c -> c.equals("CreateCollection")), server.calls.toString());
    }

    @Test
    void createsAnInnerProductIndexAndInsertsInBatchesWithTheVideoRowLast() {
        try (FrameStore store = openForWriting(SPEC)) {
            store.add("long", video(1, 1100));
        }
        assertEquals("IP", server.indexedMetric("frames"));
        // 1100 frames in batches of 512, then the video row on its own.
        assertEquals(List.of(512, 512, 76, 1), server.insertedRows);
        List<Map<String, Object>> rows = server.rows("frames");
        assertEquals(1101, rows.size());
        // A new collection keeps int8 vectors: one byte per component reached the server.
        assertEquals(TestVideos.DIM, ((byte[]) rows.get(0).get(MilvusFrameStore.FIELD_VECTOR)).length);
        assertEquals(1L, rows.stream().filter(r -> r.get(MilvusFrameStore.FIELD_KIND)
                .equals(MilvusFrameStore.KIND_VIDEO)).count());
        try (FrameStore store = openForReading()) {
            assertEquals(1100, store.frames("long").orElseThrow().frameCount());
        }
    }

    @Test
    void transientFailuresAreRetriedWithBackoff() {
        try (FrameStore store = openForWriting(SPEC)) {
            server.failNext("Insert", 2);
            server.failNext("Search", 3);
            store.add("a", video(1, 10));
            assertEquals("a", store.nearest(List.of(video(1, 10).vectors()[4]), 1).get(0).get(0).videoId());
        }
        assertEquals(4, server.calls.stream().filter("Insert"::equals).count(),
                "two failed inserts, then one for the frames and one for the video row: " + server.calls);
        assertEquals(4, server.calls.stream().filter("Search"::equals).count());
    }

    @Test
    void aServerThatStaysDownGivesAOneLineStoreError() {
        try (FrameStore store = openForWriting(SPEC)) {
            server.failNext("Query", 100);
            StoreException e = assertThrows(StoreException.class, () -> store.frames("a"));
            assertTrue(e.getMessage().startsWith("cannot read store " + config), e.getMessage());
            assertTrue(!e.getMessage().contains("\n"), e.getMessage());
            assertEquals(config.retries() + 1, server.calls.stream().filter("Query"::equals).count());
        }
    }

    @Test
    void theTokenNeverAppearsInMessages() {
        MilvusConfig secret = new MilvusConfig(server.uri(), "root:s3cret", "default", "missing",
                Duration.ofSeconds(5), 0, Duration.ZERO);
        StoreException e = assertThrows(StoreException.class, () -> MilvusFrameStore.openForReading(secret));
        assertTrue(!e.getMessage().contains("s3cret") && !secret.toString().contains("s3cret"), e.getMessage());
    }

    @Test
    void aVideoWhoseLandmarksWereCutShortIsInvisibleUntilAddedAgain() {
        FrameSpec audio = SPEC.withAudio(true);
        List<org.vcd.audio.Landmark> sound = List.of(new org.vcd.audio.Landmark(7, 0),
                new org.vcd.audio.Landmark(8, 32));
        try (FrameStore store = openForWriting(audio)) {
            store.add("a", video(1, 4), sound, Map.of());
            // The frames go in, then the landmarks' insert fails past every retry: no video row is written.
            server.failNextInserts("frames" + MilvusLandmarks.SUFFIX, config.retries() + 1);
            assertThrows(StoreException.class, () -> store.add("b", video(2, 4), sound, Map.of()));
            assertTrue(store.frames("b").isEmpty());
            assertTrue(store.landmarks("b").isEmpty());
            assertEquals(List.of("a"), store.videoIds());
            store.add("b", video(2, 4), sound, Map.of());
            assertEquals(sound, store.landmarks("b").orElseThrow());
            assertEquals(4, store.stats().landmarks());
        }
        assertEquals(4, server.rows("frames" + MilvusLandmarks.SUFFIX).size());
    }

    /** The same contract on a float32 collection (as made before int8), which stays float32. */
    @Nested
    class Float32Collection extends FrameStoreContract {

        @Override
        FrameStore openForWriting(FrameSpec spec) {
            return MilvusFrameStore.openForWriting(config, spec, VectorEncoding.FLOAT32);
        }

        @Override
        FrameStore openForReading() {
            return MilvusFrameStore.openForReading(config);
        }

        @Override
        Optional<FrameSpec> storedSpec() {
            return MilvusFrameStore.storedSpec(config);
        }

        @Override
        boolean searchHitsAlwaysReadable() {
            return false;
        }

        @Test
        void aFloatCollectionStaysFloatWhenOpenedWithTheDefault() {
            VideoFeatures a = video(1, 10);
            try (FrameStore store = openForWriting(SPEC)) {
                store.add("a", a);
            }
            try (FrameStore store = MilvusFrameStore.openForWriting(config, SPEC)) {
                assertEquals(VectorEncoding.FLOAT32, store.encoding());
                assertArrayEquals(a.vectors()[4], store.frames("a").orElseThrow().vectors()[4]);
            }
            assertEquals(float[].class, server.rows("frames").get(0).get(MilvusFrameStore.FIELD_VECTOR).getClass());
        }
    }
}
