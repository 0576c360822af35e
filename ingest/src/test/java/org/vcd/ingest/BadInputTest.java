package org.vcd.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcd.domain.VideoFeatures;
import org.vcd.testdata.SyntheticVideo;
import org.vcd.testdata.VideoFormats;
import org.vcd.testdata.VideoFormats.Format;

/** Generated bad input: each case gets its typed reason and a one-line message, and a batch goes on past it. */
class BadInputTest {

    @TempDir
    static Path dir;

    /** A good 6 s video most cases start from. */
    private static Path good;

    @BeforeAll
    static void writeGoodVideo() throws Exception {
        good = dir.resolve("good.mkv");
        SyntheticVideo.write(good, 3, 6, 160, 120, 25);
    }

    private static IngestException refusal(IngestConfig config, Path file) {
        IngestException e = assertThrows(IngestException.class, () -> new VideoIngest(config).ingest(file));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        return e;
    }

    private static IngestException.Reason reason(Path file) {
        return refusal(IngestConfig.DEFAULT, file).reason();
    }

    @Test
    void audioOnly() throws Exception {
        Path audio = dir.resolve("tone.m4a");
        VideoFormats.writeAudioOnly(audio, 2);
        assertEquals(IngestException.Reason.AUDIO_ONLY, reason(audio));
    }

    @Test
    void truncatedMatroska() throws Exception {
        byte[] bytes = Files.readAllBytes(good);
        Path cut = Files.write(dir.resolve("cut.mkv"), Arrays.copyOf(bytes, bytes.length / 3));
        assertEquals(IngestException.Reason.TRUNCATED, reason(cut));
    }

    @Test
    void mp4WithoutItsIndex() throws Exception {
        Path mp4 = dir.resolve("whole.mp4");
        VideoFormats.write(mp4, Format.MP4_H264, 4, 3, 160, 120, 25);
        byte[] bytes = Files.readAllBytes(mp4);
        Path cut = Files.write(dir.resolve("cut.mp4"), Arrays.copyOf(bytes, bytes.length / 2));
        assertEquals(IngestException.Reason.NOT_A_VIDEO, reason(cut));
    }

    @Test
    void randomBytes() throws Exception {
        byte[] noise = new byte[100_000];
        new java.util.Random(1).nextBytes(noise);
        assertEquals(IngestException.Reason.NOT_A_VIDEO, reason(Files.write(dir.resolve("noise.webm"), noise)));
    }

    @Test
    void tinyAndAbsurdlyShapedFrames() throws Exception {
        Path tiny = dir.resolve("tiny.avi");
        VideoFormats.write(tiny, Format.AVI_MJPEG, 8, 8, 25, new long[] {0, 40_000, 80_000}, 0, (n, bgr) -> { });
        assertEquals(IngestException.Reason.BAD_DIMENSIONS, reason(tiny));
        Path sliver = dir.resolve("sliver.avi");
        VideoFormats.write(sliver, Format.AVI_MJPEG, 16, 512, 25, new long[] {0, 40_000, 80_000}, 0, (n, bgr) -> { });
        assertEquals(IngestException.Reason.BAD_DIMENSIONS, reason(sliver));
    }

    @Test
    void limits() {
        assertEquals(IngestException.Reason.RESOLUTION_TOO_HIGH,
                refusal(IngestConfig.DEFAULT.withMaxSide(100), good).reason());
        assertEquals(IngestException.Reason.TOO_LONG,
                refusal(IngestConfig.DEFAULT.withMaxDurationSeconds(2), good).reason());
        assertEquals(IngestException.Reason.TOO_LARGE,
                refusal(IngestConfig.DEFAULT.withMaxFileBytes(1000), good).reason());
        assertEquals(IngestException.Reason.TIMEOUT,
                refusal(IngestConfig.DEFAULT.withDecodeTimeoutSeconds(0.001), good).reason());
    }

    @Test
    void aBatchReportsEachRefusalAndGoesOnWithTheRest() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.mp4"));
        Path text = Files.writeString(dir.resolve("text.mkv"), "not a video\n".repeat(100));
        Path second = dir.resolve("second.webm");
        VideoFormats.write(second, Format.WEBM_VP8, 8, 4, 160, 120, 25);
        List<URI> sources = new ArrayList<>();
        for (Path file : List.of(empty, good, text, dir.resolve("missing.mp4"), second)) {
            sources.add(file.toUri());
        }
        Map<URI, VideoIngest.Outcome> outcomes = new HashMap<>();
        Map<String, Double> lastSeconds = new HashMap<>();
        List<String> progressErrors = new ArrayList<>();
        new VideoIngest(IngestConfig.DEFAULT).ingestAll(sources, 2, (source, frames, seconds) -> {
            synchronized (lastSeconds) {
                Double before = lastSeconds.put(source, seconds);
                if (before != null && seconds < before || frames <= 0) {
                    progressErrors.add(source + ": " + frames + " frames, " + seconds + " s after " + before);
                }
            }
        }, outcome -> assertNull(outcomes.put(outcome.source(), outcome)));

        assertEquals(5, outcomes.size());
        assertEquals(IngestException.Reason.EMPTY, outcomes.get(empty.toUri()).error().reason());
        assertEquals(IngestException.Reason.NOT_A_VIDEO, outcomes.get(text.toUri()).error().reason());
        assertEquals(IngestException.Reason.MISSING, outcomes.get(dir.resolve("missing.mp4").toUri()).error().reason());
        assertNotNull(outcomes.get(good.toUri()).features());
        assertEquals(6, outcomes.get(good.toUri()).features().frameCount());
        assertEquals(4, outcomes.get(second.toUri()).features().frameCount());
        assertEquals(List.of(), progressErrors);
        assertEquals(6.0, lastSeconds.get(good.toString()), 1e-6);
        assertEquals(4.0, lastSeconds.get(second.toString()), 1e-6);
    }

    @Test
    void parallelResultsEqualSequentialOnes() throws Exception {
        VideoIngest ingest = new VideoIngest(IngestConfig.DEFAULT);
        VideoFeatures alone = ingest.ingest(good);
        List<VideoFeatures> together = new ArrayList<>();
        ingest.ingestAll(List.of(good.toUri(), good.toUri(), good.toUri()), 3, IngestProgress.NONE,
                outcome -> together.add(outcome.features()));
        assertEquals(3, together.size());
        for (VideoFeatures features : together) {
            assertTrue(Arrays.equals(alone.timestamps(), features.timestamps()));
            assertTrue(Arrays.deepEquals(alone.vectors(), features.vectors()));
        }
    }
}
