package org.vcd.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcd.domain.VideoFeatures;
import org.vcd.testdata.CopiedSegment;
import org.vcd.testdata.CopyFixture;
import org.vcd.testdata.SyntheticVideo;

/**
 * The classic descriptor on testdata's generated footage: scenes differ, frames within a scene are related,
 * and the copy fixture's copied frames match the reference at the ground-truth times while filler and
 * unrelated footage match nothing. (Moved here from testdata, which must not depend on ingest.)
 */
class GeneratedFootageTest {

    private static final long SEED = 2024;

    @TempDir
    static Path dir;

    private static CopyFixture fixture;
    private static VideoFeatures reference;
    private static VideoFeatures copy;
    private static VideoFeatures unrelated;

    @BeforeAll
    static void generateAndIngest() throws Exception {
        fixture = CopyFixture.create(dir.resolve("fixture"), SEED);
        long began = System.nanoTime();
        VideoIngest ingest = new VideoIngest(IngestConfig.DEFAULT);
        reference = ingest.ingest(fixture.reference());
        copy = ingest.ingest(fixture.copy());
        unrelated = ingest.ingest(fixture.unrelated());
        System.out.printf("copy fixture ingested in %.2f s%n", (System.nanoTime() - began) / 1e9);
    }

    @Test
    void scenesLookDifferentWhileFramesWithinASceneStayRelated() throws Exception {
        long seed = 7;
        double seconds = 30;
        Path video = dir.resolve("scenes.mp4");
        long began = System.nanoTime();
        SyntheticVideo.write(video, seed, seconds, 320, 240, 25);
        double generation = (System.nanoTime() - began) / 1e9;
        VideoFeatures features = new VideoIngest(IngestConfig.DEFAULT).ingest(video);
        List<Double> starts = SyntheticVideo.sceneStarts(seed, seconds);
        assertTrue(starts.size() >= 8 && starts.size() <= 15, "2-4 s scenes: " + starts);

        int[] scene = new int[features.frameCount()];
        for (int i = 0; i < scene.length; i++) {
            double t = features.timestamps()[i];
            scene[i] = (int) starts.stream().filter(s -> s <= t).count() - 1;
        }
        double across = 0;
        double acrossMax = -1;
        int acrossPairs = 0;
        double within = 0;
        double withinMax = -1;
        int withinPairs = 0;
        for (int i = 0; i < scene.length; i++) {
            for (int j = i + 1; j < scene.length; j++) {
                double s = cosine(features.vectors()[i], features.vectors()[j]);
                if (scene[i] != scene[j]) {
                    across += s;
                    acrossMax = Math.max(acrossMax, s);
                    acrossPairs++;
                } else if (j == i + 1) {
                    within += s;
                    withinMax = Math.max(withinMax, s);
                    withinPairs++;
                }
            }
        }
        across /= acrossPairs;
        within /= withinPairs;
        System.out.printf("synthetic 30 s 320x240 25 fps written in %.2f s; %d scenes; "
                        + "1 s apart within a scene: mean %.3f max %.3f; across scenes: mean %.3f max %.3f%n",
                generation, starts.size(), within, withinMax, across, acrossMax);
        assertTrue(within > 0.7, "frames 1 s apart in one scene should be related: " + within);
        assertTrue(withinMax < 0.995, "frames within a scene should move: " + withinMax);
        assertTrue(across < 0.2, "different scenes should look different on average: " + across);
        assertTrue(acrossMax < 0.8, "no two scenes should look alike: " + acrossMax);
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
            double s = cosine(copy.vectors()[i], reference.vectors()[expected]);
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
            double best = best(copy.vectors()[i], reference);
            fillerSum += best;
            fillerMax = Math.max(fillerMax, best);
            fillerCount++;
        }
        double unrelatedSum = 0;
        double unrelatedMax = -1;
        for (float[] v : unrelated.vectors()) {
            double best = best(v, reference);
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
            if (cosine(frame, reference.vectors()[j]) > cosine(frame, reference.vectors()[best])) {
                best = j;
            }
        }
        return best;
    }

    private static double cosine(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** Highest similarity of {@code frame} to any frame of {@code reference}. */
    private static double best(float[] frame, VideoFeatures reference) {
        double best = -1;
        for (float[] r : reference.vectors()) {
            best = Math.max(best, cosine(frame, r));
        }
        return best;
    }
}
