package org.vcd.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcd.domain.VideoFeatures;
import org.vcd.matcher.FrameHit;
import org.vcd.matcher.LuceneFrameStore;
import org.vcd.matcher.TestVideos;

/** The store benchmark's exact search, its reference for recall, against the store's graph search made exhaustive. */
class StoreBenchmarkTest {

    private static final int VIDEOS = 12;
    private static final int FRAMES = 25;

    @TempDir
    Path dir;

    @Test
    void exactSearchFindsWhatAGraphSearchAsWideAsTheStoreFinds() {
        try (LuceneFrameStore store = LuceneFrameStore.openForWriting(dir, TestVideos.SPEC)) {
            for (int v = 0; v < VIDEOS; v++) {
                VideoFeatures video = TestVideos.video(v, FRAMES);
                Arrays.fill(video.vectors()[0], 0); // blank: never found
                store.add("v" + v, video); // a commit, and so a segment, each
            }
            Random random = new Random(7);
            List<float[]> queries = List.of(TestVideos.unit(random), TestVideos.unit(random),
                    store.frames("v3").orElseThrow().vectors()[4]);
            List<List<FrameHit>> exact = StoreBenchmark.exactNearest(store, queries, 10);
            List<List<FrameHit>> graph = store.nearest(queries, 10, VIDEOS * FRAMES);
            for (int q = 0; q < queries.size(); q++) {
                assertEquals(new HashSet<>(graph.get(q)), new HashSet<>(exact.get(q)));
                List<FrameHit> bestFirst = new ArrayList<>(exact.get(q));
                bestFirst.sort(Comparator.comparingDouble(FrameHit::similarity).reversed());
                assertEquals(bestFirst, exact.get(q));
            }
            FrameHit itself = exact.get(2).get(0); // a stored frame finds itself first
            assertEquals("v3 4", itself.videoId() + " " + itself.frame());
        }
    }
}
