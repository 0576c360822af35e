package org.vcd.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcd.audio.Landmark;
import org.vcd.audio.LandmarkCodec;
import org.vcd.domain.VideoFeatures;
import org.vcd.matcher.FakeMilvusServer;
import org.vcd.matcher.FrameSpec;
import org.vcd.matcher.FrameStore;
import org.vcd.matcher.LuceneFrameStore;
import org.vcd.matcher.MilvusConfig;
import org.vcd.matcher.MilvusFrameStore;
import org.vcd.matcher.StoreException;
import org.vcd.matcher.TestVideos;

/** A library moves Lucene -> Milvus (the loopback fake) -> Lucene and comes back exactly as it was. */
class StoreTransferTest {

    private static final Map<String, VideoFeatures> LIBRARY = Map.of(
            "a", TestVideos.video(1, 30),
            "b \"quoted\"", TestVideos.video(2, 7),
            "blank-start", new VideoFeatures(2.5, new double[] {0, 1.25}, new float[][] {new float[TestVideos.DIM],
                    TestVideos.unit(new java.util.Random(3))}));

    private static byte[] export(FrameStore store) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(store.videoIds().size(), StoreTransfer.exportTo(store, out));
        return out.toByteArray();
    }

    private static byte[] exportStore(Path folder) throws IOException {
        try (FrameStore source = LuceneFrameStore.openForReading(folder)) {
            return export(source);
        }
    }

    private static MilvusConfig library(FakeMilvusServer server) {
        return new MilvusConfig(server.uri(), null, "default", "library", Duration.ofSeconds(10), 1,
                Duration.ofMillis(10));
    }

    @Test
    void aLibraryRoundTripsThroughMilvusExactlyAsStored(@TempDir Path dir) throws Exception {
        try (FrameStore source = LuceneFrameStore.openForWriting(dir.resolve("source"), TestVideos.SPEC)) {
            LIBRARY.forEach((id, video) -> source.add(id, video, Map.of("source", "/videos/" + id + ".mp4")));
        }
        byte[] first = exportStore(dir.resolve("source"));
        byte[] second;
        try (FakeMilvusServer server = new FakeMilvusServer()) {
            MilvusConfig milvus = library(server);
            assertEquals(3, StoreTransfer.importFrom(new ByteArrayInputStream(first),
                    spec -> MilvusFrameStore.openForWriting(milvus, spec)));
            // Idempotent: the same file again leaves the same library.
            assertEquals(3, StoreTransfer.importFrom(new ByteArrayInputStream(first),
                    spec -> MilvusFrameStore.openForWriting(milvus, spec)));
            try (FrameStore middle = MilvusFrameStore.openForReading(milvus)) {
                assertEquals(3, middle.stats().videos());
                assertEquals(39, middle.stats().frames());
                second = export(middle);
            }
        }
        Path target = dir.resolve("target");
        StoreTransfer.importFrom(new ByteArrayInputStream(second), spec -> LuceneFrameStore.openForWriting(target, spec));
        try (FrameStore back = LuceneFrameStore.openForReading(target)) {
            assertEquals(TestVideos.SPEC, back.spec());
            assertEquals(LIBRARY.keySet().stream().sorted().toList(), back.videoIds());
            for (var entry : LIBRARY.entrySet()) {
                VideoFeatures expected = entry.getValue();
                VideoFeatures actual = back.frames(entry.getKey()).orElseThrow();
                assertEquals(expected.durationSeconds(), actual.durationSeconds());
                assertArrayEquals(expected.timestamps(), actual.timestamps());
                for (int i = 0; i < expected.frameCount(); i++) {
                    assertArrayEquals(back.encoding().roundTrip(expected.vectors()[i]), actual.vectors()[i],
                            entry.getKey() + " frame " + i);
                }
                assertEquals(Map.of("source", "/videos/" + entry.getKey() + ".mp4"),
                        back.metadata(entry.getKey()).orElseThrow());
            }
            assertArrayEquals(first, export(back), "a second round trip changes nothing");
        }
    }

    @Test
    void aCutFileImportsItsWholeVideosAndThenFails(@TempDir Path dir) throws Exception {
        byte[] file;
        try (FrameStore source = LuceneFrameStore.openForWriting(dir.resolve("source"), TestVideos.SPEC)) {
            LIBRARY.forEach(source::add);
            file = export(source);
        }
        String text = new String(file, StandardCharsets.UTF_8);
        List<String> lines = Arrays.asList(text.split("\n"));
        // Header, two whole videos, then half of the third.
        String cut = String.join("\n", lines.subList(0, 3)) + "\n" + lines.get(3).substring(0, lines.get(3).length() / 2);
        Path target = dir.resolve("target");
        IOException e = assertThrows(IOException.class, () -> StoreTransfer.importFrom(
                new ByteArrayInputStream(cut.getBytes(StandardCharsets.UTF_8)),
                spec -> LuceneFrameStore.openForWriting(target, spec)));
        assertTrue(e.getMessage().startsWith("line 4 "), e.getMessage());
        try (FrameStore back = LuceneFrameStore.openForReading(target)) {
            assertEquals(2, back.videoIds().size());
        }
        String noEnd = String.join("\n", lines.subList(0, 4)) + "\n";
        IOException noEndLine = assertThrows(IOException.class, () -> StoreTransfer.importFrom(
                new ByteArrayInputStream(noEnd.getBytes(StandardCharsets.UTF_8)),
                spec -> LuceneFrameStore.openForWriting(target, spec)));
        assertTrue(noEndLine.getMessage().contains("cut short"), noEndLine.getMessage());
    }

    @Test
    void importRefusesAnotherVersionAndAStoreOfAnotherEmbedder(@TempDir Path dir) throws Exception {
        String future = "{\"format\":\"vcd-frames\",\"version\":3,\"embedder\":\"test\",\"dimension\":16,"
                + "\"keyframes\":\"uniform-1\"}\n";
        IOException version = assertThrows(IOException.class, () -> StoreTransfer.importFrom(
                new ByteArrayInputStream(future.getBytes(StandardCharsets.UTF_8)),
                spec -> LuceneFrameStore.openForWriting(dir, spec)));
        assertTrue(version.getMessage().contains("version 3"), version.getMessage());

        LuceneFrameStore.openForWriting(dir, new FrameSpec("other", TestVideos.DIM, "uniform-1")).close();
        byte[] file;
        try (FrameStore source = LuceneFrameStore.openForWriting(dir.resolve("source"), TestVideos.SPEC)) {
            source.add("a", TestVideos.video(1, 3));
            file = export(source);
        }
        assertThrows(StoreException.class, () -> StoreTransfer.importFrom(new ByteArrayInputStream(file),
                spec -> LuceneFrameStore.openForWriting(dir, spec)));
    }

    @Test
    void landmarksTravelWithTheirVideosThroughMilvusAndBack(@TempDir Path dir) throws Exception {
        FrameSpec audio = TestVideos.SPEC.withAudio(true);
        List<Landmark> sound = List.of(new Landmark(300, 0), new Landmark(17, 32), new Landmark(99, 32));
        try (FrameStore source = LuceneFrameStore.openForWriting(dir.resolve("source"), audio)) {
            source.add("a", TestVideos.video(1, 5), sound, Map.of());
            source.add("silent", TestVideos.video(2, 5), List.of(), Map.of());
        }
        byte[] first = exportStore(dir.resolve("source"));
        byte[] second;
        try (FakeMilvusServer server = new FakeMilvusServer()) {
            MilvusConfig milvus = library(server);
            StoreTransfer.importFrom(new ByteArrayInputStream(first), spec -> MilvusFrameStore.openForWriting(milvus,
                    spec));
            try (FrameStore middle = MilvusFrameStore.openForReading(milvus)) {
                assertTrue(middle.spec().audio());
                assertEquals(LandmarkCodec.sorted(sound), middle.landmarks("a").orElseThrow());
                second = export(middle);
            }
        }
        assertArrayEquals(first, second);
        Path target = dir.resolve("target");
        StoreTransfer.importFrom(new ByteArrayInputStream(second), spec -> LuceneFrameStore.openForWriting(target, spec));
        try (FrameStore back = LuceneFrameStore.openForReading(target)) {
            assertEquals(audio, back.spec());
            assertEquals(List.of(), back.landmarks("silent").orElseThrow());
            assertEquals(Map.of(17, List.of("a")), back.videosWithHashes(List.of(17, 18)));
        }
    }

    /** A file exported before sound was stored (version 1) imports as a store without audio. */
    @Test
    void aVersionOneFileImportsAsAStoreWithoutSound(@TempDir Path dir) throws Exception {
        String old = "{\"format\":\"vcd-frames\",\"version\":1,\"embedder\":\"test\",\"dimension\":16,"
                + "\"keyframes\":\"uniform-1\"}\n"
                + "{\"video\":\"v\",\"duration_seconds\":1.0,\"metadata\":{},\"timestamps\":[],\"vectors\":\"\"}\n"
                + "{\"end\":true,\"videos\":1}\n";
        assertEquals(1, StoreTransfer.importFrom(new ByteArrayInputStream(old.getBytes(StandardCharsets.UTF_8)),
                spec -> LuceneFrameStore.openForWriting(dir, spec)));
        try (FrameStore back = LuceneFrameStore.openForReading(dir)) {
            assertEquals(TestVideos.SPEC, back.spec());
            assertTrue(back.landmarks("v").isEmpty());
        }
    }
}
