package org.vcd.ingest;

/**
 * A video's sound, decoded in the same pass as its pictures: mono (channels averaged), resampled to one rate, full
 * scale +-1. Sample 0 is at the video's time 0 (its first keyframe, where the frames' times count from), so sound and
 * pictures share one clock; sound before it is dropped, a late start and gaps in the stream are silence.
 *
 * @param samples empty when the video has no sound track
 */
public record AudioTrack(int sampleRate, float[] samples) {

    public AudioTrack {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive: " + sampleRate);
        }
    }

    public double durationSeconds() {
        return samples.length / (double) sampleRate;
    }
}
