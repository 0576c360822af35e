package org.vcd.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vcd.deploy.cli.CliRun.vcd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcd.deploy.CopyDetector;
import org.vcd.deploy.PipelineModels;
import org.vcd.ingest.ClassicEmbedder;
import org.vcd.domain.VideoFeatures;
import org.vcd.matcher.LuceneFrameStore;
import org.vcd.matcher.VectorEncoding;

/** {@code vcd store stats|export|import} on Lucene stores filled with synthetic frames. */
class StoreCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PipelineModels MODELS = new PipelineModels();

    @AfterAll
    static void closeModels() {
        MODELS.close();
    }

    @TempDir
    Path work;

    private static VideoFeatures video(long seed, int frames) {
        Random random = new Random(seed);
        double[] t = new double[frames];
        float[][] v = new float[frames][ClassicEmbedder.DIMENSION];
        for (int i = 0; i < frames; i++) {
            t[i] = i;
            double norm = 0;
            for (int k = 0; k < v[i].length; k++) {
                v[i][k] = (float) random.nextGaussian();
                norm += v[i][k] * v[i][k];
            }
            for (int k = 0; k < v[i].length; k++) {
                v[i][k] /= (float) Math.sqrt(norm);
            }
        }
        return new VideoFeatures(frames, t, v);
    }

    /** Also the migration of a float32 store (as vcd wrote before int8) to an int8 one. */
    @Test
    void statsExportAndImportMoveALibraryBetweenFolders() throws Exception {
        Path source = work.resolve("source");
        try (var store = LuceneFrameStore.openForWriting(source, CopyDetector.withDefaults(MODELS).frameSpec(),
                VectorEncoding.FLOAT32)) {
            store.add("first", video(1, 60), List.of(), Map.of("source", "/videos/first.mp4")); // no sound
            store.add("second", video(2, 30), List.of(), Map.of());
        }
        CliRun stats = vcd("store", "stats", "--store", source.toString());
        assertEquals(0, stats.exit(), stats.err());
        JsonNode json = JSON.readTree(stats.out());
        assertEquals(2, json.get("videos").asLong());
        assertEquals(90, json.get("frames").asLong());
        assertEquals(90.0, json.get("video_seconds").asDouble());
        assertTrue(json.get("bytes").asLong() > 90L * ClassicEmbedder.DIMENSION * 4, stats.out());
        assertEquals(json.get("bytes").asDouble() / (90.0 / 3600), json.get("bytes_per_video_hour").asDouble(), 1e-6);
        assertEquals(ClassicEmbedder.NAME, json.get("embedder").asText());
        assertEquals("float32", json.get("vectors").asText());

        Path file = work.resolve("library.jsonl.gz");
        CliRun export = vcd("store", "export", "--store", source.toString(), "--out", file.toString());
        assertEquals(0, export.exit(), export.err());
        assertEquals(2, JSON.readTree(export.out()).get("exported").asLong());
        assertTrue(Files.exists(file) && !Files.exists(work.resolve("library.jsonl.gz.partial")));

        Path target = work.resolve("target");
        for (int i = 0; i < 2; i++) { // the second import replaces each video with itself
            CliRun imported = vcd("store", "import", "--store", target.toString(), file.toString());
            assertEquals(0, imported.exit(), imported.err());
            assertEquals(2, JSON.readTree(imported.out()).get("imported").asLong());
        }
        JsonNode copied = JSON.readTree(vcd("store", "stats", "--store", target.toString()).out());
        assertEquals(2, copied.get("videos").asLong());
        assertEquals(90, copied.get("frames").asLong());
        assertEquals("int8", copied.get("vectors").asText());
        assertTrue(copied.get("bytes").asLong() < json.get("bytes").asLong(), copied + " vs " + json);
        try (var store = CopyDetector.withDefaults(MODELS).openStoreForReading(target.toString())) {
            assertEquals(Map.of("source", "/videos/first.mp4"), store.metadata("first").orElseThrow());
            assertArrayEquals(VectorEncoding.INT8.roundTrip(video(1, 60).vectors()[7]),
                    store.frames("first").orElseThrow().vectors()[7]);
        }
    }

    @Test
    void compactKeepsTheLibraryAndLeavesOneSegment() throws Exception {
        Path folder = work.resolve("grown");
        try (var store = CopyDetector.withDefaults(MODELS).openStoreForWriting(folder.toString())) {
            for (int v = 0; v < 3; v++) { // one durable commit, so one segment, per video
                store.add("video" + v, video(10 + v, 20), List.of(), Map.of());
            }
        }
        CliRun compacted = vcd("store", "compact", "--store", folder.toString());
        assertEquals(0, compacted.exit(), compacted.err());
        JsonNode json = JSON.readTree(compacted.out());
        assertEquals(3, json.get("videos").asLong());
        assertEquals(60, json.get("frames").asLong());
        try (var store = CopyDetector.withDefaults(MODELS).openStoreForReading(folder.toString())) {
            assertArrayEquals(store.encoding().roundTrip(video(11, 20).vectors()[5]),
                    store.frames("video1").orElseThrow().vectors()[5]);
        }
        try (var reader = DirectoryReader.open(FSDirectory.open(folder))) {
            assertEquals(1, reader.leaves().size(), "segments after compaction");
        }
        CliRun missing = vcd("store", "compact", "--store", work.resolve("none").toString());
        assertEquals(Vcd.EXIT_STORE, missing.exit());
        assertEquals(1, missing.err().lines().count(), missing.err());
    }

    @Test
    void aMissingStoreOrFileGivesOneErrorLineAndItsExitCode() throws Exception {
        CliRun stats = vcd("store", "stats", "--store", work.resolve("none").toString());
        assertEquals(Vcd.EXIT_STORE, stats.exit());
        assertEquals(1, stats.err().lines().count(), stats.err());
        assertTrue(stats.err().startsWith("vcd: error: no store at "), stats.err());

        CliRun imported = vcd("store", "import", "--store", work.resolve("t").toString(), work.resolve("x.jsonl").toString());
        assertEquals(Vcd.EXIT_BAD_INPUT, imported.exit());
        assertEquals(1, imported.err().lines().count(), imported.err());
        assertTrue(!Files.exists(work.resolve("t")), "a failed import creates no store");

        Path text = Files.writeString(work.resolve("notes.txt"), "hello\n");
        CliRun notExport = vcd("store", "import", "--store", work.resolve("t").toString(), text.toString());
        assertEquals(Vcd.EXIT_BAD_INPUT, notExport.exit());
        assertTrue(notExport.err().contains("line 1 is not a valid header record"), notExport.err());

        CliRun bad = vcd("store", "stats", "--store", "milvus://user:pw@host/db/c");
        assertEquals(Vcd.EXIT_STORE, bad.exit());
        assertTrue(!bad.err().contains("pw"), bad.err());

        assertEquals(Vcd.EXIT_USAGE, vcd("store").exit());
    }
}
