package org.vcd.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcd.domain.Segment;
import org.vcd.ingest.IngestConfig;
import org.vcd.ingest.QueryViews;
import org.vcd.ingest.VideoIngest;
import org.vcd.testdata.AudioFilters;
import org.vcd.testdata.SyntheticSound;
import org.vcd.testdata.VideoFormats;

/**
 * A 15 s excerpt (5-20 s) of 30 s of generated music, changed as copies change sound, is found at its place on both
 * sides; silence and unrelated music are not. The numbers each case gives are in docs/AUDIO.md.
 */
class AudioMatcherTest {

    private static final AudioConfig CONFIG = AudioConfig.DEFAULT;
    private static final int RATE = CONFIG.sampleRate();
    private static final float[] REFERENCE = SyntheticSound.music(1, 30, RATE);
    private static final List<Landmark> REFERENCE_LANDMARKS = Fingerprint.landmarks(REFERENCE, CONFIG);
    private static final float[] EXCERPT = cut(REFERENCE, 5, 20);

    @TempDir
    Path dir;

    @Test
    void anExcerptIsFoundWhereItIs() {
        assertFound(EXCERPT, 1.0);
    }

    @Test
    void volumeNoiseAndBackgroundMusic() {
        assertFound(gain(EXCERPT, 0.1), 1.0);
        // White noise 3.5 dB below the music (RMS 0.058 against 0.086).
        assertFound(mix(EXCERPT, SyntheticSound.noise(7, 15, RATE, 1), 0.1), 1.0);
        // Other music mixed in at half the level.
        assertFound(mix(EXCERPT, SyntheticSound.music(2, 15, RATE), 0.5), 1.0);
    }

    @Test
    void reencodedAtALowBitrate() throws Exception {
        // Recorded at 22.05 kHz into AAC at 16 kb/s beside pictures, decoded and resampled by ingest.
        Path video = dir.resolve("copy.mp4");
        float[] source = SyntheticSound.music(1, 30, 22050);
        VideoFormats.writeWithSound(video, 1, 15, 32, 32, 5, Arrays.copyOfRange(source, 5 * 22050, 20 * 22050),
                22050, 16_000);
        float[] decoded = new VideoIngest(IngestConfig.DEFAULT).ingestWithAudio(video, QueryViews.DECODED, RATE)
                .audio().samples();
        assertFound(decoded, 1.0);
    }

    @Test
    void speedChangesThatKeepThePitch() throws Exception {
        for (double speed : new double[] {0.5, 1.25, 2.0}) {
            assertFound(AudioFilters.apply(EXCERPT, RATE, "atempo=" + speed), speed);
        }
    }

    @Test
    void aSmallSpeedChangeThatShiftsThePitch() throws Exception {
        // Plain resampling, 1% faster: every frequency 1% higher, which moves the peaks of higher notes by a bin.
        assertFound(AudioFilters.apply(EXCERPT, RATE, "asetrate=" + RATE * 101 / 100 + ",aresample=" + RATE), 1.01);
    }

    @Test
    void twoCopiesInOneQuery() {
        float[] query = concat(cut(REFERENCE, 20, 28), SyntheticSound.music(3, 5, RATE), cut(REFERENCE, 2, 10));
        List<AudioMatch> matches = AudioMatcher.match(Fingerprint.landmarks(query, CONFIG), REFERENCE_LANDMARKS,
                CONFIG);
        assertEquals(2, matches.size(), matches.toString());
        assertPlace(matches.get(0).segment(), 0, 8, 20);
        assertPlace(matches.get(1).segment(), 13, 21, 2);
    }

    @Test
    void silenceAndUnrelatedMusicMatchNothing() {
        assertEquals(List.of(), match(new float[15 * RATE]));
        assertEquals(List.of(), AudioMatcher.match(REFERENCE_LANDMARKS,
                Fingerprint.landmarks(new float[30 * RATE], CONFIG), CONFIG), "silence as the reference");
        for (long seed = 10; seed < 20; seed++) {
            assertEquals(List.of(), match(SyntheticSound.music(seed, 15, RATE)), "seed " + seed);
        }
    }

    private static List<AudioMatch> match(float[] query) {
        return AudioMatcher.match(Fingerprint.landmarks(query, CONFIG), REFERENCE_LANDMARKS, CONFIG);
    }

    /** One match: the excerpt at {@code speed}, reference 5-20 s, query 0 to 15 s / speed, within a second. */
    private static void assertFound(float[] query, double speed) {
        List<AudioMatch> matches = match(query);
        assertEquals(1, matches.size(), matches.toString());
        AudioMatch match = matches.get(0);
        assertEquals(speed, match.speed(), 0.02 * speed, match.toString());
        assertPlace(match.segment(), 0, 15 / speed, 5);
        assertEquals(20, match.segment().referenceEnd(), 1.0, match.toString());
    }

    private static void assertPlace(Segment segment, double queryStart, double queryEnd, double referenceStart) {
        assertEquals(queryStart, segment.queryStart(), 1.0, segment.toString());
        assertEquals(queryEnd, segment.queryEnd(), 1.0, segment.toString());
        assertEquals(referenceStart, segment.referenceStart(), 1.0, segment.toString());
    }

    private static float[] cut(float[] samples, double from, double to) {
        return Arrays.copyOfRange(samples, (int) (from * RATE), (int) (to * RATE));
    }

    private static float[] gain(float[] samples, double gain) {
        float[] out = samples.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] *= (float) gain;
        }
        return out;
    }

    private static float[] mix(float[] samples, float[] other, double otherGain) {
        float[] out = samples.clone();
        for (int i = 0; i < Math.min(out.length, other.length); i++) {
            out[i] += (float) (otherGain * other[i]);
        }
        return out;
    }

    private static float[] concat(float[]... parts) {
        float[] out = new float[Arrays.stream(parts).mapToInt(p -> p.length).sum()];
        int at = 0;
        for (float[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }
}
