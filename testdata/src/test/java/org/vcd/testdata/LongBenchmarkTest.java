package org.vcd.testdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The long size, scaled down (programmes of 16 to 24 s, cards of 2 to 3 s, freezes of 1 to 1.5 s, copies of 3 to
 * 8 s) on barcoded sources: programmes are built as their parts say, every copied query frame shows the programme
 * frame the ground truth names (across title cards, slides and freeze frames, and in every programme a repeated
 * source shows in), and the same seed gives the same files.
 */
class LongBenchmarkTest {

    private static final int SOURCES = 4;
    private static final double SOURCE_SECONDS = 8;
    private static final BenchmarkGenerator.Shape SHAPE = new BenchmarkGenerator.Shape(2, 0, 6, 1, 0, 3, 8, 1, 2, 2,
            BenchmarkGenerator.Size.SMALL.shape.singles(), new Programme.Layout(16, 24, 2, 3, 1, 1.5, 0.25), 0);
    private static final long SEED = 25;

    @TempDir
    static Path dir;

    private static GroundTruth truth;
    private static final List<String> LOG = new ArrayList<>();

    @BeforeAll
    static void generate() throws IOException {
        Path sources = Barcodes.writeSources(dir, SOURCES, Programme.WIDTH, Programme.HEIGHT, SOURCE_SECONDS);
        truth = BenchmarkGenerator.generate(sources, dir.resolve("bench"), SEED, BenchmarkGenerator.Size.LONG, SHAPE,
                Split.Choice.ALL, false, LOG::add);
    }

    @Test
    void programmesJoinSourcesBetweenTitleCardsSlidesAndFreezeFrames() throws IOException {
        assertEquals(truth, GroundTruth.read(dir.resolve("bench")));
        assertEquals("long", truth.size());
        assertEquals(2, truth.references().size());
        assertEquals(6, truth.queries().size());
        assertEquals(1, truth.queries().stream().filter(q -> "filler".equals(q.negative())).count());
        Set<String> kinds = new HashSet<>();
        for (GroundTruth.Reference programme : truth.references()) {
            assertNull(programme.source());
            assertEquals("title_card", programme.parts().get(0).kind(), "a programme opens on a title card");
            double at = 0;
            for (GroundTruth.Part part : programme.parts()) {
                assertEquals(at, part.start(), 1e-9, programme.id() + ": parts are back to back");
                at = part.end();
                kinds.add(part.kind());
            }
            assertEquals(at, programme.durationSeconds(), 1e-9);
            assertTrue(at >= 16 - 1e-9 && at <= 24 + 1e-9, programme.id() + " lasts " + at + " s");
        }
        assertEquals(Set.of("title_card", "slide", "footage", "freeze"), kinds, truth.references().toString());
        assertTrue(LOG.stream().anyMatch(l -> l.contains("sources repeat")), "3 sources of 8 s are too few: " + LOG);
    }

    @Test
    void programmeFramesShowWhatTheirPartsSayAndCardsHoldStill() throws IOException {
        int still = 0;
        for (GroundTruth.Reference programme : truth.references()) {
            List<Barcodes.Shown> frames = Barcodes.decode(dir.resolve("bench").resolve(programme.file()));
            assertEquals(Math.round(programme.durationSeconds() * Barcodes.FPS), frames.size());
            for (GroundTruth.Part part : programme.parts()) {
                int start = frame(part.start());
                int end = frame(part.end());
                for (int p = start; p < end; p++) {
                    Barcodes.Shown shown = frames.get(p);
                    if (part.source() != null) {
                        assertEquals(sourceNumber(part.source()), shown.source(), programme.id() + " frame " + p);
                        assertEquals(sourceFrame(part, p), shown.frame(), programme.id() + " frame " + p);
                    } else if (part.kind().equals("title_card")) {
                        assertTrue(shown.largestDifference(frames.get(start)) < 8,
                                programme.id() + " frame " + p + ": a title card does not change");
                    } else {
                        assertTrue(shown.likeness(frames.get(start)) > 0.9,
                                programme.id() + " frame " + p + ": a slide changes little");
                    }
                }
                if (part.source() == null) {
                    still = Math.max(still, end - start);
                }
            }
        }
        assertTrue(still >= 2 * Barcodes.FPS, "a near-static stretch of the shortest card length: " + still);
    }

    /**
     * Production settings: every title card and slide of the shortest length the long size draws stays nearly the
     * same picture throughout (a slide at most reveals bullet lines, a small part of the frame).
     */
    @Test
    void cardsAreNearlyStaticForTheirWholeLength() {
        double seconds = BenchmarkGenerator.Size.LONG.shape.programmes().minCardSeconds();
        assertEquals(10, seconds);
        int width = Programme.WIDTH;
        int height = Programme.HEIGHT;
        int revealing = 0;
        for (long seed = 1; seed <= 20; seed++) {
            byte[] first = new byte[width * height * 3];
            Cards.titleCard(first, width, height, seed);
            byte[] again = new byte[first.length];
            Cards.titleCard(again, width, height, seed);
            assertEquals(-1, Arrays.mismatch(first, again), "a title card is a still picture");
            assertTrue(distinctValues(first) > 8, "a title card has a picture on it");
            Cards.slide(first, width, height, seed, 0, seconds);
            int changes = 0;
            byte[] previous = first.clone();
            for (int k = 1; k < seconds * Barcodes.FPS; k++) {
                byte[] frame = new byte[first.length];
                Cards.slide(frame, width, height, seed, k / Barcodes.FPS, seconds);
                assertTrue(changedShare(first, frame) < 0.1, "seed " + seed + " frame " + k + " changed "
                        + changedShare(first, frame));
                changes += Arrays.equals(previous, frame) ? 0 : 1;
                previous = frame;
            }
            assertTrue(changes <= 4, "seed " + seed + ": bullets appear at a few moments, " + changes);
            revealing += changes > 0 ? 1 : 0;
        }
        assertTrue(revealing > 0 && revealing < 20, "some slides reveal bullets, some stay still: " + revealing);
    }

