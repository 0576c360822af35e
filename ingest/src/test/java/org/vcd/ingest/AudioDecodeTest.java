package org.vcd.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcd.domain.VideoFeatures;
import org.vcd.testdata.SyntheticSound;
import org.vcd.testdata.SyntheticVideo;
import org.vcd.testdata.VideoFormats;

/** Sound decoded in the pictures' pass: resampled to mono at the asked rate, on the pictures' clock, same refusals. */
class AudioDecodeTest {

    private static final int RATE = 8000;

    @TempDir
    static Path dir;

    /** 4 s of pictures; sound: 1 s of silence, then a 440 Hz tone, recorded at 44.1 kHz. */
    private static Path withSound;

    @BeforeAll
    static void write() throws Exception {
        float[] sound = new float[4 * 44100];
        float[] tone = SyntheticSound.chirp(440, 440, 3, 44100, 0.5);
        System.arraycopy(tone, 0, sound, 44100, tone.length);
        withSound = dir.resolve("with-sound.mkv");
        VideoFormats.writeWithSound(withSound, 5, 4, 96, 64, 25, sound, 44100, 64_000);
    }

    @Test
    void soundIsResampledToMonoOnThePicturesClock() throws Exception {
        AudioTrack audio = new VideoIngest(IngestConfig.DEFAULT)
                .ingestWithAudio(withSound, QueryViews.DECODED, RATE).audio();
        assertEquals(RATE, audio.sampleRate());
        assertEquals(4.0, audio.durationSeconds(), 0.1);
        float[] samples = audio.samples();
        // The tone starts at 1 s (AAC's priming is trimmed by the pictures' clock), within a codec frame.
        int onset = 0;
        while (Math.abs(samples[onset]) < 0.1) {
            onset++;
        }
        assertEquals(1.0, onset / (double) RATE, 0.03, "onset");
        assertTrue(rms(samples, 0, (int) (0.9 * RATE)) < 0.01, "silence stays silent");
        assertEquals(0.5 / Math.sqrt(2), rms(samples, 2 * RATE, 3 * RATE), 0.03, "the tone's level");
        // 440 Hz: 880 zero crossings a second.
        int crossings = 0;
        for (int i = 2 * RATE + 1; i < 3 * RATE; i++) {
            if (samples[i - 1] < 0 != samples[i] < 0) {
                crossings++;
            }
        }
        assertEquals(880, crossings, 4);
    }

    @Test
    void picturesAreTheSameWithOrWithoutSound() throws Exception {
        VideoIngest ingest = new VideoIngest(IngestConfig.DEFAULT);
        VideoFeatures pictures = ingest.ingest(withSound);
        VideoFeatures alongside = ingest.ingestWithAudio(withSound, QueryViews.DECODED, RATE).pictures().decoded();
        assertEquals(pictures.durationSeconds(), alongside.durationSeconds());
        assertArrayEquals(pictures.timestamps(), alongside.timestamps());
        for (int i = 0; i < pictures.frameCount(); i++) {
            assertArrayEquals(pictures.vectors()[i], alongside.vectors()[i]);
        }
    }

    @Test
    void aVideoWithoutSoundHasNoSamples() throws Exception {
        Path silent = dir.resolve("no-sound.mp4");
        SyntheticVideo.write(silent, 6, 3, 96, 64, 25);
        VideoIngest.WithAudio result = new VideoIngest(IngestConfig.DEFAULT)
                .ingestWithAudio(silent, QueryViews.DECODED, RATE);
        assertEquals(0, result.audio().samples().length);
        assertEquals(3, result.pictures().decoded().frameCount());
    }

    @Test
    void refusalsAreTheSame() throws Exception {
        byte[] bytes = Files.readAllBytes(withSound);
        Path cut = Files.write(dir.resolve("cut.mkv"), Arrays.copyOf(bytes, bytes.length / 3));
        assertEquals(IngestException.Reason.TRUNCATED, assertThrows(IngestException.class, () ->
                new VideoIngest(IngestConfig.DEFAULT).ingestWithAudio(cut, QueryViews.DECODED, RATE)).reason());
        assertEquals(IngestException.Reason.TOO_LONG, assertThrows(IngestException.class, () ->
                new VideoIngest(IngestConfig.DEFAULT.withMaxDurationSeconds(2))
                        .ingestWithAudio(withSound, QueryViews.DECODED, RATE)).reason());
    }

    private static double rms(float[] samples, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += samples[i] * samples[i];
        }
        return Math.sqrt(sum / (to - from));
    }
}
