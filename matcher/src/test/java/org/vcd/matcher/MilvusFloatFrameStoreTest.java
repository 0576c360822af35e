package org.vcd.matcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vcd.ingest.VideoFeatures;

/** The store contract on a Milvus collection of float32 vectors (as made before int8), and that it stays float32. */
class MilvusFloatFrameStoreTest extends FrameStoreContract {

    private FakeMilvusServer server;
    private MilvusConfig config;

    @BeforeEach
    void start() throws IOException {
        server = new FakeMilvusServer();
        config = new MilvusConfig(server.uri(), null, "default", "frames", Duration.ofSeconds(10), 2,
                Duration.ofMillis(10));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Override
    FrameStore openForWriting(FrameSpec spec) {
        return MilvusFrameStore.openForWriting(config, spec, VectorEncoding.FLOAT32);
    }

    @Override
    FrameStore openForReading() {
        return MilvusFrameStore.openForReading(config);
    }

    @Override
    boolean searchHitsAlwaysReadable() {
        return false;
    }

    @Test
    void aFloatCollectionStaysFloatWhenOpenedWithTheDefault() {
        VideoFeatures a = TestVideos.video(1, 10);
        try (FrameStore store = openForWriting(TestVideos.SPEC)) {
            store.add("a", a);
        }
        try (FrameStore store = MilvusFrameStore.openForWriting(config, TestVideos.SPEC)) {
            assertEquals(VectorEncoding.FLOAT32, store.encoding());
            assertArrayEquals(a.vectors()[4], store.frames("a").orElseThrow().vectors()[4]);
        }
        assertEquals(float[].class, server.rows("frames").get(0).get(MilvusFrameStore.FIELD_VECTOR).getClass());
    }
}
