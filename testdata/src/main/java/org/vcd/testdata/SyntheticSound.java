package org.vcd.testdata;

import java.util.SplittableRandom;

/**
 * Generated sound for tests, mono samples at any rate, full scale +-1: seeded "music" (notes with harmonics and
 * decaying envelopes, drum-like noise bursts), tones and chirps. The same seed gives the same samples on every run.
 */
public final class SyntheticSound {

    private SyntheticSound() {
    }

    /**
     * {@code seconds} of seeded music peaking near 0.5: a note starts every 0.1-0.4 s (equal-tempered, 130 Hz to 1 kHz,
     * four harmonics falling off as 1/h, 10 ms attack, decaying over 0.1-0.5 s, lasting 0.2-1 s, so notes overlap),
     * and a burst of noise decaying over 30 ms every 0.3-1 s.
     */
    public static float[] music(long seed, double seconds, int rate) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] sound = new double[(int) Math.round(seconds * rate)];
        for (double t = 0; t < seconds; t += random.nextDouble(0.1, 0.4)) {
            double hz = 130.81 * Math.pow(2, random.nextInt(36) / 12.0);
            double length = random.nextDouble(0.2, 1.0);
            double decay = random.nextDouble(0.1, 0.5);
            double loudness = random.nextDouble(0.3, 1.0);
            int start = (int) (t * rate);
            for (int i = start; i < Math.min(sound.length, start + length * rate); i++) {
                double age = (i - start) / (double) rate;
                double envelope = loudness * Math.min(1, age / 0.01) * Math.exp(-age / decay);
                for (int h = 1; h <= 4; h++) {
                    sound[i] += envelope / h * Math.sin(2 * Math.PI * hz * h * age);
                }
            }
        }
        for (double t = random.nextDouble(0.3, 1.0); t < seconds; t += random.nextDouble(0.3, 1.0)) {
            int start = (int) (t * rate);
            for (int i = start; i < Math.min(sound.length, start + 0.15 * rate); i++) {
                sound[i] += 0.8 * Math.exp(-(i - start) / (0.03 * rate)) * random.nextDouble(-1, 1);
            }
        }
        double peak = 1e-9;
        for (double v : sound) {
            peak = Math.max(peak, Math.abs(v));
        }
        float[] samples = new float[sound.length];
        for (int i = 0; i < sound.length; i++) {
            samples[i] = (float) (0.5 * sound[i] / peak);
        }
        return samples;
    }

    /** A sine sweeping from {@code fromHz} to {@code toHz} exponentially (a steady tone when they are equal). */
    public static float[] chirp(double fromHz, double toHz, double seconds, int rate, double amplitude) {
        float[] samples = new float[(int) Math.round(seconds * rate)];
        double growth = Math.log(toHz / fromHz) / seconds;
        double phase = 0;
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (float) (amplitude * Math.sin(phase));
            phase += 2 * Math.PI * fromHz * Math.exp(growth * i / rate) / rate;
        }
        return samples;
    }

    /** White noise, uniform in +-amplitude. */
    public static float[] noise(long seed, double seconds, int rate, double amplitude) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] samples = new float[(int) Math.round(seconds * rate)];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (float) random.nextDouble(-amplitude, amplitude);
        }
        return samples;
    }
}
