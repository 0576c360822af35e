package org.vcd.testdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CopyFixtureTest {

    private static final long SEED = 2024;

    @TempDir
    static Path dir;

    private static CopyFixture fixture;

    @BeforeAll
    static void generate() throws Exception {
        long began = System.nanoTime();
        fixture = CopyFixture.create(dir, SEED);
        System.out.printf("copy fixture generated in %.2f s%n", (System.nanoTime() - began) / 1e9);
    }

    @Test
    void writesTheVideosAndFrameAlignedGroundTruth() throws Exception {
        assertEquals(40, decodedSeconds(fixture.reference()), 0.05);
        assertEquals(20, decodedSeconds(fixture.unrelated()), 0.05);
        assertEquals(26, decodedSeconds(fixture.copy()), 0.05);
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

    /** Length in seconds of a generated video, from its decoded frame count. */
    private static double decodedSeconds(Path video) throws Exception {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile())) {
            grabber.start();
            int frames = 0;
            while (grabber.grabImage() != null) {
                frames++;
            }
            return frames / CopyFixture.FPS;
        }
    }
}
