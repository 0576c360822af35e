package org.vcd.testdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator's ground truth is exact: sources whose every frame shows its source number and frame number as a
 * barcode ({@link Barcodes}, which survive the small size's transformations) let each query frame say which
 * source frame it shows; it must be the one the ground truth implies, frame for frame, including speed changes and
 * reversed playback, and every frame outside the copies must come from a filler.
 */
class BenchmarkGeneratorTest {

    private static final int WIDTH = 320;
    private static final int HEIGHT = 240;
    private static final double FPS = Barcodes.FPS;
    private static final int SOURCES = 4;
    private static final double SOURCE_SECONDS = 14;

    @TempDir
    static Path dir;

    private static GroundTruth truth;

    @BeforeAll
    static void generate() throws IOException {
        Path sources = dir.resolve("sources");
        Files.createDirectories(sources.resolve("nested"));
        for (int s = 0; s < SOURCES; s++) {
            Barcodes.write((s % 2 == 0 ? sources : sources.resolve("nested")).resolve("source" + s + ".mp4"), s, WIDTH,
                    HEIGHT, SOURCE_SECONDS);
        }
        Files.writeString(sources.resolve("notes.txt"), "not a video");
        truth = BenchmarkGenerator.generate(sources, dir.resolve("bench"), 7, BenchmarkGenerator.Size.SMALL,
                Split.Choice.ALL, line -> { });
    }

    @Test
    void writesTheFilesTheGroundTruthNames() throws IOException {
        assertEquals(truth, GroundTruth.read(dir.resolve("bench")));
        assertEquals(2, truth.references().size());
        assertEquals(7, truth.queries().size());
        assertEquals(2, truth.queries().stream().filter(q -> "filler".equals(q.negative())).count());
        for (GroundTruth.Reference reference : truth.references()) {
            assertTrue(Files.isRegularFile(dir.resolve("bench").resolve(reference.file())));
        }
        for (GroundTruth.Query query : truth.queries()) {
            assertTrue(Files.isRegularFile(dir.resolve("bench").resolve(query.file())));
            assertEquals(query.negative() == null, !query.copies().isEmpty());
        }
        assertTrue(truth.queries().stream().anyMatch(q -> q.kinds().contains("speed")));
        assertTrue(truth.queries().stream().anyMatch(q -> q.kinds().contains("reversed")));
        assertTrue(Files.notExists(dir.resolve("bench").resolve(".work")), "intermediates are removed");
    }

    @Test
    void everyQueryFrameShowsTheSourceFrameTheGroundTruthImplies() throws IOException {
        Set<Integer> references = Set.of(sourceNumber(truth.references().get(0).id()),
                sourceNumber(truth.references().get(1).id()));
        int checked = 0;
        for (GroundTruth.Query query : truth.queries()) {
            List<Barcodes.Shown> frames = Barcodes.decode(dir.resolve("bench").resolve(query.file()));
            double fps = frames.size() / query.durationSeconds();
            for (int j = 0; j < frames.size(); j++) {
                GroundTruth.Copy copy = Barcodes.covering(query, j, fps).stream().findFirst().orElse(null);
                Barcodes.Shown shown = frames.get(j);
                if (copy == null) {
                    assertTrue(!references.contains(shown.source()), query.id() + " frame " + j + " outside the copies shows"
                            + " reference footage");
                    continue;
                }
                int expected = Barcodes.referenceFrame(copy, j, fps);
                assertEquals(sourceNumber(copy.reference()), shown.source(), query.id() + " frame " + j + ": source");
                assertEquals(expected, shown.frame(), query.id() + " frame " + j + " (" + copy.kinds() + "): source frame");
                checked++;
            }
            if (!query.copies().isEmpty()) {
                GroundTruth.Copy last = query.copies().get(query.copies().size() - 1);
                assertEquals(last.referenceEnd() - last.referenceStart(),
                        (last.queryEnd() - last.queryStart()) * last.speed(), 1e-9, "spans agree through the speed");
            }
        }
        assertTrue(checked > 5 * 4 * FPS, "checked " + checked + " copied frames");
    }

    @Test
    void sameSeedSameBenchmark() throws IOException {
        Path again = dir.resolve("again");
        GroundTruth second = BenchmarkGenerator.generate(dir.resolve("sources"), again, 7,
                BenchmarkGenerator.Size.SMALL, Split.Choice.ALL, line -> { });
        assertEquals(truth, second);
        for (GroundTruth.Query query : truth.queries()) {
            assertEquals(-1, Files.mismatch(dir.resolve("bench").resolve(query.file()), again.resolve(query.file())),
                    query.file() + " differs");
        }
    }

    @Test
    void refusesANonEmptyOutputFolderAndTooFewSources() throws IOException {
        assertThrows(IllegalArgumentException.class, () -> BenchmarkGenerator.generate(dir.resolve("sources"),
                dir.resolve("bench"), 7, BenchmarkGenerator.Size.SMALL, Split.Choice.ALL, line -> { }));
        Path one = dir.resolve("one-source");
        Files.createDirectories(one);
        Files.copy(dir.resolve("sources").resolve("source0.mp4"), one.resolve("source0.mp4"));
        IllegalArgumentException tooFew = assertThrows(IllegalArgumentException.class, () ->
                BenchmarkGenerator.generate(one, dir.resolve("from-one"), 7, BenchmarkGenerator.Size.SMALL,
                        Split.Choice.ALL, line -> { }));
        assertTrue(tooFew.getMessage().contains("too few"), tooFew.getMessage());
    }

    @Test
    void splitIsByFileNameAndKeepsRelatedFootageTogether() {
        assertEquals(Split.of(Path.of("a/b/clip.mp4")), Split.ofName("clip.mp4"));
        for (Split.RelatedGroup group : Split.relatedGroups()) {
            Split first = Split.ofName(group.fileNames().get(0));
            group.fileNames().forEach(name -> assertEquals(first, Split.ofName(name), name));
        }
        List<Split> parts = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            parts.add(Split.ofName("video" + i + ".mp4"));
        }
        long train = parts.stream().filter(p -> p == Split.TRAIN).count();
        assertTrue(train > 40 && train < 100, "about 35% train: " + train);
        assertNotEquals(Split.Choice.EVAL.includes(Path.of("video1.mp4")),
                Split.Choice.TRAIN.includes(Path.of("video1.mp4")));
    }

    private static int sourceNumber(String referenceId) {
        return Integer.parseInt(referenceId.substring("source".length()));
    }
}
