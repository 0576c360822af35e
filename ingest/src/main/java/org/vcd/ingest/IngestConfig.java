package org.vcd.ingest;

import java.time.Duration;

/**
 * Everything ingest can be told, in one place. The frame size is not here: the embedder names the input it
 * wants ({@link FrameEmbedder#inputSize()}) and the decoder's scaler produces it.
 *
 * @param sampleRate            frames per second kept on the uniform time grid (1 for matching, denser for
 *                              the keyframe selector)
 * @param maxDurationSeconds    longest video accepted, declared or decoded
 * @param maxSide               largest width or height accepted, in pixels
 * @param maxFileBytes          largest file (or download) accepted
 * @param decodeTimeoutSeconds  wall time allowed for one video, download included; a decoder still busy then
 *                              is abandoned and the video refused
 * @param queueFrames           sampled frames that may wait between the decoder and the embedder; bounds memory
 *                              and lets decoding run ahead of a slow (batched) embedder
 */
public record IngestConfig(double sampleRate, double maxDurationSeconds, int maxSide, long maxFileBytes,
        double decodeTimeoutSeconds, int queueFrames) {

    /** 1 fps, 4 hours, 8K (8192 px), 8 GiB, an hour of wall time per video, 32 queued frames. */
    public static final IngestConfig DEFAULT = new IngestConfig(1.0, 4 * 3600.0, 8192, 8L << 30, 3600, 32);

    public IngestConfig {
        if (!(sampleRate > 0 && sampleRate <= 60)) {
            throw new IllegalArgumentException("sample rate must be in (0, 60] fps: " + sampleRate);
        }
        if (!(maxDurationSeconds > 0) || maxSide <= 0 || maxFileBytes <= 0 || !(decodeTimeoutSeconds > 0)) {
            throw new IllegalArgumentException("limits must be positive");
        }
        if (queueFrames < 2) {
            throw new IllegalArgumentException("the queue must hold at least 2 frames: " + queueFrames);
        }
    }

    public double samplePeriod() {
        return 1.0 / sampleRate;
    }

    /** A download held to this config's limits: {@code maxFileBytes}, the decode timeout, redirects followed. */
    public HttpDownload.Limits downloadLimits() {
        return new HttpDownload.Limits(maxFileBytes, Duration.ofNanos((long) (decodeTimeoutSeconds * 1e9)),
                HttpDownload.Redirects.FOLLOW);
    }

    public IngestConfig withSampleRate(double rate) {
        return new IngestConfig(rate, maxDurationSeconds, maxSide, maxFileBytes, decodeTimeoutSeconds, queueFrames);
    }

    public IngestConfig withMaxDurationSeconds(double seconds) {
        return new IngestConfig(sampleRate, seconds, maxSide, maxFileBytes, decodeTimeoutSeconds, queueFrames);
    }

    public IngestConfig withMaxSide(int pixels) {
        return new IngestConfig(sampleRate, maxDurationSeconds, pixels, maxFileBytes, decodeTimeoutSeconds, queueFrames);
    }

    public IngestConfig withMaxFileBytes(long bytes) {
        return new IngestConfig(sampleRate, maxDurationSeconds, maxSide, bytes, decodeTimeoutSeconds, queueFrames);
    }

    public IngestConfig withDecodeTimeoutSeconds(double seconds) {
        return new IngestConfig(sampleRate, maxDurationSeconds, maxSide, maxFileBytes, seconds, queueFrames);
    }
}
