package org.vcd.testdata;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * What a query's upload did to the sound (benchmarks made with sound): what became of the copies' own sound
 * ({@link Fate}), then what was done to the whole track, as an upload is processed as a whole.
 *
 * @param fate          what the copies carry
 * @param volume        gain on the whole track (1: unchanged); the encoder clips at full scale
 * @param noise         amplitude of seeded white noise added (0: none)
 * @param musicDb       level of other seeded music mixed in, dB against the generated music's full level (NaN: none)
 * @param bitrate       AAC bits a second the query is encoded at
 * @param seed          seeds the noise and the music
 */
public record SoundRecipe(Fate fate, double volume, double noise, double musicDb, int bitrate, long seed) {

    /** Samples a second of the sound the generator decodes, mixes and encodes: ingest listens at 8 kHz. */
    public static final int RATE = 16_000;
    /** The bitrate of an upload that keeps its sound's quality. */
    static final int PLAIN_BITRATE = 64_000;

    /** What became of a copy's own sound; drawn 60 / 20 / 20 (keeping is the common upload). */
    public enum Fate {
        KEPT, MUTED, REPLACED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A copy's {@code audio} when its reference has no sound: it carries none of the reference's sound. */
    public static final String NONE = "none";

    /**
     * Draws a recipe: the fate (kept 0.6, muted 0.2, replaced 0.2), then independently a volume change (chance 1/2:
     * x0.2-0.6 or x1.2-1.8), white noise (1/3: amplitude 0.02-0.08), other music mixed in (1/3: -15 to -6 dB) and a
     * low bitrate (1/2: 16 or 24 kb/s instead of 64), the changes the fingerprint is meant to survive.
     */
    static SoundRecipe draw(SplittableRandom r) {
        double f = r.nextDouble();
        Fate fate = f < 0.6 ? Fate.KEPT : f < 0.8 ? Fate.MUTED : Fate.REPLACED;
        double volume = r.nextBoolean() ? 1 : r.nextBoolean() ? r.nextDouble(0.2, 0.6) : r.nextDouble(1.2, 1.8);
        double noise = r.nextInt(3) == 0 ? r.nextDouble(0.02, 0.08) : 0;
        double musicDb = r.nextInt(3) == 0 ? r.nextDouble(-15, -6) : Double.NaN;
        int bitrate = r.nextBoolean() ? PLAIN_BITRATE : r.nextBoolean() ? 16_000 : 24_000;
        return new SoundRecipe(fate, round(volume), round(noise), round(musicDb), bitrate, r.nextLong());
    }

    /** Three decimals, so the recorded steps are exactly what was done. */
    private static double round(double value) {
        return Double.isNaN(value) ? value : Math.round(value * 1000) / 1000.0;
    }

    /** The steps done to the whole track, in order, as recorded in the ground truth. */
    public List<String> trackSteps() {
        List<String> steps = new ArrayList<>();
        if (volume != 1) {
            steps.add("volume=" + volume);
        }
        if (noise > 0) {
            steps.add("noise=white:amplitude=" + noise);
        }
        if (!Double.isNaN(musicDb)) {
            steps.add("mix=other_music:level=" + musicDb + "dB");
        }
        steps.add("aac=" + bitrate / 1000 + "k");
        return steps;
    }

    /** Applies the whole-track steps but the encoding to {@code track} in place. */
    void applyToTrack(float[] track) {
        double seconds = track.length / (double) RATE;
        float[] noiseSamples = noise > 0 ? SyntheticSound.noise(seed, seconds, RATE, noise) : null;
        float[] music = Double.isNaN(musicDb) ? null : SyntheticSound.music(seed, seconds, RATE);
        double musicGain = Double.isNaN(musicDb) ? 0 : Math.pow(10, musicDb / 20);
        for (int i = 0; i < track.length; i++) {
            double v = track[i] * volume;
            if (noiseSamples != null) {
                v += noiseSamples[i];
            }
            if (music != null) {
                v += musicGain * music[i];
            }
            track[i] = (float) Math.max(-1, Math.min(1, v));
        }
    }
}
