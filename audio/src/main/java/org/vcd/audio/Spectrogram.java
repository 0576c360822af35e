package org.vcd.audio;

/**
 * Short-time spectra of mono samples: Hann-windowed, {@code window} samples every {@code hop}, as levels in dB
 * against a full-scale sine (a sine of amplitude 1 centred on a bin reads about 0 dB there), so the silence floor
 * is an absolute level whatever the window.
 */
final class Spectrogram {

    /** Level given to an all-zero bin instead of minus infinity. */
    private static final double FLOOR_DB = -200;

    private Spectrogram() {
    }

    /** The spectra of {@code samples}: {@code [frame][bin]}, bins 0 to window / 2 - 1 (Nyquist dropped). */
    static float[][] levels(float[] samples, AudioConfig config) {
        int n = config.window();
        int frames = samples.length < n ? 0 : (samples.length - n) / config.hop() + 1;
        double[] hann = new double[n];
        double gain = 0;
        for (int i = 0; i < n; i++) {
            hann[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / n);
            gain += hann[i];
        }
        // A sine of amplitude A gives a bin magnitude of A * sum(window) / 2.
        double scale = 2 / gain;
        Fft fft = new Fft(n);
        double[] re = new double[n];
        double[] im = new double[n];
        float[][] levels = new float[frames][n / 2];
        for (int f = 0; f < frames; f++) {
            int start = f * config.hop();
            for (int i = 0; i < n; i++) {
                re[i] = samples[start + i] * hann[i];
                im[i] = 0;
            }
            fft.transform(re, im);
            for (int b = 0; b < n / 2; b++) {
                // 10 log10 of the power: Math.hypot's care for overflow costs a third of the fingerprint's time.
                double power = (re[b] * re[b] + im[b] * im[b]) * scale * scale;
                levels[f][b] = (float) (power > 0 ? 10 * Math.log10(power) : FLOOR_DB);
            }
        }
        return levels;
    }

    /** An in-place radix-2 complex FFT of one size, its tables made once. */
    static final class Fft {

        private final int n;
        private final int[] reversed;
        private final double[] cos;
        private final double[] sin;

        Fft(int n) {
            this.n = n;
            int bits = Integer.numberOfTrailingZeros(n);
            reversed = new int[n];
            for (int i = 0; i < n; i++) {
                reversed[i] = Integer.reverse(i) >>> (32 - bits);
            }
            cos = new double[n / 2];
            sin = new double[n / 2];
            for (int i = 0; i < n / 2; i++) {
                cos[i] = Math.cos(-2 * Math.PI * i / n);
                sin[i] = Math.sin(-2 * Math.PI * i / n);
            }
        }

        void transform(double[] re, double[] im) {
            for (int i = 0; i < n; i++) {
                int j = reversed[i];
                if (j > i) {
                    double t = re[i];
                    re[i] = re[j];
                    re[j] = t;
                    t = im[i];
                    im[i] = im[j];
                    im[j] = t;
                }
            }
            for (int size = 2; size <= n; size <<= 1) {
                int half = size / 2;
                int step = n / size;
                for (int start = 0; start < n; start += size) {
                    for (int k = 0; k < half; k++) {
                        double wr = cos[k * step];
                        double wi = sin[k * step];
                        int a = start + k;
                        int b = a + half;
                        double tr = re[b] * wr - im[b] * wi;
                        double ti = re[b] * wi + im[b] * wr;
                        re[b] = re[a] - tr;
                        im[b] = im[a] - ti;
                        re[a] += tr;
                        im[a] += ti;
                    }
                }
            }
        }
    }
}
