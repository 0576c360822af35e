package org.vcd.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vcd.domain.VideoFeatures;
import org.vcd.testdata.VideoFormats;
import org.vcd.testdata.VideoFormats.Format;

/**
 * Every container and codec this FFmpeg build can write decodes to the same pictures: each sampled frame's
 * descriptor matches the same footage written as MPEG-4 Part 2 at a fine quantiser. (HEVC and Theora are
 * decoded by the same code but cannot be generated here; see docs/INGEST.md.)
 */
class FormatsTest {

    private static final long SEED = 5;
    private static final double SECONDS = 3;

    @TempDir
    static Path dir;

    private static VideoFeatures reference;
    private static final VideoIngest INGEST = new VideoIngest(IngestConfig.DEFAULT);

    @BeforeAll
    static void writeReference() throws Exception {
        Path file = dir.resolve("reference.mp4");
        VideoFormats.write(file, Format.MP4_MPEG4, SEED, SECONDS, 160, 120, 25);
        reference = INGEST.ingest(file);
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void decodesToTheSamePictures(Format format) throws Exception {
        Path file = dir.resolve(format.name().toLowerCase() + "." + format.extension);
        VideoFormats.write(file, format, SEED, SECONDS, 160, 120, 25);
        VideoFeatures features = INGEST.ingest(file);
        assertEquals(SECONDS, features.durationSeconds(), 0.05, format.name());
        assertEquals(reference.frameCount(), features.frameCount(), format.name());
        for (int i = 0; i < features.frameCount(); i++) {
            double similarity = 0;
            for (int d = 0; d < features.dimension(); d++) {
                similarity += features.vectors()[i][d] * reference.vectors()[i][d];
            }
            assertTrue(similarity > 0.9, format + " frame at " + features.timestamps()[i] + " s: " + similarity);
        }
    }
}