    @Test
    void everyCopiedFrameShowsTheProgrammeFrameTheGroundTruthNames() throws IOException {
        Map<String, List<Barcodes.Shown>> programmeFrames = new HashMap<>();
        Map<String, GroundTruth.Reference> programmes = new HashMap<>();
        Set<Integer> programmeSources = new HashSet<>();
        for (GroundTruth.Reference programme : truth.references()) {
            programmeFrames.put(programme.id(), Barcodes.decode(dir.resolve("bench").resolve(programme.file())));
            programmes.put(programme.id(), programme);
            programme.parts().stream().filter(p -> p.source() != null).forEach(p -> programmeSources.add(
                    sourceNumber(p.source())));
        }
        Map<String, Integer> checked = new HashMap<>();
        int repeated = 0;
        for (GroundTruth.Query query : truth.queries()) {
            List<Barcodes.Shown> frames = Barcodes.decode(dir.resolve("bench").resolve(query.file()));
            double fps = frames.size() / query.durationSeconds();
            for (int j = 0; j < frames.size(); j++) {
                List<GroundTruth.Copy> covering = Barcodes.covering(query, j, fps);
                Barcodes.Shown shown = frames.get(j);
                if (covering.isEmpty()) {
                    assertTrue(!programmeSources.contains(shown.source()), query.id() + " frame " + j
                            + " outside the copies shows programme footage");
                    continue;
                }
                repeated += covering.size() > 1 ? 1 : 0;
                for (GroundTruth.Copy copy : covering) {
                    int p = Barcodes.referenceFrame(copy, j, fps);
                    GroundTruth.Part part = programmes.get(copy.reference()).parts().stream()
                            .filter(x -> frame(x.start()) <= p && p < frame(x.end())).findFirst().orElseThrow();
                    String where = query.id() + " frame " + j + " (" + copy.kinds() + ", " + copy.reference() + " frame "
                            + p + ", " + part.kind() + ")";
                    if (part.source() != null) {
                        assertEquals(sourceNumber(part.source()), shown.source(), where + ": source");
                        assertEquals(sourceFrame(part, p), shown.frame(), where + ": source frame");
                    } else {
                        double likeness = shown.likeness(programmeFrames.get(copy.reference()).get(p));
                        assertTrue(likeness > 0.9, where + ": shows the card, likeness " + likeness);
                    }
                    checked.merge(part.kind(), 1, Integer::sum);
                }
            }
        }
        assertTrue(checked.getOrDefault("footage", 0) > 5 * 4 * Barcodes.FPS, "checked " + checked);
        assertTrue(checked.getOrDefault("freeze", 0) > 0, "a copy crosses a freeze frame: " + checked);
        assertTrue(checked.getOrDefault("title_card", 0) + checked.getOrDefault("slide", 0) > 0,
                "a copy crosses a card: " + checked);
        assertTrue(repeated > 0, "some copied footage shows in two places of the programmes");
    }

    @Test
    void sameSeedSameBenchmark() throws IOException {
        Path again = dir.resolve("again");
        assertEquals(truth, BenchmarkGenerator.generate(dir.resolve("sources"), again, SEED,
                BenchmarkGenerator.Size.LONG, SHAPE, Split.Choice.ALL, false, line -> { }));
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir.resolve("bench"))) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertEquals(truth.references().size() + truth.queries().size() + 1, files.size());
        for (Path file : files) {
            Path relative = dir.resolve("bench").relativize(file);
            assertEquals(-1, Files.mismatch(file, again.resolve(relative)), relative + " differs");
        }
    }

    @Test
    void refusesSourcesWithNoFillerLeft() throws IOException {
        Path one = dir.resolve("one-source");
        Files.createDirectories(one);
        Files.copy(dir.resolve("sources").resolve("source0.mp4"), one.resolve("source0.mp4"));
        IllegalArgumentException tooFew = assertThrows(IllegalArgumentException.class, () ->
                BenchmarkGenerator.generate(one, dir.resolve("from-one"), SEED, BenchmarkGenerator.Size.LONG, SHAPE,
                        Split.Choice.ALL, false, line -> { }));
        assertTrue(tooFew.getMessage().contains("too few for programmes"), tooFew.getMessage());
    }

    private static int frame(double seconds) {
        return (int) Math.round(seconds * Barcodes.FPS);
    }

    /** The barcoded sources run at the programme's rate, so a part's grid frames are the source's frames. */
    private static int sourceFrame(GroundTruth.Part part, int p) {
        int first = frame(part.sourceTime());
        return part.kind().equals("freeze") ? first : first + p - frame(part.start());
    }

    private static int sourceNumber(String source) {
        return Integer.parseInt(source.replaceAll("source(\\d+)\\.mp4", "$1"));
    }

    private static int distinctValues(byte[] bgr) {
        Set<Byte> values = new HashSet<>();
        for (byte b : bgr) {
            values.add(b);
        }
        return values.size();
    }

    private static double changedShare(byte[] a, byte[] b) {
        int changed = 0;
        for (int i = 0; i < a.length; i += 3) {
            changed += a[i] != b[i] || a[i + 1] != b[i + 1] || a[i + 2] != b[i + 2] ? 1 : 0;
        }
        return changed / (a.length / 3.0);
    }
}
