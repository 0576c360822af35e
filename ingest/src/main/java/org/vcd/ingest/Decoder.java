package org.vcd.ingest;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.vcd.domain.VideoFeatures;

/**
 * Decodes one video on its own thread and hands the frame shown at each grid point to the embedding side
 * through a bounded queue. Every frame is decoded from the start (no seeking: a seek may land on frames
 * that decode to garbage), scaled by FFmpeg's scaler straight to the embedder's square BGR input, and
 * copied (turned upright per the rotation metadata) into one of a fixed pool of buffers: nothing is
 * allocated per frame. Frames before the first keyframe are dropped, since they refer to pictures the
 * decoder never saw. The consumer gives each buffer back with {@link #recycle}.
 *
 * <p>Asked for sound (an audio rate above 0), the same pass also decodes the audio stream, which FFmpeg's resampler
 * turns into mono floats at that rate, and collects it for {@link #audio()}. Not asked, audio packets are skipped
 * undecoded, as before.
 */
final class Decoder {

    /** A decoded picture and the run of grid points it was shown at. */
    static final class Sample {
        final byte[] bgr;
        int firstGridPoint;
        int gridPoints;

        Sample(byte[] bgr) {
            this.bgr = bgr;
        }
    }

    /** Put last on the queue, after the result or failure is set. */
    static final Sample END = new Sample(new byte[0]);

    /** A decoded video may end this much before the duration its container declares (rounding, trailing audio). */
    private static final double TRUNCATION_SLACK_SECONDS = 1.0;
    private static final double TRUNCATION_SLACK_FRACTION = 0.2;
    /** Smaller frames carry no picture worth matching; a wider aspect than this is no real video. */
    static final int MIN_SIDE = 16;
    static final double MAX_ASPECT = 16;
    /** A jump in the audio stream's timestamps longer than this is filled with silence, keeping sound in sync. */
    private static final double AUDIO_GAP_SECONDS = 0.02;
    /** How often a thread blocked on the queue looks at the deadline and the cancel flag. */
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final Path file;
    private final String name;
    private final IngestConfig config;
    private final int size;
    private final long deadline;
    private final IngestProgress progress;
    /** Samples per second of the sound collected, 0 for none. */
    private final int audioRate;
    private final ArrayBlockingQueue<Sample> free;
    /** Room for every sample plus END, so handing over never blocks. */
    private final ArrayBlockingQueue<Sample> ready;
    private volatile boolean cancelled;
    // Written by the decoding thread before it queues END; read by the consumer after taking END.
    private IngestException failure;
    private double duration;
    private double declared;
    /** Timestamp of the first frame shown, in seconds on the container's clock. */
    private double originSeconds;
    /** Width over height of the picture as shown; set before the first sample is handed over. */
    private volatile double aspect = 1;
    /** The sound so far, from the audio stream's first timestamp ({@code audioStart}, microseconds). */
    private float[] audio = new float[0];
    private int audioLength;
    private long audioStart;

    /** @param audioRate samples per second to decode the sound at, or 0 to leave it undecoded */
    Decoder(Path file, String name, IngestConfig config, int size, long deadline, IngestProgress progress,
            int audioRate) {
        this.file = file;
        this.name = name;
        this.config = config;
        this.size = size;
        this.deadline = deadline;
        this.progress = progress;
        this.audioRate = audioRate;
        this.free = new ArrayBlockingQueue<>(config.queueFrames());
        this.ready = new ArrayBlockingQueue<>(config.queueFrames() + 1);
        for (int i = 0; i < config.queueFrames(); i++) {
            free.add(new Sample(new byte[size * size * 3]));
        }
    }

