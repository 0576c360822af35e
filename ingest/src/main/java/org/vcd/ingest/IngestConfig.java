package org.vcd.ingest;

/**
 * Everything ingest can be told, in one place.
 *
 * @param sampleRate       frames per second kept on the uniform time grid
 * @param frameSize        side of the square picture FFmpeg's scaler hands to the embedder, in pixels
 * @param maxDurationSeconds longest video accepted
 * @param maxFileBytes     largest file accepted
 */
public record IngestConfig(double sampleRate, int frameSize, double maxDurationSeconds, long maxFileBytes) {

    public static final IngestConfig DEFAULT = new IngestConfig(1.0, 64, 4 * 3600.0, 8L << 30);

    public IngestConfig {
        if (!(sampleRate > 0 && sampleRate <= 60)) {
            throw new IllegalArgumentException("sample rate must be in (0, 60] fps: " + sampleRate);
        }
        if (frameSize < 16 || frameSize > 512 || frameSize % ClassicEmbedder.GREY_SIZE != 0) {
            throw new IllegalArgumentException(
                    "frame size must be a multiple of " + ClassicEmbedder.GREY_SIZE + " in [16, 512]: " + frameSize);
        }
        if (!(maxDurationSeconds > 0) || maxFileBytes <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    public double samplePeriod() {
        return 1.0 / sampleRate;
    }
}
