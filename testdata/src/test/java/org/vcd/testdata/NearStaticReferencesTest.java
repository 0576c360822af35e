package org.vcd.testdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Near-static references (the standard and training sizes' decks of title cards and slides), on a scaled-down
 * benchmark with one barcoded source reference and one deck: the deck is cards alone and holds still, queries copy it
 * like any reference, and the same seed draws the same deck.
 */
class NearStaticReferencesTest {

    private static final int SOURCES = 3;
    private static final double SOURCE_SECONDS = 8;
    private static final long SEED = 3;
    private static final BenchmarkGenerator.Shape SHAPE = new BenchmarkGenerator.Shape(1, 1, 4, 0, 0, 3, 5, 1, 2, 1,
            List.of(Transformation.Kind.BRIGHTNESS_CONTRAST, Transformation.Kind.REENCODE, Transformation.Kind.SCALE,
                    Transformation.Kind.BLUR), null, 0);

    @TempDir
    static Path dir;

    private static GroundTruth truth;

    @BeforeAll
    static void generate() throws IOException {
        Path sources = Barcodes.writeSources(dir, SOURCES, 320, 240, SOURCE_SECONDS);
        truth = BenchmarkGenerator.generate(sources, dir.resolve("bench"), SEED, BenchmarkGenerator.Size.TRAINING,
                SHAPE, Split.Choice.ALL, false, line -> { });
    }

    @Test
    void aDeckIsTitleCardsAndSlidesThatHoldStill() throws IOException {
        assertEquals(2, truth.references().size());
        GroundTruth.Reference deck = deck();
        assertNull(deck.source());
        assertEquals("title_card", deck.parts().get(0).kind(), "a deck opens on a title card");
        assertTrue(deck.durationSeconds() >= 20 && deck.durationSeconds() <= 60 + 15, deck.durationSeconds() + " s");
        List<Barcodes.Shown> frames = Barcodes.decode(dir.resolve("bench").resolve(deck.file()));
        assertEquals(Math.round(deck.durationSeconds() * Barcodes.FPS), frames.size());
        double at = 0;
        for (GroundTruth.Part part : deck.parts()) {
            assertTrue(Set.of("title_card", "slide").contains(part.kind()), part.kind());
            assertEquals(at, part.start(), 1e-9, "parts are back to back");
            at = part.end();
            int start = frame(part.start());
            for (int p = start; p < frame(part.end()); p++) {
                if (part.kind().equals("title_card")) {
                    assertTrue(frames.get(p).largestDifference(frames.get(start)) < 8, "frame " + p + ": a title card "
                            + "does not change");
                } else {
                    assertTrue(frames.get(p).likeness(frames.get(start)) > 0.9, "frame " + p + ": a slide changes "
                            + "little");
                }
            }
        }
        assertEquals(at, deck.durationSeconds(), 1e-9);
    }

    @Test
    void queriesCopyTheDeckLikeAnyReference() throws IOException {
        List<Barcodes.Shown> deckFrames = Barcodes.decode(dir.resolve("bench").resolve(deck().file()));
        int checked = 0;
        for (GroundTruth.Query query : truth.queries()) {
            List<Barcodes.Shown> frames = Barcodes.decode(dir.resolve("bench").resolve(query.file()));
            double fps = frames.size() / query.durationSeconds();
            for (int j = 0; j < frames.size(); j++) {
                for (GroundTruth.Copy copy : Barcodes.covering(query, j, fps)) {
                    if (copy.reference().equals(deck().id())) {
                        int p = Barcodes.referenceFrame(copy, j, fps);
                        double likeness = frames.get(j).likeness(deckFrames.get(p));
                        assertTrue(likeness > 0.9, query.id() + " frame " + j + " (" + copy.kinds() + ") shows deck frame "
                                + p + ": likeness " + likeness);
                        checked++;
                    }
                }
            }
        }
        assertTrue(checked >= 3 * Barcodes.FPS, "checked " + checked + " frames copied from the deck");
    }

    @Test
    void sameSeedSameDeck() throws IOException {
        Path again = dir.resolve("again");
        assertEquals(truth, BenchmarkGenerator.generate(dir.resolve("sources"), again, SEED,
                BenchmarkGenerator.Size.TRAINING, SHAPE, Split.Choice.ALL, false, line -> { }));
        assertEquals(-1, Files.mismatch(dir.resolve("bench").resolve(deck().file()), again.resolve(deck().file())));
        for (GroundTruth.Query query : truth.queries()) {
            assertEquals(-1, Files.mismatch(dir.resolve("bench").resolve(query.file()), again.resolve(query.file())),
                    query.file() + " differs");
        }
    }

    private static GroundTruth.Reference deck() {
        return truth.references().stream().filter(r -> r.id().equals("deck01")).findFirst().orElseThrow();
    }

    private static int frame(double seconds) {
        return (int) Math.round(seconds * Barcodes.FPS);
    }
}
