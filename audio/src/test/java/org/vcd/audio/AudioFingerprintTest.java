package org.vcd.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vcd.testdata.SyntheticSound;

/** What gives landmarks and what does not, and that they move with the sound. */
class AudioFingerprintTest {

    private static final AudioConfig CONFIG = AudioConfig.DEFAULT;
    private static final int RATE = CONFIG.sampleRate();

    @Test
    void silenceNearSilenceAndSteadyTonesGiveNoLandmarks() {
        assertEquals(List.of(), Fingerprint.landmarks(new float[10 * RATE], CONFIG));
        // -60 dB of hiss: the floor of a quiet recording.
        assertEquals(List.of(), Fingerprint.landmarks(SyntheticSound.noise(1, 10, RATE, 1e-3), CONFIG));
        // A hum carries no time: it would match any other hum at any offset.
        assertEquals(List.of(), Fingerprint.landmarks(SyntheticSound.chirp(440, 440, 10, RATE, 0.5), CONFIG));
        assertEquals(List.of(), Fingerprint.landmarks(new float[CONFIG.window() - 1], CONFIG),
                "shorter than a spectrum");
    }

    @Test
    void musicGivesLandmarksInTimeOrder() {
        float[] music = SyntheticSound.music(1, 20, RATE);
        List<Landmark> landmarks = Fingerprint.landmarks(music, CONFIG);
        double perSecond = landmarks.size() / 20.0;
        assertTrue(perSecond > 20 && perSecond < 150, "landmarks a second: " + perSecond);
        for (int i = 1; i < landmarks.size(); i++) {
            assertTrue(landmarks.get(i).timeMs() >= landmarks.get(i - 1).timeMs());
        }
        assertTrue(landmarks.get(landmarks.size() - 1).timeMs() <= 20_000);
    }

    @Test
    void landmarksMoveWithTheSound() {
        float[] music = SyntheticSound.music(2, 10, RATE);
        // 32 hops of silence first: the same spectra, 32 spectra later.
        int lead = 32 * CONFIG.hop();
        float[] later = new float[lead + music.length];
        System.arraycopy(music, 0, later, lead, music.length);
        int leadMs = lead * 1000 / RATE;
        Set<Landmark> shifted = new HashSet<>(Fingerprint.landmarks(later, CONFIG));
        List<Landmark> original = Fingerprint.landmarks(music, CONFIG);
        long kept = original.stream()
                .filter(l -> shifted.contains(new Landmark(l.hash(), l.timeMs() + leadMs))).count();
        assertTrue(kept >= 0.95 * original.size(), kept + " of " + original.size());
    }

    @Test
    void beepsOfChangingPitchGiveLandmarks() {
        float[] beeps = new float[10 * RATE];
        for (int k = 0; k < 20; k++) {
            float[] beep = SyntheticSound.chirp(300 + 97 * (k % 7), 600 + 131 * (k % 5), 0.2, RATE, 0.4);
            System.arraycopy(beep, 0, beeps, k * RATE / 2, beep.length);
        }
        List<Landmark> landmarks = Fingerprint.landmarks(beeps, CONFIG);
        assertTrue(landmarks.size() >= 20 * CONFIG.fanOut() / 2, "landmarks: " + landmarks.size());
        List<AudioMatch> self = AudioMatcher.match(landmarks, landmarks, CONFIG);
        assertEquals(1, self.size(), self.toString());
        assertEquals(1.0, self.get(0).speed());
    }

    @Test
    void hashKeepsItsTimeDifferenceReadable() {
        int hash = Landmark.hash(200, -63, 17);
        assertEquals(17, Landmark.deltaFrames(hash));
        int other = Landmark.withDeltaFrames(hash, 63);
        assertEquals(63, Landmark.deltaFrames(other));
        assertEquals(Landmark.hash(200, -63, 63), other);
        assertTrue(Landmark.hash(255, 63, 63) < 1 << 21, "21 bits");
    }
}
