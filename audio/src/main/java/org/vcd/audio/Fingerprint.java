package org.vcd.audio;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The landmark fingerprint of a sound (Wang 2003, the Shazam scheme): the peaks of its spectrogram, each paired with
 * the next few peaks near it in frequency, each pair hashed with its time difference ({@link Landmark}). Peaks are
 * what survives a lossy codec, a volume change and moderate noise or music mixed in underneath; a pair's hash
 * depends only on frequencies and a time difference, so a copy's landmarks equal the reference's at any offset.
 */
public final class Fingerprint {

    private Fingerprint() {
    }

    /** A spectral peak: spectrum index and frequency bin. */
    record Peak(int frame, int bin) {
    }

    /**
     * The landmarks of {@code samples} (mono, at {@code config.sampleRate()}, full scale +-1), in time order. Silence
     * and near-silence (below {@link AudioConfig#floorDb()}) give none.
     */
    public static List<Landmark> landmarks(float[] samples, AudioConfig config) {
        List<Peak> peaks = peaks(Spectrogram.levels(samples, config), config);
        List<Landmark> landmarks = new ArrayList<>(peaks.size() * config.fanOut());
        for (int i = 0; i < peaks.size(); i++) {
            Peak anchor = peaks.get(i);
            int paired = 0;
            // Peaks are in time order, so the first ones after the anchor stay the first under any speed change.
            for (int j = i + 1; j < peaks.size() && paired < config.fanOut(); j++) {
                Peak target = peaks.get(j);
                int deltaFrames = target.frame() - anchor.frame();
                if (deltaFrames > config.maxDeltaFrames()) {
                    break;
                }
                int deltaBins = target.bin() - anchor.bin();
                if (Math.abs(deltaBins) <= config.maxDeltaBins()) {
                    landmarks.add(new Landmark(Landmark.hash(anchor.bin(), deltaBins, deltaFrames),
                            config.frameMillis(anchor.frame())));
                    paired++;
                }
            }
        }
        return landmarks;
    }

    /**
     * The spectrogram's peaks in time order (then by frequency): values loud enough, prominent over their spectrum's
     * median and the largest in their neighbourhood; of equal neighbours the earliest wins, so a steady tone gives
     * one peak at its start, not one per spectrum.
     */
    static List<Peak> peaks(float[][] levels, AudioConfig config) {
        List<Peak> peaks = new ArrayList<>();
        int bins = levels.length == 0 ? 0 : levels[0].length;
        float[] sorted = new float[Math.max(0, bins - config.minBin())];
        for (int f = 0; f < levels.length; f++) {
            float[] spectrum = levels[f];
            System.arraycopy(spectrum, config.minBin(), sorted, 0, sorted.length);
            Arrays.sort(sorted);
            double threshold = Math.max(config.floorDb(), sorted[sorted.length / 2] + config.prominenceDb());
            for (int b = config.minBin(); b < bins; b++) {
                if (spectrum[b] >= threshold && rises(levels, f, b, config) && isLocalMaximum(levels, f, b, config)) {
                    peaks.add(new Peak(f, b));
                }
            }
        }
        return peaks;
    }

    /**
     * Whether the bin rose by {@code prominenceDb} over the last {@code peakFrames} spectra: a steady tone (a hum, a
     * held note) carries no time, and its level wavers enough to make a peak every few spectra that would match
     * the same tone at any offset.
     */
    private static boolean rises(float[][] levels, int frame, int bin, AudioConfig config) {
        float before = Float.POSITIVE_INFINITY;
        for (int f = Math.max(0, frame - config.peakFrames()); f < frame; f++) {
            before = Math.min(before, levels[f][bin]);
        }
        return frame == 0 || levels[frame][bin] - before >= config.prominenceDb();
    }

    private static boolean isLocalMaximum(float[][] levels, int frame, int bin, AudioConfig config) {
        float value = levels[frame][bin];
        int bins = levels[frame].length;
        for (int f = Math.max(0, frame - config.peakFrames()); f <= Math.min(levels.length - 1,
                frame + config.peakFrames()); f++) {
            for (int b = Math.max(config.minBin(), bin - config.peakBins()); b <= Math.min(bins - 1,
                    bin + config.peakBins()); b++) {
                float other = levels[f][b];
                boolean earlier = f < frame || f == frame && b < bin;
                if (other > value || earlier && other == value) {
                    return false;
                }
            }
        }
        return true;
    }
}
