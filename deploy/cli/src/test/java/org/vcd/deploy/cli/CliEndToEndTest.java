package org.vcd.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcd.matcher.LuceneFrameStore;
import org.vcd.testdata.CopiedSegment;
import org.vcd.testdata.CopyFixture;
import org.vcd.testdata.SyntheticVideo;

/** The command-line contract on generated videos: index, check, restarts and refused input. */
class CliEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double TOLERANCE = 1.5;

    @TempDir
    static Path videos;
    private static CopyFixture fixture;

    @TempDir
    Path work;

    record Run(int exit, String out, String err) {
        JsonNode json() throws IOException {
            return JSON.readTree(out);
        }

        List<String> errorLines() {
            return err.lines().toList();
        }
    }

    @BeforeAll
    static void generate() throws IOException {
        fixture = CopyFixture.create(videos.resolve("fixture"), 5);
    }

    private static Run vcd(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Vcd.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** The copy located, and found by the query's {@code view} ("decoded", "mirrored" or "region"). */
    private static void assertLocated(JsonNode result, CopiedSegment truth, String view) {
        JsonNode matches = result.get("matches");
        assertTrue(matches.size() >= 1, result.toString());
        JsonNode best = matches.get(0);
        assertEquals("reference", best.get("reference").asText());
        double score = best.get("score").asDouble();
        assertTrue(score > 0 && score <= 1, result.toString());
        JsonNode segment = best.get("segments").get(0);
        assertEquals(truth.queryStart(), segment.get("query_start").asDouble(), TOLERANCE, result.toString());
        assertEquals(truth.queryEnd(), segment.get("query_end").asDouble(), TOLERANCE, result.toString());
        assertEquals(truth.referenceStart(), segment.get("reference_start").asDouble(), TOLERANCE, result.toString());
        assertEquals(truth.referenceEnd(), segment.get("reference_end").asDouble(), TOLERANCE, result.toString());
        assertEquals(view, segment.get("query_view").asText(), result.toString());
        assertFalse(segment.has("query_region"), "a region only for a region view");
    }

    private Path indexedStore() {
        Path store = work.resolve("store");
        Run index = vcd("index", "--store", store.toString(), fixture.reference().toString());
        assertEquals(0, index.exit(), index.err());
        return store;
    }

    @Test
    void findsTheCopiedSegmentAndNothingInTheUnrelatedVideo() throws IOException {
        Path store = indexedStore();
        Run copy = vcd("check", "--store", store.toString(), fixture.copy().toString());
        assertEquals(0, copy.exit(), copy.err());
        assertEquals(1, copy.out().lines().count(), "one JSON object: " + copy.out());
        assertEquals(fixture.copy().toString(), copy.json().get("query").asText());
        assertLocated(copy.json(), fixture.groundTruth().get(0), "decoded");

        Run unrelated = vcd("check", "--store", store.toString(), fixture.unrelated().toString());
        assertEquals(0, unrelated.exit(), unrelated.err());
        assertEquals(0, unrelated.json().get("matches").size(), unrelated.out());
    }

    @Test
    void checkMirrorsQueriesByDefaultAndFindsAHorizontallyFlippedCopy() throws IOException {
        Path store = indexedStore();
        Path flipped = fixture.writeMirroredCopy(work.resolve("copy-hflip.mp4"));
        Run mirrored = vcd("check", "--store", store.toString(), flipped.toString());
        assertEquals(0, mirrored.exit(), mirrored.err());
        assertLocated(mirrored.json(), fixture.groundTruth().get(0), "mirrored");
        Run plain = vcd("check", "--no-mirror", "--store", store.toString(), flipped.toString());
        assertEquals(0, plain.json().get("matches").size(), "the classic descriptor is not mirror-invariant: "
                + plain.out());
    }

    @Test
    void indexReportsEachReferenceAndReaddingReplacesIt() throws IOException {
        Path store = indexedStore();
        Run again = vcd("index", "--store", store.toString(), "--id", "reference", fixture.reference().toString());
        assertEquals(0, again.exit(), again.err());
        JsonNode line = again.json();
        assertEquals("reference", line.get("reference").asText());
        assertEquals(40, line.get("frames").asInt());
        try (LuceneFrameStore opened = LuceneFrameStore.openForReading(store)) {
            assertEquals(List.of("reference"), opened.videoIds());
        }
    }

    @Test
    void theStoreSurvivesARestart() throws Exception {
        Path store = indexedStore();
        // A new JVM: nothing is shared with the process that indexed but the files on disk.
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.bytedeco.javacpp.cachedir=" + System.getProperty("org.bytedeco.javacpp.cachedir"),
                "-cp", System.getProperty("java.class.path"), Vcd.class.getName()));
        command.addAll(Arrays.asList("check", "--store", store.toString(), fixture.copy().toString()));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "check in a new process timed out");
        assertEquals(0, process.exitValue(), out);
        assertLocated(JSON.readTree(out), fixture.groundTruth().get(0), "decoded");
    }

    /** A refused file: exit 1, exactly one error line naming it, nothing written (here: no store created). */
    private void assertRefused(Path file, String reasonWords) {
        Path store = work.resolve("untouched");
        Run run = vcd("index", "--store", store.toString(), file.toString());
        assertEquals(1, run.exit(), run.out() + run.err());
        assertEquals(1, run.errorLines().size(), run.err());
        String line = run.errorLines().get(0);
        assertTrue(line.startsWith("vcd: error: ") && line.contains(reasonWords) && line.contains(
                file.getFileName().toString()), line);
        assertEquals("", run.out());
        assertFalse(Files.exists(store), "a store was created for refused input");
    }

    @Test
    void refusesAMissingFile() {
        assertRefused(work.resolve("no-such-video.mp4"), "no such file");
    }

    @Test
    void refusesAnEmptyFile() throws IOException {
        assertRefused(Files.createFile(work.resolve("empty.mp4")), "empty file");
    }

    @Test
    void refusesATextFileNamedMp4() throws IOException {
        assertRefused(Files.writeString(work.resolve("readme.mp4"), "not a video at all\n".repeat(100)),
                "not a readable video");
    }

    @Test
    void refusesATruncatedMp4() throws IOException {
        // FFmpeg writes the mp4 index at the end, so the first half has frames but no index.
        byte[] whole = Files.readAllBytes(fixture.reference());
        assertRefused(Files.write(work.resolve("cut.mp4"), Arrays.copyOf(whole, whole.length / 2)),
                "not a readable video");
    }

    @Test
    void refusesATruncatedMkvThatStillOpens() throws IOException {
        // Matroska declares its duration up front; half the bytes decode to about half of it.
        Path whole = work.resolve("whole.mkv");
        SyntheticVideo.write(whole, 9, 12, 160, 120, 25);
        byte[] bytes = Files.readAllBytes(whole);
        assertRefused(Files.write(work.resolve("cut.mkv"), Arrays.copyOf(bytes, bytes.length / 2)),
                "truncated video");
    }

    @Test
    void aRefusedFileLeavesAnExistingStoreAsItWasAndTheOtherFilesGoIn() throws IOException {
        Path store = indexedStore();
        Path empty = Files.createFile(work.resolve("empty.mp4"));
        Run run = vcd("index", "--store", store.toString(), empty.toString(), fixture.unrelated().toString());
        assertEquals(1, run.exit(), run.err());
        assertEquals(1, run.errorLines().size(), run.err());
        try (LuceneFrameStore opened = LuceneFrameStore.openForReading(store)) {
            assertEquals(List.of("reference", "unrelated"), opened.videoIds());
        }
    }

    @Test
    void checkRefusesBadInputAndAMissingStoreInOneLine() throws IOException {
        Path store = indexedStore();
        Run text = vcd("check", "--store", store.toString(),
                Files.writeString(work.resolve("x.mp4"), "hello").toString());
        assertEquals(1, text.exit());
        assertEquals(1, text.errorLines().size(), text.err());
        assertEquals("", text.out());

        Run noStore = vcd("check", "--store", work.resolve("nowhere").toString(), fixture.copy().toString());
        assertEquals(3, noStore.exit());
        assertEquals(List.of("vcd: error: no store at " + work.resolve("nowhere")), noStore.errorLines());
    }

    @Test
    void refusesAFileNameThatCannotBeAnId() throws IOException {
        // A hostile upload name: a newline would forge extra lines in logs and output.
        Path hostile = Files.copy(fixture.unrelated(), work.resolve("evil\nreference.mp4"));
        Path store = work.resolve("untouched");
        Run run = vcd("index", "--store", store.toString(), hostile.toString());
        assertEquals(1, run.exit(), run.err());
        assertEquals(List.of("vcd: error: a reference id must not contain control characters"
                + " (from evil\\u000areference.mp4); name it with --id"), run.errorLines());
        assertFalse(Files.exists(store));
        Run named = vcd("index", "--store", store.toString(), "--id", "evil", hostile.toString());
        assertEquals(0, named.exit(), named.err());
    }

    @Test
    void anIdNamesExactlyOneFile() {
        Run run = vcd("index", "--store", work.resolve("s").toString(), "--id", "x",
                fixture.reference().toString(), fixture.copy().toString());
        assertEquals(2, run.exit());
        assertFalse(Files.exists(work.resolve("s")));
    }
}
