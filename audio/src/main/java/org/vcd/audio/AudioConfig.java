package org.vcd.audio;

/**
 * Everything the audio fingerprint and its matching can be told, in one place (the reasons for each default are in
 * docs/AUDIO.md).
 *
 * @param sampleRate         mono samples per second the fingerprint reads; ingest decodes to this rate
 * @param window             samples per spectrum (a power of two); with {@code sampleRate} sets the frequency step
 * @param hop                samples between spectra: the fingerprint's time step
 * @param minBin             lowest frequency bin a peak may sit in (below it: hum and rumble)
 * @param floorDb            a peak must be at least this loud (dB against a full-scale sine): silence and
 *                           near-silence give no peaks, so they match nothing
 * @param prominenceDb       a peak must stand this far above its spectrum's median (peaks of a noise floor do not)
 *                           and have risen this far over the {@code peakFrames} spectra before (a steady tone does not)
 * @param peakBins           a peak is the largest value within this many bins above and below it...
 * @param peakFrames         ...and this many spectra before and after it
 * @param fanOut             landmarks per anchor peak: it is paired with this many of the peaks that follow it
 * @param maxDeltaFrames     largest time difference of a pair, in spectra (at most 63: six bits of the hash)
 * @param maxDeltaBins       largest frequency difference of a pair, in bins (at most 63: seven bits with its sign)
 * @param minSpeed           slowest playback of the reference a query may be (reference seconds per query second)
 * @param maxSpeed           fastest
 * @param speedStep          ratio between neighbouring speeds tried; a speed between two is found at the nearer
 * @param offsetBinMillis    width of an offset-voting bin
 * @param maxGapMillis       a copy whose matched landmarks pause longer than this is reported as two segments
 * @param edgeGapMillis      a matched landmark at a segment's end farther than this from the next is a coincidence
 * @param minVotes           query anchor times (spectra with a landmark) that found the reference, a segment needs
 * @param minScore           share of the query's anchor times within a segment that must have found it
 * @param minMillis          shortest segment reported, on the query's side
 * @param candidates         references of a library whose landmarks a query is matched against, those its looked-up
 *                           hashes voted for most ({@link AudioCandidates})
 */
public record AudioConfig(int sampleRate, int window, int hop, int minBin, double floorDb, double prominenceDb,
        int peakBins, int peakFrames, int fanOut, int maxDeltaFrames, int maxDeltaBins, double minSpeed,
        double maxSpeed, double speedStep, int offsetBinMillis, int maxGapMillis, int edgeGapMillis, int minVotes,
        double minScore, int minMillis, int candidates) {

    public static final AudioConfig DEFAULT = new AudioConfig(8000, 512, 256, 4, -60, 10, 10, 3, 5, 63, 63,
            0.5, 2.0, 1.01, 100, 4000, 1000, 16, 0.25, 1000, 20);

    public AudioConfig {
        if (sampleRate <= 0 || window < 16 || Integer.bitCount(window) != 1 || hop <= 0 || hop > window) {
            throw new IllegalArgumentException("sample rate, window (a power of two) and hop must fit: "
                    + sampleRate + ", " + window + ", " + hop);
        }
        if (window / 2 > 1 << Landmark.BIN_BITS || minBin < 1 || minBin >= window / 2) {
            throw new IllegalArgumentException("bins must fit the hash: window " + window + ", min bin " + minBin);
        }
        if (peakBins < 1 || peakFrames < 1 || fanOut < 1 || maxDeltaFrames < 1 || maxDeltaFrames > Landmark.MAX_DT
                || maxDeltaBins < 1 || maxDeltaBins > Landmark.MAX_DF) {
            throw new IllegalArgumentException("peak neighbourhood and pairing must be positive and fit the hash");
        }
        if (!(minSpeed > 0 && minSpeed <= 1 && maxSpeed >= 1 && speedStep > 1)) {
            throw new IllegalArgumentException(
                    "speeds must span 1: " + minSpeed + ".." + maxSpeed + " by " + speedStep);
        }
        if (offsetBinMillis <= 0 || maxGapMillis <= 0 || edgeGapMillis <= 0 || minVotes < 1 || minMillis < 0
                || !(minScore >= 0 && minScore <= 1) || candidates < 1) {
            throw new IllegalArgumentException("matching limits must be positive");
        }
    }

    /** Milliseconds from the start of the samples to the centre of spectrum {@code frame}. */
    int frameMillis(int frame) {
        return (int) Math.round((frame * (double) hop + window / 2.0) * 1000 / sampleRate);
    }

    /** Milliseconds one spectrum steps. */
    double hopMillis() {
        return hop * 1000.0 / sampleRate;
    }
}
