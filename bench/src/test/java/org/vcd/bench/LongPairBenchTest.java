package org.vcd.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcd.deploy.CopyDetector;
import org.vcd.deploy.PipelineModels;
import org.vcd.domain.Segment;
import org.vcd.domain.SimilarityMatrix;

class LongPairBenchTest {

    @Test
    void plantsTheCopyBrighterThanItsLookAlikes() {
        LongPairBench.Pair pair = LongPairBench.generate(60, 240, 3);
        SimilarityMatrix m = pair.matrix();
        assertEquals(60 * 240, m.values().length);
        // Copy rows 10..33 on reference columns 108..131; cells edges to seconds: half a step before and after.
        assertEquals(List.of(9.5, 33.5, 107.5, 131.5), List.of(pair.copy()[0], pair.copy()[1], pair.copy()[2],
                pair.copy()[3]));
        for (int k = 0; k < 24; k++) {
            int row = 10 + k;
            float copy = m.get(row, 108 + k);
            assertTrue(copy >= 0.75f, "copy cell " + copy);
            assertTrue(m.get(row, 30 + k) >= 0.55f && m.get(row, 30 + k) < copy, "a look-alike block, dimmer");
        }
        assertTrue(m.get(50, 108) < 0.31f, "unrelated frames stay noise");
        assertThrows(IllegalArgumentException.class, () -> LongPairBench.generate(60, 100, 3));
    }

    @Test
    void endErrorIsTheWorstEndOfTheSegmentOverlappingTheCopyMost() {
        double[] copy = {10, 50, 100, 140};
        List<Segment> found = List.of(new Segment(0, 12, 300, 312, 0.9), new Segment(11, 49, 100.5, 143, 0.5));
        assertEquals(3, LongPairBench.endError(found, copy), 1e-9);
        assertTrue(Double.isNaN(LongPairBench.endError(List.of(new Segment(60, 70, 100, 110, 1)), copy)));
    }

    @Test
    void timesEachLocalizerAndWritesItsReport(@TempDir Path out) throws Exception {
        try (PipelineModels models = new PipelineModels()) {
            LongPairBench.Report report = LongPairBench.run(60, 240, 3, CopyDetector.withDefaults(models),
                    List.of("tn", "spd"), 0, 1, out, line -> { });
            assertEquals(List.of("tn", "spd"), report.localizers().stream().map(LongPairBench.Timing::localizer)
                    .toList());
            // The copy is found with its ends; its look-alike blocks too, the look-alike weighting being off by
            // default (SegmentDetectorTest covers it on).
            LongPairBench.Timing spd = report.localizers().get(1);
            assertTrue(spd.segments() >= 1, report.toString());
            assertTrue(spd.endError() <= 1 && spd.msPerPair() > 0, report.toString());
            assertTrue(Files.readString(out.resolve(LongPairBench.REPORT_MARKDOWN))
                    .contains("| spd | " + spd.segments() + " |"));
            assertTrue(Files.exists(out.resolve(LongPairBench.REPORT_JSON)));
        }
    }
}
