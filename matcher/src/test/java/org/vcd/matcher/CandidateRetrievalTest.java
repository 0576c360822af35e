package org.vcd.matcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcd.domain.VideoFeatures;

class CandidateRetrievalTest {

    @TempDir
    Path dir;

    private final CandidateRetrieval retrieval = new CandidateRetrieval(MatcherConfig.DEFAULT);

    @Test
    void aReferenceSeenOnlyInTheMirroredViewIsACandidateAndEachFrameVotesOnce() {
        VideoFeatures reference = TestVideos.video(1, 20);
        VideoFeatures other = TestVideos.video(2, 20);
        Random random = new Random(5);
        float[][] unrelated = new float[10][];
        float[][] copied = new float[10][];
        double[] times = new double[10];
        for (int i = 0; i < 10; i++) {
            unrelated[i] = TestVideos.unit(random);
            copied[i] = reference.vectors()[5 + i];
            times[i] = i;
        }
        unrelated[3] = new float[TestVideos.DIM]; // a blank frame is blank in every view and never searched
        copied[3] = new float[TestVideos.DIM];
        VideoFeatures decoded = new VideoFeatures(10, times, unrelated);
        VideoFeatures mirrored = new VideoFeatures(10, times, copied);
        try (FrameStore store = LuceneFrameStore.openForWriting(dir, TestVideos.SPEC)) {
            store.add("reference", reference);
            store.add("other", other);
            // As decoded, the query's frames are random: the reference gets only chance votes.
            double alone = retrieval.candidates(store, decoded).stream().filter(c -> c.videoId().equals("reference"))
                    .mapToDouble(Candidate::votes).sum();
            assertTrue(alone < 4, "chance votes " + alone);
            List<Candidate> both = retrieval.candidates(store, List.of(decoded, mirrored));
            assertEquals("reference", both.get(0).videoId());
            // Nine informative frames, each voting once per reference with a similarity of about 1 (int8: within 1%).
            assertTrue(both.get(0).votes() > 8.9 && both.get(0).votes() < 9.09, both.toString());
            // The view order does not matter: the same frames pool the same neighbours.
            assertEquals(both, retrieval.candidates(store, List.of(mirrored, decoded)));
        }
    }
}