    void start() {
        Thread thread = new Thread(this::run, "vcd-decode");
        // A decoder stuck in native code past the deadline must not keep the JVM alive.
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * The next sampled frame, or {@link #END}. With {@code wait} false, null when none is ready yet; with
     * it true, waits until the deadline and then refuses the video: a decoder still busy is abandoned.
     */
    Sample next(boolean wait) throws IngestException {
        if (!wait) {
            return ready.poll();
        }
        try {
            Sample sample = ready.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (sample == null) {
                throw timeout();
            }
            return sample;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IngestException(IngestException.Reason.TIMEOUT, "interrupted while decoding " + name, e);
        }
    }

    /** Width over height of the picture as shown, once a sample was taken. */
    double aspect() {
        return aspect;
    }

    void recycle(Sample sample) {
        free.add(sample);
    }

    /** Tells the decoding thread to stop at its next frame and release FFmpeg; it owns the grabber. */
    void cancel() {
        cancelled = true;
    }

    /** The video's features once {@link #END} was taken, or the reason decoding refused it. */
    VideoFeatures finish(double[] times, float[][] vectors) throws IngestException {
        if (failure != null) {
            throw failure;
        }
        // Containers differ on whether the declared duration counts from zero or from the first timestamp.
        double end = Math.max(duration, originSeconds + duration);
        if (declared > 0 && end < declared * (1 - TRUNCATION_SLACK_FRACTION) - TRUNCATION_SLACK_SECONDS) {
            throw new IngestException(IngestException.Reason.TRUNCATED, String.format(
                    "truncated video: frames end at %.1f s of a declared %.1f s: %s", duration, declared, name));
        }
        return new VideoFeatures(duration, times, vectors);
    }

    /**
     * The sound on the pictures' clock once {@link #finish} returned: sound before the first keyframe dropped, a
     * late start padded with silence; null when not asked for.
     */
    AudioTrack audio() {
        if (audioRate == 0) {
            return null;
        }
        if (audioLength == 0) {
            return new AudioTrack(audioRate, new float[0]);
        }
        int lead = (int) Math.round((audioStart / 1e6 - originSeconds) * audioRate);
        float[] samples = new float[Math.max(0, audioLength + lead)];
        int from = Math.max(0, -lead);
        System.arraycopy(audio, from, samples, Math.max(0, lead), audioLength - from);
        return new AudioTrack(audioRate, samples);
    }

    private void run() {
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
        try {
            decode(grabber);
        } catch (IngestException e) {
            failure = e;
        } catch (FrameGrabber.Exception e) {
            failure = new IngestException(IngestException.Reason.TRUNCATED, "decoding failed part way: " + name, e);
        } catch (RuntimeException e) {
            failure = new IngestException(IngestException.Reason.NOT_A_VIDEO, "cannot decode " + name + ": " + e, e);
        } finally {
            try {
                grabber.release();
            } catch (FrameGrabber.Exception ignored) {
                // Nothing useful to do: the result (or the error) is already decided.
            }
            ready.add(END);
        }
    }

    private void decode(FFmpegFrameGrabber grabber) throws IngestException, FrameGrabber.Exception {
        grabber.setImageWidth(size);
        grabber.setImageHeight(size);
        grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
        if (audioRate > 0) {
            grabber.setSampleMode(FrameGrabber.SampleMode.FLOAT);
            grabber.setSampleRate(audioRate);
            grabber.setAudioChannels(1);
        }
        try {
            grabber.start();
        } catch (FrameGrabber.Exception e) {
            throw new IngestException(IngestException.Reason.NOT_A_VIDEO, "not a readable video: " + name, e);
        }
        AVStream stream = grabber.hasVideo() ? grabber.getFormatContext().streams(grabber.getVideoStream()) : null;
        if (stream == null || (stream.disposition() & avformat.AV_DISPOSITION_ATTACHED_PIC) != 0) {
            // A cover picture beside audio is not a video either.
            throw grabber.hasAudio()
                    ? new IngestException(IngestException.Reason.AUDIO_ONLY, "audio only, no video stream: " + name)
                    : new IngestException(IngestException.Reason.NO_VIDEO_STREAM, "no video stream: " + name);
        }
        checkDimensions(stream.codecpar().width(), stream.codecpar().height());
        int clockwiseTurns = clockwiseQuarterTurns(grabber.getDisplayRotation());
        double stored = stream.codecpar().width() / (double) stream.codecpar().height();
        aspect = clockwiseTurns % 2 == 0 ? stored : 1 / stored;
        declared = declaredSeconds(stream, grabber);
        if (declared > config.maxDurationSeconds()) {
            throw tooLong(declared);
        }
        sample(grabber, clockwiseTurns);
    }

    private void sample(FFmpegFrameGrabber grabber, int clockwiseTurns) throws IngestException, FrameGrabber.Exception {
        double period = config.samplePeriod();
        Sample shown = takeFree();
        long origin = 0;
        double shownAt = Double.NaN;
        double lastStep = 0;
        int nextGridPoint = 0;
        long frames = 0;
        Frame frame;
        // Without sound this is grabImage(): audio packets are read past, not decoded.
        while ((frame = grabber.grabFrame(audioRate > 0, true, true, false, false)) != null) {
            if (cancelled) {
                return;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw timeout();
            }
            if (frame.samples != null) {
                collect(frame);
                continue;
            }
            if (frame.image == null || frame.imageWidth <= 0) {
                continue;
            }
            frames++;
            if (Double.isNaN(shownAt)) {
                if (!frame.keyFrame) {
                    continue;
                }
                origin = frame.timestamp;
                originSeconds = origin / 1e6;
            } else {
                double t = (frame.timestamp - origin) / 1e6;
                if (t <= shownAt) {
                    continue; // a duplicate or out-of-order timestamp: keep the frame already shown
                }
                if (t > config.maxDurationSeconds()) {
                    throw tooLong(t);
                }
                lastStep = t - shownAt;
                int first = nextGridPoint;
                while (nextGridPoint * period < t) {
                    nextGridPoint++;
                }
                if (nextGridPoint > first) {
                    hand(shown, first, nextGridPoint - first);
                    progress.update(name, frames, t);
                    shown = takeFree();
                }
            }
            copyUpright(frame, shown.bgr, clockwiseTurns);
            shownAt = (frame.timestamp - origin) / 1e6;
        }
        if (Double.isNaN(shownAt)) {
            throw new IngestException(IngestException.Reason.NO_FRAMES, "no decodable frames: " + name);
        }
        // The last frame shows for as long as the one before it did (or one grid step for a single frame).
        duration = shownAt + (lastStep > 0 ? lastStep : period);
        int first = nextGridPoint;
        while (nextGridPoint * period < duration) {
            nextGridPoint++;
        }
        hand(shown, first, nextGridPoint - first);
        progress.update(name, frames, duration);
    }

    /** Appends an audio frame's samples, after silence for any jump in the stream's timestamps. */
    private void collect(Frame frame) throws IngestException {
        FloatBuffer samples = (FloatBuffer) frame.samples[0];
        int count = samples.remaining();
        if (audioLength == 0) {
            audioStart = frame.timestamp;
        }
        int at = (int) Math.min(Integer.MAX_VALUE, Math.round((frame.timestamp - audioStart) / 1e6 * audioRate));
        int start = at - audioLength > AUDIO_GAP_SECONDS * audioRate ? at : audioLength;
        if ((start + count) / (double) audioRate > config.maxDurationSeconds()) {
            throw tooLong((start + count) / (double) audioRate);
        }
        if (start + count > audio.length) {
            audio = Arrays.copyOf(audio, Math.max(start + count, audio.length * 2));
        }
        samples.get(samples.position(), audio, start, count);
        audioLength = start + count;
    }

    private void hand(Sample sample, int firstGridPoint, int gridPoints) {
        if (gridPoints == 0) {
            free.add(sample);
            return;
        }
        sample.firstGridPoint = firstGridPoint;
        sample.gridPoints = gridPoints;
        ready.add(sample);
    }

    /** A free buffer, waiting while the embedder catches up (the queue's back-pressure). */
    private Sample takeFree() throws IngestException {
        try {
            while (true) {
                Sample sample = free.poll(POLL_NANOS, TimeUnit.NANOSECONDS);
                if (sample != null) {
                    return sample;
                }
                if (cancelled || System.nanoTime() - deadline >= 0) {
                    throw timeout();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IngestException(IngestException.Reason.TIMEOUT, "interrupted while decoding " + name, e);
        }
    }

    private void checkDimensions(int width, int height) throws IngestException {
        if (width < MIN_SIDE || height < MIN_SIDE
                || Math.max(width, height) > MAX_ASPECT * Math.min(width, height)) {
            throw new IngestException(IngestException.Reason.BAD_DIMENSIONS, String.format(
                    "frames are %dx%d, not a usable picture (sides of at least %d px, aspect at most %.0f:1): %s",
                    width, height, MIN_SIDE, MAX_ASPECT, name));
        }
        if (Math.max(width, height) > config.maxSide()) {
            throw new IngestException(IngestException.Reason.RESOLUTION_TOO_HIGH, String.format(
                    "frames are %dx%d, the limit is %d px a side: %s", width, height, config.maxSide(), name));
        }
    }

    private IngestException tooLong(double seconds) {
        return new IngestException(IngestException.Reason.TOO_LONG, String.format(
                "video is %.0f s long, the limit is %.0f s: %s", seconds, config.maxDurationSeconds(), name));
    }

    /**
     * Quarter turns clockwise that show the picture upright. The display matrix's angle is counterclockwise
     * (as {@code ffmpeg -display_rotation} sets it), so a player turns the picture clockwise by minus it.
     */
    static int clockwiseQuarterTurns(double counterclockwiseDegrees) {
        if (Double.isNaN(counterclockwiseDegrees)) {
            return 0;
        }
        return Math.floorMod((int) Math.round(-counterclockwiseDegrees / 90.0), 4);
    }

    /**
     * Copies the square BGR frame into a packed buffer, dropping any row padding FFmpeg added and turning
     * it clockwise by {@code turns} quarter turns on the way.
     */
    private void copyUpright(Frame frame, byte[] target, int turns) {
        ByteBuffer pixels = (ByteBuffer) frame.image[0];
        int stride = frame.imageStride;
        int n = size;
        int rowBytes = n * 3;
        if (turns == 0) {
            for (int y = 0; y < n; y++) {
                pixels.get(y * stride, target, y * rowBytes, rowBytes);
            }
            return;
        }
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                // Source pixel shown at (x, y) after the turn.
                int sx;
                int sy;
                switch (turns) {
                    case 1 -> { sx = y; sy = n - 1 - x; }
                    case 2 -> { sx = n - 1 - x; sy = n - 1 - y; }
                    default -> { sx = n - 1 - y; sy = x; }
                }
                int s = sy * stride + sx * 3;
                int d = y * rowBytes + x * 3;
                target[d] = pixels.get(s);
                target[d + 1] = pixels.get(s + 1);
                target[d + 2] = pixels.get(s + 2);
            }
        }
    }

    /** The video stream's declared duration in seconds, the container's when the stream has none, or 0. */
    private IngestException timeout() {
        return new IngestException(IngestException.Reason.TIMEOUT, "gave up on " + name
                + ": the decode timeout passed");
    }

    private static double declaredSeconds(AVStream stream, FFmpegFrameGrabber grabber) {
        if (stream.duration() != avutil.AV_NOPTS_VALUE && stream.duration() > 0) {
            return stream.duration() * avutil.av_q2d(stream.time_base());
        }
        long micros = grabber.getLengthInTime();
        return micros > 0 ? micros / 1e6 : 0;
    }
}
