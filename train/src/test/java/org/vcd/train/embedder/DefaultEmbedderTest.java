package org.vcd.train.embedder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcd.ingest.cnn.CnnEmbedder;
import org.vcd.testdata.SyntheticVideo;

/** The committed weights load, and find a frame's augmented view among generated videos' frames. */
class DefaultEmbedderTest {

    private static final int VIDEOS = 6;
    private static final double SECONDS = 8;
    /** Least share of views found; chance is about 0.06. */
    private static final double ACCURACY = 0.45;

    @TempDir
    static Path work;

    private static CnnEmbedder embedder;

    @BeforeAll
    static void load() {
        embedder = CnnEmbedder.loadDefault();
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    @Test
    void theCommittedModelDescribesItself() {
        assertTrue(embedder.name().matches("cnn-[0-9a-f]{12}"), embedder.name());
        assertEquals(CnnEmbedder.INPUT_SIZE, embedder.inputSize());
        assertEquals(CnnEmbedder.DIMENSION, embedder.dimension());
        assertTrue(embedder.description().training().containsKey("config"), "training config recorded");
    }

    /**
     * Each query is a copy-style view (crops, overlays, colour, blur, JPEG, picture-in-picture...) of a frame of
     * one of six generated videos; it must be closest to a frame of its own video within a second and a half
     * (neighbouring frames of one scene look alike). Chance is about 3 in 48; the committed model scored 0.56
     * when this test was written.
     */
    @Test
    void anAugmentedViewIsClosestToItsOwnFrame() throws IOException {
        List<Path> files = new ArrayList<>();
        for (int v = 0; v < VIDEOS; v++) {
            Path file = work.resolve("v" + v + ".mp4");
            SyntheticVideo.write(file, 500 + v, SECONDS, 320, 240, 10);
            files.add(file);
        }
        TrainingFrames references = TrainingFrames.decode(files, embedder.inputSize(), 1, line -> { });
        TrainingFrames sources = TrainingFrames.decode(files, 128, 1, line -> { });
        float[][] stored = embedder.embed(references.frames());
        CopyAugmentations augment = new CopyAugmentations(128, embedder.inputSize());
        Random random = new Random(11);
        List<byte[]> views = new ArrayList<>();
        for (int q = 0; q < sources.size(); q++) {
            int other = (q + sources.size() / 2) % sources.size();
            views.add(augment.view(sources.frames().get(q), sources.frames().get(other), random));
        }
        float[][] queries = embedder.embed(views);
        int right = 0;
        for (int q = 0; q < queries.length; q++) {
            int best = 0;
            for (int r = 1; r < stored.length; r++) {
                if (dot(queries[q], stored[r]) > dot(queries[q], stored[best])) {
                    best = r;
                }
            }
            boolean found = references.video()[best] == sources.video()[q]
                    && Math.abs(references.seconds()[best] - sources.seconds()[q]) <= 1.5;
            right += found ? 1 : 0;
        }
        double accuracy = (double) right / queries.length;
        assertTrue(queries.length >= VIDEOS * (SECONDS - 1), "queries: " + queries.length);
        assertTrue(accuracy >= ACCURACY, "top-1 accuracy " + accuracy + " of " + queries.length + " views");
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
