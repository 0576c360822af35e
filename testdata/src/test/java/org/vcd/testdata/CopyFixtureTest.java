package org.vcd.testdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcd.ingest.IngestConfig;
import org.vcd.ingest.VideoFeatures;
import org.vcd.ingest.VideoIngest;

class CopyFixtureTest {

    private static final long SEED = 2024;

    @TempDir
    static Path dir;

    private static CopyFixture fixture;
    private static VideoFeatures reference;
    private static VideoFeatures copy;
    private static VideoFeatures unrelated;

    @BeforeAll
    static void generateAndIngest() throws Exception {
        long began = System.nanoTime();
        fixture = CopyFixture.create(dir, SEED);
        double generation = (System.nanoTime() - began) / 1e9;
        began = System.nanoTime();
        VideoIngest ingest = new VideoIngest(IngestConfig.DEFAULT);
        reference = ingest.ingest(fixture.reference());
        copy = ingest.ingest(fixture.copy());
        unrelated = ingest.ingest(fixture.unrelated());
        System.out.printf("copy fixture generated in %.2f s, ingested in %.2f s%n",
                generation, (System.nanoTime() - began) / 1e9);
    }

    @Test
    void writesTheVideosAndFrameAlignedGroundTruth() throws Exception {
        assertEquals(40, reference.durationSeconds(), 0.05);
        assertEquals(20, unrelated.durationSeconds(), 0.05);
        assertEquals(26, copy.durationSeconds(), 0.05);
        List<CopiedSegment> written = new ObjectMapper().readValue(
                dir.resolve(CopyFixture.GROUND_TRUTH).toFile(), new TypeReference<List<CopiedSegment>>() { });
        assertEquals(fixture.groundTruth(), written);
        CopiedSegment segment = written.get(0);
        assertEquals(CopyFixture.REFERENCE, segment.reference());
        assertEquals(segment.queryEnd() - segment.queryStart(), segment.referenceEnd() - segment.referenceStart());
        for (double t : new double[] {segment.queryStart(), segment.queryEnd(), segment.referenceStart(),
                segment.referenceEnd()}) {
            assertEquals(Math.rint(t * CopyFixture.FPS), t * CopyFixture.FPS, 1e-9, "frame-aligned: " + t);
        }
    }

    @Test
    void copiedFramesMatchTheReferenceAtTheGroundTruthTimes() {
        CopiedSegment segment = fixture.groundTruth().get(0);
        double sum = 0;
        double min = 1;
        int count = 0;
        int located = 0;
        for (int i = 0; i < copy.frameCount(); i++) {
            double t = copy.timestamps()[i];
            if (t < segment.queryStart() || t >= segment.queryEnd()) {
                continue;
            }
            int expected = referenceFrameAt(segment.referenceStart() + t - segment.queryStart());
            double s = Similarity.cosine(copy.vectors()[i], reference.vectors()[expected]);
            sum += s;
            min = Math.min(min, s);
            count++;
            if (Math.abs(nearest(copy.vectors()[i]) - expected) <= 1) {
                located++;
            }
        }
        double mean = sum / count;
        System.out.printf("copied frames vs reference at ground truth: mean %.3f min %.3f over %d frames; "
                + "nearest reference frame within 1 s for %d%n", mean, min, count, located);
        assertEquals(15, count);
        assertTrue(mean > 0.7, "mean similarity of copied frames: " + mean);
        assertTrue(located >= count - 2, "copied frames found at the right reference time: " + located);
    }

    @Test
    void fillerAndUnrelatedFootageMatchNothing() {
        CopiedSegment segment = fixture.groundTruth().get(0);
        double fillerSum = 0;
        double fillerMax = -1;
        int fillerCount = 0;
        for (int i = 0; i < copy.frameCount(); i++) {
            double t = copy.timestamps()[i];
            if (t >= segment.queryStart() && t < segment.queryEnd()) {
                continue;
            }
            double best = Similarity.best(copy.vectors()[i], reference);
            fillerSum += best;
            fillerMax = Math.max(fillerMax, best);
            fillerCount++;
        }
        double unrelatedSum = 0;
        double unrelatedMax = -1;
        for (float[] v : unrelated.vectors()) {
            double best = Similarity.best(v, reference);
            unrelatedSum += best;
            unrelatedMax = Math.max(unrelatedMax, best);
        }
        double filler = fillerSum / fillerCount;
        double other = unrelatedSum / unrelated.frameCount();
        System.out.printf("best match in reference: filler mean %.3f max %.3f (%d frames); "
                + "unrelated mean %.3f max %.3f (%d frames)%n",
                filler, fillerMax, fillerCount, other, unrelatedMax, unrelated.frameCount());
        assertEquals(11, fillerCount);
        assertTrue(filler < 0.5, "filler frames should not resemble the reference: " + filler);
        assertTrue(other < 0.5, "the unrelated video should not resemble the reference: " + other);
    }

    @Test
    void reusesACompleteFolderAndRebuildsADamagedOne() throws Exception {
        FileTime written = Files.getLastModifiedTime(fixture.reference());
        long began = System.nanoTime();
        assertEquals(fixture, CopyFixture.create(dir, SEED));
        double reuse = (System.nanoTime() - began) / 1e9;
        assertEquals(written, Files.getLastModifiedTime(fixture.reference()));
        assertTrue(reuse < 1, "reuse should only hash the files: " + reuse + " s");

        Path damaged = Files.createTempDirectory(dir, "damaged");
        for (String name : List.of(CopyFixture.REFERENCE, CopyFixture.UNRELATED, CopyFixture.COPY,
                CopyFixture.GROUND_TRUTH, CopyFixture.MANIFEST)) {
            Files.copy(dir.resolve(name), damaged.resolve(name));
        }
        Files.write(damaged.resolve(CopyFixture.COPY), new byte[] {1, 2, 3});
        CopyFixture rebuilt = CopyFixture.create(damaged, SEED);
        assertEquals(Files.mismatch(fixture.copy(), rebuilt.copy()), -1L, "rebuilt copy should match the original");
    }

    private static int referenceFrameAt(double seconds) {
        int i = 0;
        while (i + 1 < reference.frameCount() && reference.timestamps()[i + 1] <= seconds + 1e-9) {
            i++;
        }
        return i;
    }

    private static int nearest(float[] frame) {
        int best = 0;
        for (int j = 1; j < reference.frameCount(); j++) {
            if (Similarity.cosine(frame, reference.vectors()[j]) > Similarity.cosine(frame, reference.vectors()[best])) {
                best = j;
            }
        }
        return best;
    }
}
